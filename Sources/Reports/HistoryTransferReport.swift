/// `skew history copy` and `skew history flush`: events moved from one history (or the spool) to
/// another, told apart by their identity (`uid`): those the destination did not hold were added,
/// the rest it held already and were skipped, so a second run adds nothing.
public struct HistoryTransferReport: Report {
    public let command: String
    /// Where the events came from: a path, a URL without its password, or the spool file.
    public var source: String
    public var destination: String
    public var eventsRead: Int
    public var eventsAdded: Int
    /// Events the destination already held (the same `uid`): not written again.
    public var eventsAlreadyThere: Int
    /// Copy only: tries-left counts written because the destination had none for the token or an
    /// older one, and those it had as new or newer (the spool keeps events only).
    public var triesLeftAdded: Int?
    public var triesLeftAlreadyThere: Int?
    public var notes: [String]

    /// A copy between two histories.
    public static func copy(from source: String, to destination: String, read: Int, added: Int, triesAdded: Int, triesRead: Int,
                            notes: [String] = []) -> HistoryTransferReport {
        HistoryTransferReport(command: "history-copy", source: source, destination: destination, eventsRead: read, eventsAdded: added,
                              eventsAlreadyThere: read - added, triesLeftAdded: triesAdded, triesLeftAlreadyThere: triesRead - triesAdded,
                              notes: notes)
    }

    /// A flush of the spool into the history its events were kept for.
    public static func flush(spool: String, to destination: String, read: Int, added: Int, notes: [String]) -> HistoryTransferReport {
        HistoryTransferReport(command: "history-flush", source: spool, destination: destination, eventsRead: read, eventsAdded: added,
                              eventsAlreadyThere: read - added, triesLeftAdded: nil, triesLeftAlreadyThere: nil, notes: notes)
    }

    private enum CodingKeys: String, CodingKey {
        case source, destination, eventsRead, eventsAdded, eventsAlreadyThere, triesLeftAdded, triesLeftAlreadyThere, notes
    }

    public var table: ReportTable {
        ReportTable(
            title: command == "history-copy" ? "History copy" : "History flush",
            summary: [("from", source), ("to", destination)],
            columns: ["", "read", "added", "already there"],
            rows: [["events", String(eventsRead), String(eventsAdded), String(eventsAlreadyThere)]]
                + (triesLeftAdded.map { added in
                    let there = triesLeftAlreadyThere ?? 0
                    return [["tries-left counts", String(added + there), String(added), String(there)]]
                } ?? []),
            notes: notes)
    }
}
