import Foundation
import OTPCore

/// Durations people type: a number with an optional unit, `90`, `90s`, `15m`, `12h`, `1d`
/// (fractions allowed). `--soon` and `--within` read them as seconds; `--range` reads the same
/// units but takes a plain number as steps (RangeText).
enum DurationText {
    private static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// The number and the seconds its unit stands for (nil without a unit), or nil when the text is
    /// not a finite, non-negative number with at most one of the units.
    static func parse(_ text: String) -> (value: Double, unit: Double?)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var number = Substring(trimmed)
        var unit: Double?
        if let last = trimmed.last, let scale = units[last] {
            unit = scale
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        return (value, unit)
    }

    /// Seconds, up to 366 days; a plain number is seconds.
    static func seconds(_ text: String, input: String) throws(UsageError) -> Double {
        guard let (value, unit) = parse(text), value * (unit ?? 1) <= 366 * 86_400 else {
            throw UsageError(input: input, problem: "'\(text)' is not a duration up to 366 days",
                             fix: "give seconds (3600) or a number with s, m, h or d (such as 1d)")
        }
        return value * (unit ?? 1)
    }
}
