import Foundation

/// Parses the times people give on the command line: Unix seconds (optionally with a fraction or a
/// leading `@`) or ISO 8601 (`2026-11-29T08:00:00Z`, with or without fractional seconds or offset).
///
/// Dates are read and written in the proleptic Gregorian calendar of ISO 8601 for every year:
/// Foundation's formatters switch to the Julian calendar before 15 October 1582, which put
/// 0001-01-01 two days away from where ISO 8601 (and every Unix tool) has it.
public enum Timestamp {
    /// 9999-12-31T23:59:59Z: beyond it ISO 8601 needs five-digit years, and step arithmetic on
    /// such times could overflow.
    public static let latest = 253_402_300_799.0

    public static func parse(_ text: String, input: String = "time") throws(InputError) -> Double {
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
        if let seconds = try parseISO(trimmed, input: input) { return seconds }
        if !trimmed.isEmpty, trimmed.contains("T"), !trimmed.hasSuffix("Z"),
           trimmed.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) == nil {
            throw InputError(input: input, problem: "'\(trimmed)' has no time zone",
                             fix: "add Z for UTC (for example 2026-11-29T08:00:00Z) or an offset such as +01:00")
        }
        throw InputError(input: input, problem: "'\(trimmed)' is not a time",
                         fix: "give Unix seconds (1700000000) or ISO 8601 UTC (2023-11-14T22:13:20Z)")
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)` as Unix seconds; nil when the text does not
    /// have that layout. Fields out of range (30 February, an offset of +25:00) are refused, never
    /// rolled over into a neighbouring day.
    private static func parseISO(_ text: String, input: String) throws(InputError) -> Double? {
        let layout = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|([+-])(\d{2}):?(\d{2}))/
        guard text.allSatisfy(\.isASCII), let match = text.wholeMatch(of: layout) else { return nil }
        let field = { (digits: Substring) in Int(digits)! }
        let (year, month, day) = (field(match.1), field(match.2), field(match.3))
        let (hour, minute, second) = (field(match.4), field(match.5), field(match.6))
        let monthLengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        // A leap second (:60) is allowed and counts as the first second of the next minute.
        guard (1...12).contains(month), (1...monthLengths[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else {
            throw InputError(input: input, problem: "'\(text)' is not a real date and time",
                             fix: "check the day of the month and the time (for example 2026-02-28T10:00:00Z)")
        }
        var offset = 0
        if let sign = match.8, let offsetHours = match.9, let offsetMinutes = match.10 {
            let (hours, minutes) = (field(offsetHours), field(offsetMinutes))
            guard hours < 24, minutes < 60 else {
                throw InputError(input: input, problem: "'\(text)' has the offset \(sign)\(offsetHours):\(offsetMinutes), which is not a UTC offset",
                                 fix: "offsets run from -23:59 to +23:59 with minutes below 60 (for example +01:00 or -09:30)")
            }
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        let fraction = match.7.map { Double("0" + $0)! } ?? 0
        let whole = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(whole) + fraction
    }

    /// UTC ISO 8601 with whole seconds, the format every report uses.
    public static func iso(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        return civilText(days: whole.floorDivided(by: 86_400), secondOfDay: whole.floorModulo(86_400)) + "Z"
    }

    /// UTC ISO 8601 with milliseconds (rounded to the nearest), for measurements below a second.
    public static func isoMilliseconds(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let whole = milliseconds.floorDivided(by: 1000)
        let fraction = String(milliseconds.floorModulo(1000))
        return civilText(days: whole.floorDivided(by: 86_400), secondOfDay: whole.floorModulo(86_400))
            + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DDTHH:MM:SS` for a day count since 1970-01-01 (the inverse of `daysFromCivil`).
    /// Years before 0 (1 BC) take a minus sign, as ISO 8601's expanded years do.
    private static func civilText(days: Int, secondOfDay: Int) -> String {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return (year < 0 ? "-" : "") + padded(abs(year), 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
            + "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":" + padded(secondOfDay % 60, 2)
    }
}

extension Int {
    /// Division rounding toward minus infinity, so times before 1970 fall on the right day.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    func floorModulo(_ divisor: Int) -> Int { self - floorDivided(by: divisor) * divisor }
}
