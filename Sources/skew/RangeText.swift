import Foundation
import OTPCore

/// `--range`, read the same way by every command: a whole number is steps (`10`), a number with a
/// unit is a duration (`90s`, `15m`, `1h`, `2d`, fractions allowed), which becomes steps of the
/// command's period rounded up, so that the range covers all of it.
enum RangeText {
    private enum Value {
        case steps(Int64)
        case seconds(Double)
    }

    private static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    /// Far beyond any range a command accepts, so that the arithmetic below cannot overflow.
    private static let largest = 1e15

    private static func parse(_ text: String, input: String) throws(UsageError) -> Value {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let steps = Int64(trimmed), steps >= 0, Double(steps) <= largest { return .steps(steps) }
        guard let last = trimmed.last, let unit = units[last], let value = Double(trimmed.dropLast()),
              value.isFinite, value >= 0, value * unit <= largest else {
            throw UsageError(input: input, problem: "'\(text)' is neither a number of steps nor a duration",
                             fix: "give steps (10) or a duration with s, m, h or d (90s, 15m, 1h, 2d)")
        }
        return .seconds(value * unit)
    }

    /// The radius in steps of `period` seconds.
    static func steps(_ text: String, period: Int, input: String = "--range") throws(UsageError) -> Int64 {
        switch try parse(text, input: input) {
        case .steps(let steps): return steps
        case .seconds(let seconds): return Int64((seconds / Double(period)).rounded(.up))
        }
    }

    /// The radius in seconds: steps × `period`, or the duration as given.
    static func seconds(_ text: String, period: Int, input: String = "--range") throws(UsageError) -> Double {
        switch try parse(text, input: input) {
        case .steps(let steps): return Double(steps) * Double(period)
        case .seconds(let seconds): return seconds
        }
    }
}
