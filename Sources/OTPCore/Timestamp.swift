import Foundation

/// Parses the times people give on the command line: Unix seconds (optionally with a fraction or a
/// leading `@`) or ISO 8601 (`2026-11-29T08:00:00Z`, with or without fractional seconds or offset).
public enum Timestamp {
    /// 9999-12-31T23:59:59Z: beyond it ISO 8601 needs five-digit years, and step arithmetic on
    /// such times could overflow.
    public static let latest = 253_402_300_799.0

    public static func parse(_ text: String, input: String = "--at") throws(InputError) -> Double {
        let seconds = try parseUnchecked(text, input: input)
        guard abs(seconds) <= latest else {
            throw InputError(input: input, problem: "'\(text.trimmingWhitespace())' is beyond the year 9999",
                             fix: "give a time between -253402300799 and 253402300799 (9999-12-31T23:59:59Z)")
        }
        return seconds
    }

    private static func parseUnchecked(_ text: String, input: String) throws(InputError) -> Double {
        let trimmed = text.trimmingWhitespace()
        let numeric = trimmed.hasPrefix("@") ? String(trimmed.dropFirst()) : trimmed
        if let seconds = Double(numeric), seconds.isFinite,
           numeric.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) {
            return seconds
        }
        // Dates start with a four-digit year and a dash; anything else skips the (slow) formatters.
        let looksLikeDate = trimmed.count >= 10 && trimmed.prefix(4).allSatisfy(\.isASCII) && trimmed.prefix(4).allSatisfy(\.isNumber)
            && trimmed.dropFirst(4).first == "-"
        for options in looksLikeDate ? [ISO8601DateFormatter.Options.withInternetDateTime,
                        [.withInternetDateTime, .withFractionalSeconds]] : [] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) {
                // The formatter rolls impossible dates over (30 February becomes 2 March); refuse them.
                try checkCalendarFields(trimmed, input: input)
                return date.timeIntervalSince1970
            }
        }
        if !trimmed.isEmpty, trimmed.contains("T"), !trimmed.hasSuffix("Z"),
           trimmed.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) == nil {
            throw InputError(input: input, problem: "'\(trimmed)' has no time zone",
                             fix: "add Z for UTC (for example 2026-11-29T08:00:00Z) or an offset such as +01:00")
        }
        throw InputError(input: input, problem: "'\(trimmed)' is not a time",
                         fix: "give Unix seconds (1700000000) or ISO 8601 UTC (2023-11-14T22:13:20Z)")
    }

    /// Day within its month, hour, minute and second within their ranges (a leap second allowed).
    private static func checkCalendarFields(_ text: String, input: String) throws(InputError) {
        // The formatter also lets through control characters inside the fields (found by fuzzing),
        // so the layout itself is checked before the fields are read as digits.
        let layout = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/
        guard text.wholeMatch(of: layout) != nil, text.allSatisfy(\.isASCII) else {
            throw InputError(input: input, problem: "'\(text.filter { $0.isASCII && !$0.isNewline && $0.asciiValue! >= 0x20 })' is not an ISO 8601 time",
                             fix: "write it as 2026-11-29T08:00:00Z (or with an offset such as +01:00)")
        }
        let digits = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int {
            digits[start..<(start + count)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2), second = number(17, 2)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...monthLengths[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else {
            throw InputError(input: input, problem: "'\(text)' is not a real date and time",
                             fix: "check the day of the month and the time (for example 2026-02-28T10:00:00Z)")
        }
    }

    /// UTC ISO 8601 with whole seconds, the format every report uses.
    public static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    /// UTC ISO 8601 with milliseconds, for measurements below a second.
    public static func isoMilliseconds(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
