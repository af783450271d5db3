import Foundation

/// Parses the times people give on the command line: Unix seconds (optionally with a fraction or a
/// leading `@`) or ISO 8601 (`2026-11-29T08:00:00Z`, with or without fractional seconds or offset).
public enum Timestamp {
    public static func parse(_ text: String, input: String = "--at") throws(InputError) -> Double {
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
            if let date = formatter.date(from: trimmed) { return date.timeIntervalSince1970 }
        }
        if !trimmed.isEmpty, trimmed.contains("T"), !trimmed.hasSuffix("Z"),
           trimmed.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) == nil {
            throw InputError(input: input, problem: "'\(trimmed)' has no time zone",
                             fix: "add Z for UTC (for example 2026-11-29T08:00:00Z) or an offset such as +01:00")
        }
        throw InputError(input: input, problem: "'\(trimmed)' is not a time",
                         fix: "give Unix seconds (1700000000) or ISO 8601 UTC (2023-11-14T22:13:20Z)")
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
