import OTPCore
import SeedFiles

/// What the journal says about each token of the batch: its latest intent (the seed chosen for
/// it) and the latest event. Built from the entries alone, so a resumed run knows exactly what the
/// killed one knew.
public struct BatchLedger: Sendable {
    public struct TokenState: Sendable {
        public var intent: JournalEntry
        public var last: JournalEntry
        /// Whether the batch counts the token as provisioned.
        public var isDone: Bool { last.event == .verified }
        /// Whether the token's last attempt failed (it may still be presented again).
        public var isFailed: Bool { [.unverified, .seedAbsent, .uncertain].contains(last.event) }
    }

    public private(set) var tokens: [String: TokenState] = [:]
    /// Serials in the order their first intent was journaled: the order of the exports and of
    /// accounts assigned in order.
    public private(set) var order: [String] = []

    public init(_ entries: [JournalEntry]) {
        entries.forEach { add($0) }
    }

    mutating func add(_ entry: JournalEntry) {
        if entry.event == .intent {
            if tokens[entry.serial] == nil { order.append(entry.serial) }
            tokens[entry.serial] = TokenState(intent: entry, last: entry)
        } else {
            tokens[entry.serial]?.last = entry
        }
    }

    public var done: Int { tokens.values.filter(\.isDone).count }
    public var failed: Int { tokens.values.filter(\.isFailed).count }

    /// The verified tokens as seed records, in batch order: what the exports hold.
    public func verifiedRecords(manufacturer: String) -> [SeedRecord] {
        order.compactMap { serial in
            guard let state = tokens[serial], state.isDone else { return nil }
            return try? state.intent.seedRecord(manufacturer: manufacturer)
        }
    }
}

extension JournalEntry {
    /// The seed and settings an intent journaled.
    public func seedRecord(manufacturer: String) throws(InputError) -> SeedRecord {
        guard let seedBase32, let algorithmName = algorithm, let hash = HashAlgorithm(name: algorithmName), let periodSeconds else {
            throw InputError(input: "journal entry for \(serial)", problem: "it is not an intent with a seed", fix: "report this as a bug")
        }
        return SeedRecord(serial: serial, secret: try Secret(bytes: try Base32.decode(seedBase32, input: "journal seed of \(serial)")),
                          parameters: OTPParameters(algorithm: hash, digits: 6, period: periodSeconds), account: account,
                          manufacturer: manufacturer, model: model)
    }
}
