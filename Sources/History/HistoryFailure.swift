/// What went wrong with a history, in either store. `location` is what the person gave: a file
/// path, or a PostgreSQL URL (which never holds a password).
public enum HistoryFailure: Error, CustomStringConvertible, Equatable {
    case cannotOpen(location: String, reason: String)
    case locked(location: String)
    /// The history can be read but not written: a read-only file or database, or a user without the right.
    case readOnly(location: String, reason: String)
    case corrupt(location: String, reason: String)
    case missing(location: String)
    case unknownToken(token: String, location: String, known: [String])
    case unknownMeasurement(id: Int64, location: String)
    /// `record` was given an event whose identity the store already holds (`recordMissing` skips those).
    case alreadyRecorded(location: String)
    /// The history was written by a newer skew: its schema is at `found`, this skew knows up to `known`.
    case newerSchema(location: String, found: Int, known: Int)
    /// The shared history server (`server` is host:port or a socket path) did not answer.
    case serverUnavailable(server: String, reason: String)
    /// The server answered and refused the login (wrong or missing password, unknown user).
    case loginRefused(location: String, reason: String)
    /// A write `location` could not take for now (`cause`) was kept in the spool file `spool`:
    /// `events` events, written later by a flush (`SpoolingHistoryStore`).
    indirect case keptForLater(cause: HistoryFailure, location: String, spool: String, events: Int)
    /// A write `location` could not take, which the spool could not keep either: it is not recorded.
    indirect case notKept(cause: HistoryFailure, spool: HistoryFailure)

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason):
            return "\(location): cannot open the history (\(reason))"
        case .locked(let location):
            return "\(location): the history database is locked by another program"
        case .readOnly(let location, let reason):
            return "\(location): the history cannot be written (\(reason))"
        case .corrupt(let location, let reason):
            return "\(location): this is not a readable history database (\(reason)); it was left untouched"
        case .missing(let location):
            return "\(location): there is no history database here (nothing was created)"
        case .unknownToken(let token, let location, let known):
            let listed = known.isEmpty ? "it holds no measurements yet" : "it holds \(known.joined(separator: ", "))"
            return "\(token): no measurement or sync of this token is in \(location) (\(listed))"
        case .unknownMeasurement(let id, let location):
            return "measurement \(id): \(location) holds no measurement with this id (syncs cannot be excluded)"
        case .alreadyRecorded(let location):
            return "\(location) already holds an event of this write (the same uid); nothing of the write was stored"
        case .newerSchema(let location, let found, let known):
            return "\(location): the history is at schema version \(found), written by a newer skew; this one knows versions up to \(known) and left it untouched"
        case .serverUnavailable(let server, let reason):
            return "\(server): the shared history server is unavailable (\(reason))"
        case .loginRefused(let location, let reason):
            return "\(location): the history server refused the login (\(reason))"
        case .keptForLater(let cause, _, let spool, let events):
            return "\(cause); the \(events == 1 ? "event was" : "\(events) events were") kept in \(spool) to be written later"
        case .notKept(let cause, let spool):
            return "\(cause); keeping it for later failed too (\(spool)), so it is not recorded"
        }
    }
}
