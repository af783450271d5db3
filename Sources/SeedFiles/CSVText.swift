import Foundation
import OTPCore

/// RFC 4180 CSV as seed files use it: comma-separated fields, double quotes around fields holding
/// commas, quotes or line breaks, CRLF or LF line ends.
public enum CSVText {
    /// The records of `text` with the line each starts on; blank lines are skipped.
    public static func records(_ text: String, input: String) throws(InputError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character == "\"" {
                    if index < characters.count, characters[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\n", "\r\n", "\r":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                field = ""
                afterQuote = false
                line += 1
                recordLine = line
            default:
                guard !afterQuote else {
                    throw InputError(input: "\(input) line \(line)", problem: "text follows a closing quote",
                                     fix: "write a quote inside a quoted field as two quotes (\"\")")
                }
                field.append(character)
            }
        }
        if quoted {
            throw InputError(input: "\(input) line \(recordLine)", problem: "a quoted field is never closed",
                             fix: "add the missing closing quote")
        }
        return records
    }

    /// One record, fields quoted where RFC 4180 needs it, ended by CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
