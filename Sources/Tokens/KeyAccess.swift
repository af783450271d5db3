/// What a family whose writes are guarded by a changeable key with a tries counter needs before it
/// authenticates: the key (read from a file or the environment, asked for only when needed), the
/// last tries count the history saw for the token, and where to record the next one. Tries are
/// readable only from a refused authentication, so the count a run saw is all a later run can go by.
public struct KeyAccess {
    /// The customer key's bytes.
    public var key: () throws -> [UInt8]
    /// The tries left last seen for a serial, nil when none was recorded.
    public var lastTriesLeft: (String) throws -> Int?
    /// Records a refusal's tries left (nil: a refusal without a count); `clearTries` after a success.
    public var recordTriesLeft: (String, Int?) throws -> Void
    public var clearTries: (String) throws -> Void
    /// Authenticate even though the last count seen is at or below `minimumTries`.
    public var force: Bool

    /// At this many tries left or fewer, a run refuses to authenticate unless forced.
    public static let minimumTries = 2

    public init(key: @escaping () throws -> [UInt8], lastTriesLeft: @escaping (String) throws -> Int?,
                recordTriesLeft: @escaping (String, Int?) throws -> Void, clearTries: @escaping (String) throws -> Void, force: Bool) {
        self.key = key
        self.lastTriesLeft = lastTriesLeft
        self.recordTriesLeft = recordTriesLeft
        self.clearTries = clearTries
        self.force = force
    }
}

/// A refused authentication: the run stops here, and says how many tries the token has left.
public struct AuthenticationRefused: Error, CustomStringConvertible {
    public var serial: String
    /// The status word, as the token sent it.
    public var status: String
    public var triesLeft: Int?

    public var description: String {
        let left = triesLeft.map { "\($0) tr\($0 == 1 ? "y" : "ies") left before the token locks" } ?? "the tries left were not given"
        return "AUTHENTICATE on \(serial) was refused (\(status)): the customer key is wrong; \(left). skew made one attempt and stopped; nothing was written"
    }
}

/// A run that would authenticate although the history's last count of tries is too low.
public struct TriesTooLow: Error, CustomStringConvertible {
    public var serial: String
    public var triesLeft: Int

    public var description: String {
        "token \(serial) had \(triesLeft) authentication tr\(triesLeft == 1 ? "y" : "ies") left when last seen; one more wrong key could lock it, so skew did not authenticate"
    }
}
