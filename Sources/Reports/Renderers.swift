import Foundation

/// Turns a `Report` into the bytes of one format.
public enum Renderer {
    public static func render(_ report: some Report, as format: ReportFormat) throws -> String {
        switch format {
        case .table: return table(report.table)
        case .csv: return csv(report.table)
        case .json: return try json(report)
        case .html: return report.html() ?? HTMLPage.table(report.table)
        }
    }

    /// JSON with sorted keys, so reports diff cleanly.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// RFC 4180 CSV: a header row, then the rows; fields with commas, quotes or newlines are quoted.
    /// Text a spreadsheet would run as a formula is neutralised first.
    public static func csv(_ table: ReportTable) -> String {
        ([table.columns] + table.rows).map { $0.map { csvField(inert($0)) }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets
    /// skip before looking) is a formula to Excel, LibreOffice and Google Sheets: a QR label such as
    /// `=HYPERLINK(…)` would run when the report is opened. Such cells get a leading apostrophe, which
    /// spreadsheets show as text; plain numbers (`-3`, `+0.25`, `-1.5e-05`) are left as numbers.
    static func inert(_ cell: String) -> String {
        guard let first = cell.first, "=+-@\t\r".contains(first) else { return cell }
        let isNumber = Double(cell)?.isFinite == true && cell.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        return isNumber ? cell : "'" + cell
    }

    /// Only decimals and Swift's exponent form for small values (`1.6e-05`) are shortened: hex
    /// fingerprints such as `12e45678` also parse as numbers and must stay as they are.
    private static func shortenedNumber(_ cell: String) -> String {
        guard let value = Double(cell), value.isFinite,
              cell.allSatisfy({ $0.isASCII && ($0.isNumber || "-.e".contains($0)) }) else { return cell }
        if cell.contains("e") { return cell.contains("e-") ? String(value, decimals: 6) : cell }
        let decimals = cell.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        return decimals > 6 ? String(value, decimals: 6) : cell
    }

    private static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain-text table with aligned columns; marked rows get a `▶` in the margin. Numbers with
    /// more than six decimals (or in exponent form) show six, a microsecond for seconds: CSV and
    /// JSON keep every digit.
    public static func table(_ table: ReportTable) -> String {
        var table = table
        table.rows = table.rows.map { $0.map(shortenedNumber) }
        var lines: [String] = []
        if !table.title.isEmpty { lines.append(table.title) }
        let labelWidth = table.summary.map { $0.label.count }.max() ?? 0
        for (label, value) in table.summary {
            lines.append("  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + value)
        }
        if !table.rows.isEmpty {
            if !lines.isEmpty { lines.append("") }
            var widths = table.columns.map(\.count)
            for row in table.rows {
                for (index, cell) in row.enumerated() where index < widths.count {
                    widths[index] = max(widths[index], cell.count)
                }
            }
            func line(_ cells: [String], marker: String) -> String {
                let padded = cells.enumerated().map { index, cell in
                    index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }
                return marker + padded.joined(separator: "  ")
            }
            lines.append(line(table.columns, marker: "  "))
            lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for (index, row) in table.rows.enumerated() {
                lines.append(line(row, marker: table.marked.contains(index) ? "▶ " : "  "))
            }
        }
        if !table.notes.isEmpty {
            lines.append("")
            lines.append(contentsOf: table.notes)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
