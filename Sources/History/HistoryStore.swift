/// The measurement history: every offset measurement and every sync, kept across runs so drift
/// becomes a rate. Two stores keep it: `SQLiteHistoryStore`, a file of one station's own, and
/// `PostgresHistoryStore`, one database that many stations share; `HistoryLocation` opens the one
/// a path or URL names. Both give the same answers to the same calls (the history tests run every
/// test against both).
///
/// The calls block until the store has answered: the commands that use them are synchronous, and a
/// token's authentication asks for the tries left in the middle of a session (docs/design.md,
/// "History").
public protocol HistoryStore: AnyObject, Sendable {
    /// Where the history is, as reports show it: the file path, or the URL (it never holds a password).
    var location: String { get }

    /// Stores a new event and returns it with the store's own `id` (any `id` it came with is not
    /// kept); an event whose `uid` the store holds is refused (`.alreadyRecorded`).
    @discardableResult
    func record(_ event: HistoryEvent) throws(HistoryFailure) -> HistoryEvent

    /// Stores many events in one transaction (a generated or imported history): all or none.
    func record(_ events: [HistoryEvent]) throws(HistoryFailure)

    /// Stores, in one transaction, the events whose `uid` the store does not hold yet, and returns
    /// how many that were: copying the same events twice adds nothing the second time.
    @discardableResult
    func recordMissing(_ events: [HistoryEvent]) throws(HistoryFailure) -> Int

    /// Events oldest first (by time, then by id), for one token or all.
    func events(token: String?) throws(HistoryFailure) -> [HistoryEvent]

    /// Every token with at least one event, sorted.
    func tokens() throws(HistoryFailure) -> [String]

    /// Takes a measurement out of every fit, keeping it and the reason; a nil reason puts it back.
    /// Throws `.unknownMeasurement` for an id the store does not hold or that is a sync.
    @discardableResult
    func exclude(id: Int64, reason: String?) throws(HistoryFailure) -> HistoryEvent

    /// What a drift fit uses, for every token in one read: the whole fleet at once, tokens sorted.
    func sinceLastSyncOfEveryToken() throws(HistoryFailure) -> [HistorySplit]

    /// Records the tries a refused authentication left (nil: the token did not say).
    func recordTriesLeft(token: String, triesLeft: Int?, time: Double) throws(HistoryFailure)

    /// Forgets the count after a successful authentication (which restores the counter).
    func clearTriesLeft(token: String) throws(HistoryFailure)

    /// The last count of tries left recorded for a token: nil when none was, 0 when a refusal did
    /// not say (the worst that can be assumed).
    func lastTriesLeft(token: String) throws(HistoryFailure) -> Int?

    /// Every tries-left count with when it was seen, sorted by token: what `skew history copy` moves.
    func triesLeftRecords() throws(HistoryFailure) -> [TriesLeftRecord]
}

/// The last count of tries left seen for one token's key, and when (Unix seconds).
public struct TriesLeftRecord: Sendable, Equatable {
    public var token: String
    /// nil: the token refused without saying how many tries were left.
    public var triesLeft: Int?
    public var seen: Double

    public init(token: String, triesLeft: Int?, seen: Double) {
        self.token = token
        self.triesLeft = triesLeft
        self.seen = seen
    }
}

extension HistoryStore {
    /// Every event of every token, oldest first.
    public func events() throws(HistoryFailure) -> [HistoryEvent] { try events(token: nil) }

    /// Throws `.unknownToken` (listing the tokens there are) when the history holds nothing for `token`.
    public func requireToken(_ token: String) throws(HistoryFailure) {
        let known = try tokens()
        guard known.contains(token) else { throw .unknownToken(token: token, location: location, known: known) }
    }

    /// The last sync of `token` (if any) and the measurements after it: what a drift fit uses
    /// (measurements a person excluded are left out).
    public func sinceLastSync(token: String) throws(HistoryFailure) -> HistorySplit {
        HistorySplit(token: token, events: try events(token: token))
    }
}
