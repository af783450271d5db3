/// A shared history that keeps, in a local `HistorySpool`, the events it cannot take.
///
/// The events are made by measuring a token or writing its clock, which cannot be done again for
/// the same moment: when the shared database cannot be opened or written because it is down,
/// locked or read-only, the events go to the spool and the call throws `.keptForLater`, naming
/// the cause and the spool. Reads and the other failures (a refused login, a newer schema) pass
/// through unchanged: nothing is kept when the fault is not one that time mends.
public final class SpoolingHistoryStore: HistoryStore {
    public let location: String
    private let shared: Result<any HistoryStore, HistoryFailure>
    private let spoolPath: String

    /// `open` is tried at once. A failure that time mends is kept and met by the first call that
    /// needs the store (a write then goes to the spool); any other (a path that cannot hold a
    /// database, a refused login, a newer schema) is thrown here, so that a command stops before it
    /// measures or writes anything.
    public init(location: String, spool spoolPath: String = HistorySpool.defaultPath(),
                open: () throws(HistoryFailure) -> any HistoryStore) throws(HistoryFailure) {
        self.location = location
        self.spoolPath = spoolPath
        do throws(HistoryFailure) {
            shared = .success(try open())
        } catch where error.isTemporary {
            shared = .failure(error)
        }
    }

    private func store() throws(HistoryFailure) -> any HistoryStore { try shared.get() }

    /// Runs a write; on a failure that time mends, keeps `events` in the spool and says where.
    private func writing<Value>(_ events: [HistoryEvent], _ body: (any HistoryStore) throws(HistoryFailure) -> Value) throws(HistoryFailure) -> Value {
        do {
            return try body(try store())
        } catch let failure where failure.isTemporary && !events.isEmpty {
            do {
                try HistorySpool(path: spoolPath).keep(events, for: location)
            } catch {
                throw .notKept(cause: failure, spool: error)
            }
            throw .keptForLater(cause: failure, location: location, spool: spoolPath, events: events.count)
        }
    }

    @discardableResult
    public func record(_ event: HistoryEvent) throws(HistoryFailure) -> HistoryEvent {
        try writing([event]) { store throws(HistoryFailure) in try store.record(event) }
    }

    public func record(_ events: [HistoryEvent]) throws(HistoryFailure) {
        try writing(events) { store throws(HistoryFailure) in try store.record(events) }
    }

    @discardableResult
    public func recordMissing(_ events: [HistoryEvent]) throws(HistoryFailure) -> Int {
        try writing(events) { store throws(HistoryFailure) in try store.recordMissing(events) }
    }

    public func events(token: String?) throws(HistoryFailure) -> [HistoryEvent] { try store().events(token: token) }
    public func tokens() throws(HistoryFailure) -> [String] { try store().tokens() }

    @discardableResult
    public func exclude(id: Int64, reason: String?) throws(HistoryFailure) -> HistoryEvent { try store().exclude(id: id, reason: reason) }

    public func sinceLastSyncOfEveryToken() throws(HistoryFailure) -> [HistorySplit] { try store().sinceLastSyncOfEveryToken() }

    public func recordTriesLeft(token: String, triesLeft: Int?, time: Double) throws(HistoryFailure) {
        try store().recordTriesLeft(token: token, triesLeft: triesLeft, time: time)
    }

    public func clearTriesLeft(token: String) throws(HistoryFailure) { try store().clearTriesLeft(token: token) }
    public func lastTriesLeft(token: String) throws(HistoryFailure) -> Int? { try store().lastTriesLeft(token: token) }
    public func triesLeftRecords() throws(HistoryFailure) -> [TriesLeftRecord] { try store().triesLeftRecords() }
}

extension HistoryFailure {
    /// A fault that passes with time (the server down, the database locked or read-only), after
    /// which the same write can succeed: what `SpoolingHistoryStore` keeps events through.
    public var isTemporary: Bool {
        switch self {
        case .serverUnavailable, .locked, .readOnly: return true
        default: return false
        }
    }
}
