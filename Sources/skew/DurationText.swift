import Foundation
import OTPCore

/// Durations people type for spans of calendar time (`--soon 30d`, `--within 90d`): `90`, `90s`,
/// `15m`, `12h`, `1d`. (`--range` is different: a plain number there is steps, see RangeText.)
enum DurationText {
    static func seconds(_ text: String, input: String) throws(UsageError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(trimmed)
        var unit = 1.0
        if let last = trimmed.last, let scale = units[last] {
            unit = scale
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * unit <= 366 * 86_400 else {
            throw UsageError(input: input, problem: "'\(text)' is not a duration up to 366 days",
                             fix: "give seconds (3600) or a number with s, m, h or d (such as 1d)")
        }
        return value * unit
    }
}
