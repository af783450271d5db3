import ArgumentParser
import History
import Reports

/// `skew history`: moving events between histories (a station's file and the shared database) and
/// out of the local spool.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Copy a history into another (SQLite file or PostgreSQL database), flush kept measurements.",
        subcommands: [HistoryCopyCommand.self, HistoryFlushCommand.self])

    /// Events per transaction: a copy cut short keeps what earlier batches wrote, and a rerun
    /// skips it.
    static let batch = 5_000
}

struct HistoryCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every event and tries-left count of one history into another; a rerun adds nothing.",
        discussion: """
            FROM and TO are each an SQLite file or a postgres:// URL (the password from ~/.pgpass, PGPASSFILE or \
            PGPASSWORD). An event is known by its identity, so one the destination already holds (copied before, \
            or arrived through another copy) is skipped; exclusions travel with their events. A tries-left count \
            is copied when the destination has none for the token or an older one. FROM is migrated when it \
            predates identities (each event gets its identity once, so later copies recognise it). TO is \
            created when it is a missing file.

            Examples:
              skew history copy desk.sqlite postgres://skew@db/skew
              skew history copy postgres://skew@db/skew laptop.sqlite -f json
            """)

    @Argument(help: "The history to copy from (a path or a postgres:// URL).")
    var from: String

    @Argument(help: "The history to copy into (a path or a postgres:// URL).")
    var to: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let source = try HistoryLocation(from).openForUpdating()
        let destination = try HistoryLocation(to).openForRecording()
        guard source.location != destination.location else {
            throw UsageError(input: "\(from) \(to)", problem: "both name the same history", fix: "give two different histories")
        }
        let events = try source.events()
        var added = 0
        for start in stride(from: 0, to: events.count, by: HistoryCommand.batch) {
            added += try destination.recordMissing(Array(events[start..<min(start + HistoryCommand.batch, events.count)]))
        }
        let tries = try source.triesLeftRecords()
        let held = Dictionary(try destination.triesLeftRecords().map { ($0.token, $0.seen) }) { first, _ in first }
        var triesAdded = 0
        for record in tries where held[record.token].map({ $0 < record.seen }) ?? true {
            try destination.recordTriesLeft(token: record.token, triesLeft: record.triesLeft, time: record.seen)
            triesAdded += 1
        }
        try output.emit(HistoryTransferReport.copy(from: source.location, to: destination.location, read: events.count, added: added,
                                                   triesAdded: triesAdded, triesRead: tries.count))
    }
}

struct HistoryFlushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Write the measurements and syncs kept while the shared history was unavailable.",
        discussion: """
            When a PostgreSQL history cannot be written (server down, database locked or read-only), skew keeps \
            the event in pending.sqlite beside the default history and exits 69. This writes the events kept for \
            the history --history (or SKEW_HISTORY) names and removes from the spool only those the database \
            confirmed it holds; an event that reached the database before the link broke is recognised by its \
            identity and not stored twice. Events kept for other histories stay and are listed.

            Examples:
              skew history flush --history postgres://skew@db/skew
            """)

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let spool = try HistorySpool()
        let location = try historyOptions.location()
        let store = try location.openForRecording()
        var read = 0, added = 0
        while case let events = try spool.pending(for: location.description, limit: HistoryCommand.batch), !events.isEmpty {
            added += try store.recordMissing(events)
            try spool.remove(uids: events.map(\.uid))
            read += events.count
        }
        let others = try spool.counts().filter { $0.key != location.description }.sorted { $0.key < $1.key }
        try output.emit(HistoryTransferReport.flush(
            spool: spool.path, to: location.description, read: read, added: added,
            notes: others.map { "\($0.value) more kept for \($0.key): flush them with --history \($0.key)" }))
    }
}
