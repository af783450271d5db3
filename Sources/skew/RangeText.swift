import Foundation
import OTPCore

/// `--range`, read the same way by every command: a whole number is steps (`10`), a number with a
/// unit is a duration (`90s`, `15m`, `1h`, `2d`, fractions allowed; the units of DurationText),
/// which becomes steps of the command's period rounded up, so that the range covers all of it.
enum RangeText {
    private enum Value {
        case steps(Int64)
        case seconds(Double)
    }

    /// Far beyond any range a command accepts, so that the arithmetic below cannot overflow.
    private static let largest = 1e15

    private static func parse(_ text: String, input: String) throws(UsageError) -> Value {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let steps = Int64(trimmed), steps >= 0, Double(steps) <= largest { return .steps(steps) }
        guard let (value, unit) = DurationText.parse(trimmed), let unit, value * unit <= largest else {
            throw UsageError(input: input, problem: "'\(text)' is neither a number of steps nor a duration",
                             fix: "give steps (10) or a duration with s, m, h or d (90s, 15m, 1h, 2d)")
        }
        return .seconds(value * unit)
    }

    /// The radius in steps of `period` seconds.
    static func steps(_ text: String, period: Int, input: String = "--range") throws(UsageError) -> Int64 {
        switch try parse(text, input: input) {
        case .steps(let steps): return steps
        case .seconds(let seconds): return covering(seconds, period: period)
        }
    }

    /// The radius in steps, asking for the period only when a duration was given (finding it may
    /// mean reading a secret that plain steps do not need).
    static func steps(_ text: String, input: String = "--range", period: () throws -> Int) throws -> Int64 {
        switch try parse(text, input: input) {
        case .steps(let steps): return steps
        case .seconds(let seconds): return covering(seconds, period: try period())
        }
    }

    /// Whole steps of `period` that cover `seconds`.
    private static func covering(_ seconds: Double, period: Int) -> Int64 { Int64((seconds / Double(period)).rounded(.up)) }

    /// The radius in seconds: steps × `period`, or the duration as given.
    static func seconds(_ text: String, period: Int, input: String = "--range") throws(UsageError) -> Double {
        switch try parse(text, input: input) {
        case .steps(let steps): return Double(steps) * Double(period)
        case .seconds(let seconds): return seconds
        }
    }
}
