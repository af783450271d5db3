/// The output formats every command offers.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, json, csv, html

    /// File extension for `--report` and format inference from `--output`.
    public var fileExtension: String { rawValue == "table" ? "txt" : rawValue }

    /// The format a file name implies, if any (`out.json` → json).
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "html", "htm": self = .html
        case "txt": self = .table
        default: return nil
        }
    }
}
