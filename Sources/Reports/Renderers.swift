import Foundation

/// Turns a `Report` into the bytes of one format.
public enum Renderer {
    /// `width` is the terminal's, for tables shown on one; nil never wraps.
    public static func render(_ report: some Report, as format: ReportFormat, width: Int? = nil) throws -> String {
        switch format {
        case .table: return table(report.table, width: width)
        case .csv: return csv(report.table)
        case .json: return try json(report)
        case .html: return report.html() ?? HTMLPage.table(report.table)
        }
    }

    /// A report as a JSON document: its own fields plus `schema` (which document and which version
    /// of its layout) and `tool` (the skew that wrote it), with sorted keys so reports diff cleanly.
    public static func json(_ report: some Report) throws -> String {
        try encode(StampedReport(report: report))
    }

    /// The one place reports become JSON. Keys are snake_case by this setting (`secondsLeft` →
    /// `seconds_left`), so a report names its fields in Swift and writes no CodingKeys except where a
    /// JSON name genuinely differs from its property, or to leave a property out.
    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
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
    /// fingerprints such as `12e45678` also parse as numbers and must stay as they are. A value too
    /// small to show at six decimals (a chance probability of `3.2e-09`) keeps three significant
    /// digits in exponent form instead of becoming 0.000000.
    private static func shortenedNumber(_ cell: String) -> String {
        guard let value = Double(cell), value.isFinite,
              cell.allSatisfy({ $0.isASCII && ($0.isNumber || "-.e".contains($0)) }) else { return cell }
        if cell.contains("e") {
            guard cell.contains("e-") else { return cell }
            return value.magnitude < 5e-7 ? String(value.rounded(toSignificant: 3)) : String(value, decimals: 6)
        }
        let decimals = cell.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        return decimals > 6 ? String(value, decimals: 6) : cell
    }

    private static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain-text table with aligned columns; marked rows get a `▶` in the margin. Numbers with
    /// more than six decimals (or in exponent form) show six, a microsecond for seconds: CSV and
    /// JSON keep every digit. With a `width` (a terminal's columns) text is wrapped to fit it: the
    /// widest text columns narrow first, numbers are never broken, and a row whose cells wrap takes
    /// several lines. Without one (output to a pipe or file) nothing is cut or wrapped.
    public static func table(_ table: ReportTable, width: Int? = nil) -> String {
        var table = table
        table.rows = table.rows.map { $0.map(shortenedNumber) }
        let limit = width ?? Int.max
        var lines: [String] = []
        if !table.title.isEmpty { lines += DisplayWidth.wrapped(table.title, width: limit) }
        lines += labelled(table.summary, limit: limit)
        if !table.rows.isEmpty {
            if !lines.isEmpty { lines.append("") }
            if let widths = columnWidths(table, limit: limit) {
                lines += columns(table, widths: widths)
            } else {
                lines += records(table, limit: limit)
            }
        }
        if !table.notes.isEmpty {
            lines.append("")
            lines += table.notes.flatMap { DisplayWidth.wrapped($0, width: limit) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows as aligned columns of these widths; a row whose cells wrap takes several lines.
    private static func columns(_ table: ReportTable, widths: [Int]) -> [String] {
        func physicalLines(_ cells: [String], marker: String) -> [String] {
            let wrapped = cells.enumerated().map { index, cell in
                index < widths.count ? DisplayWidth.wrapped(cell, width: widths[index]) : [cell]
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                let padded = wrapped.enumerated().map { index, cellLines in
                    let text = line < cellLines.count ? cellLines[line] : ""
                    return index == wrapped.count - 1 ? text : DisplayWidth.padded(text, to: widths[index])
                }
                return (line == 0 ? marker : "  ") + padded.joined(separator: "  ")
            }
        }
        var lines = physicalLines(table.columns, marker: "  ")
        lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for (index, row) in table.rows.enumerated() {
            lines += physicalLines(row, marker: table.marked.contains(index) ? "▶ " : "  ")
        }
        return lines
    }

    /// The rows as records, one `column  value` line per cell, for a terminal too narrow for the
    /// columns side by side (as psql's expanded display does); values wrap under themselves.
    private static func records(_ table: ReportTable, limit: Int) -> [String] {
        var lines: [String] = []
        for (index, row) in table.rows.enumerated() {
            if index > 0 { lines.append("") }
            lines.append((table.marked.contains(index) ? "▶ " : "  ") + "[\(index + 1)]")
            lines += labelled(Array(zip(table.columns, row)), limit: limit)
        }
        return lines
    }

    /// `label  value` lines, values aligned after the widest label and wrapped under themselves.
    /// When the labels leave a value under 20 columns, each label takes its own line(s) and its
    /// value goes under it, indented, so no line passes `limit`.
    private static func labelled(_ pairs: [(label: String, value: String)], limit: Int) -> [String] {
        let labelWidth = pairs.map { DisplayWidth.of($0.label) }.max() ?? 0
        let indent = String(repeating: " ", count: labelWidth + 4)
        guard limit - indent.count >= 20 else {
            return pairs.flatMap { label, value in
                DisplayWidth.wrapped(label, width: limit - 2).map { "  " + $0 }
                    + DisplayWidth.wrapped(value, width: limit - 4).map { "    " + $0 }
            }
        }
        return pairs.flatMap { label, value in
            let valueLines = DisplayWidth.wrapped(value, width: limit - indent.count)
            return ["  " + DisplayWidth.padded(label, to: labelWidth) + "  " + valueLines[0]] + valueLines.dropFirst().map { indent + $0 }
        }
    }

    /// Each column's width: its widest cell, then, while the row is wider than `limit`, the widest
    /// column holding text gives up a column at a time, down to 8 or its header's longest word
    /// (columns of numbers keep theirs). Nil when even that is too wide: the caller shows records.
    private static func columnWidths(_ table: ReportTable, limit: Int) -> [Int]? {
        var widths = table.columns.map { DisplayWidth.of($0) }
        var holdsText = table.columns.map { _ in false }
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
                if Double(cell) == nil && !cell.isEmpty { holdsText[index] = true }
            }
        }
        let floors = zip(table.columns, widths).map { header, width in
            min(width, max(8, header.split(separator: " ").map { DisplayWidth.of(String($0)) }.max() ?? 0))
        }
        let available = limit - 2 - 2 * max(0, widths.count - 1)
        while widths.reduce(0, +) > available {
            guard let widest = widths.indices.filter({ holdsText[$0] && widths[$0] > floors[$0] })
                .max(by: { widths[$0] < widths[$1] }) else { return nil }
            widths[widest] -= 1
        }
        return widths
    }
}
