/// The tabular face of a result: what the terminal table and the CSV show.
///
/// `summary` lines head the terminal table (CSV carries only the rows); `marked` rows are
/// highlighted in the table (the current step, a match).
public struct ReportTable: Sendable {
    public var title: String
    public var summary: [(label: String, value: String)]
    public var columns: [String]
    public var rows: [[String]]
    public var marked: Set<Int>
    public var notes: [String]

    public init(title: String, summary: [(label: String, value: String)] = [], columns: [String],
                rows: [[String]], marked: Set<Int> = [], notes: [String] = []) {
        self.title = title
        self.summary = summary
        self.columns = columns
        self.rows = rows
        self.marked = marked
        self.notes = notes
    }
}

/// A command's result: Encodable for JSON, with a table for the terminal and CSV, and optionally
/// its own HTML page (reports whose picture says more than the table).
public protocol Report: Encodable {
    var table: ReportTable { get }
    /// The command name, used to name files under `reports/` and the JSON document's schema.
    var command: String { get }
    /// The version of this report's JSON layout: raised whenever a field is renamed, removed or
    /// changes meaning, so consumers can refuse a layout they do not know.
    var schemaVersion: Int { get }
    /// True when the report carries a secret the person asked to see: files holding it are written
    /// readable by their owner only (0600).
    var holdsSecrets: Bool { get }
    func html() -> String?
}

extension Report {
    public var holdsSecrets: Bool { false }
    public func html() -> String? { nil }
    public var schemaVersion: Int { 1 }
}
