import OTPCore
import SeedFiles
import TokenProtocol
import Tokens

/// Where each token's seed comes from: a fresh random one, or the one an import file holds for
/// the token's serial.
public enum SeedSource {
    case random(bytes: Int, generate: (Int) throws -> [UInt8])
    case imported([String: SeedRecord])
}

/// The tap-next batch, one token at a time: choose the seed, journal it, burn, read back, journal
/// the outcome, rebuild the exports. A token the journal already knows is never written blindly:
/// verified tokens are skipped, and a token whose write was cut short is checked first
/// (`ResumeCheck`). The command line only detects tokens and prints outcomes.
public final class ProvisionBatch {
    public let header: BatchHeader
    /// Nil for a dry run, which records nothing.
    public let journal: ProvisionJournal?
    public private(set) var ledger: BatchLedger
    let seeds: SeedSource
    let reference: ReferenceClock
    let parameters: OTPParameters
    let displayTimeout: TokenConfig.DisplayTimeout
    /// Asks the person for the code on a token's display (nil: no answer, so nothing is decided).
    let readDisplay: (DisplayQuestion) -> String?
    /// Writes every export from the verified tokens' records (atomically; the CLI's business).
    let rebuildExports: ([SeedRecord]) throws -> Void
    /// Tokens a dry run has listed, for accounts assigned in order.
    private var dryRunCount = 0

    public static let manufacturer = "Token2"

    public init(header: BatchHeader, journal: ProvisionJournal?, seeds: SeedSource, reference: ReferenceClock,
                readDisplay: @escaping (DisplayQuestion) -> String?, rebuildExports: @escaping ([SeedRecord]) throws -> Void) throws(InputError) {
        guard let hash = HashAlgorithm(name: header.algorithm),
              let timeout = TokenConfig.DisplayTimeout(seconds: header.displayTimeoutSeconds) else {
            throw InputError(input: "the batch settings", problem: "\(header.algorithm) / display \(header.displayTimeoutSeconds) s is not a token setting",
                             fix: "use sha1 or sha256 and a display timeout of 15, 30, 60 or 120 s")
        }
        self.header = header
        self.journal = journal
        ledger = BatchLedger(journal?.entries ?? [])
        self.seeds = seeds
        self.reference = reference
        parameters = OTPParameters(algorithm: hash, digits: 6, period: header.periodSeconds)
        displayTimeout = timeout
        self.readDisplay = readDisplay
        self.rebuildExports = rebuildExports
    }

    /// Tokens still to provision.
    public var remaining: Int { max(0, header.count - ledger.done) }
    public var isComplete: Bool { remaining == 0 }

    /// Writes the exports from the journal: on resume, so a run killed between verifying a token
    /// and writing the exports loses nothing.
    public func exportVerified() throws {
        let records = ledger.verifiedRecords(manufacturer: Self.manufacturer)
        if !records.isEmpty { try rebuildExports(records) }
    }

    /// Provisions the token on the reader, or says why not. Throws only when the batch must stop:
    /// a refused authentication, or the journal cannot be written.
    public func provision(_ token: any TokenDevice, dryRun: Bool, measureEdges: Int?) throws -> TokenOutcome {
        guard let serial = token.identity.serial else {
            var outcome = TokenOutcome(serial: token.identity.family.displayName, result: .failed)
            outcome.note = "the token reports no serial, so the batch cannot record it; only Token2 tokens can be provisioned"
            return outcome
        }
        // A refusal of this token (settings it cannot hold, a serial the seed file lacks, a family
        // that cannot burn) comes before anything is journaled or written, and ends only its turn.
        do {
            return dryRun ? try plan(token, serial: serial) : try provision(token, serial: serial, measureEdges: measureEdges)
        } catch let error as InputError {
            return failed(serial, token: token, note: error.description)
        } catch let error as TokenCapabilityError {
            return failed(serial, token: token, note: error.description)
        }
    }

    private func provision(_ token: any TokenDevice, serial: String, measureEdges: Int?) throws -> TokenOutcome {
        guard let state = ledger.tokens[serial] else {
            guard !isComplete else {
                var outcome = TokenOutcome(serial: serial, result: .failed)
                outcome.note = "the batch already has its \(header.count) tokens; nothing written"
                return outcome
            }
            let (record, offsetBefore) = try choose(token, serial: serial)
            return try write(token, record: record, offsetBefore: offsetBefore, measureEdges: measureEdges)
        }
        let record = try state.intent.seedRecord(manufacturer: Self.manufacturer)
        switch state.last.event {
        case .verified:
            var outcome = describe(TokenOutcome(serial: serial, result: .alreadyDone), record: record)
            outcome.offsetAfter = state.last.offsetAfterSeconds
            outcome.note = "verified earlier in this batch; nothing written"
            return outcome
        case .seedAbsent:
            return try write(token, record: record, offsetBefore: currentOffset(token), measureEdges: measureEdges)
        case .unverified:
            return try recheckClock(token, record: record, resolvedBy: "clock", measureEdges: measureEdges)
        case .intent, .uncertain:
            let check = ResumeCheck(reference: reference, readDisplay: readDisplay)
            switch try check.decide(token, intent: state.intent, record: record) {
            case .notWritten(let how, let offset):
                try append(absent(serial, resolvedBy: how, note: "resume check: the seed is not on the token"))
                return try write(token, record: record, offsetBefore: offset, measureEdges: measureEdges)
            case .onToken:
                return try recheckClock(token, record: record, resolvedBy: "display", measureEdges: measureEdges)
            case .unanswered:
                var outcome = describe(TokenOutcome(serial: serial, result: .unresolved), record: record)
                outcome.note = "its last write was cut short; nothing written until the code on its display says whether the seed is on it"
                return outcome
            }
        }
    }

    /// A new token's record: its seed (random, or the import file's) and its account.
    private func choose(_ token: any TokenDevice, serial: String) throws -> (SeedRecord, Double?) {
        var record: SeedRecord
        switch seeds {
        case .random(let bytes, let generate):
            record = SeedRecord(serial: serial, secret: try Secret(bytes: try generate(bytes)), parameters: parameters)
        case .imported(let records):
            guard let found = records[serial] else {
                throw InputError(input: "token \(serial)", problem: "the seed file \(header.seedFile ?? "") holds no seed for this serial",
                                 fix: "present a token the seed file lists, or provision this one in a batch with random seeds")
            }
            record = found
        }
        record.manufacturer = Self.manufacturer
        record.model = token.identity.model
        record.account = account(for: serial) ?? record.account
        return (record, try currentOffset(token))
    }

    /// The account `--assign` gives this serial: by serial when the list names serials, else the
    /// next one in the order tokens are first presented.
    private func account(for serial: String) -> String? {
        if header.assignments.contains(where: { $0.serial != nil }) {
            return header.assignments.first { $0.serial == serial }?.account
        }
        let index = journal == nil ? dryRunCount : ledger.order.count
        return header.assignments.indices.contains(index) ? header.assignments[index].account : nil
    }

    /// Token minus reference now, from one whole-second reading (Token2's GET INFO); nil for a
    /// family that shows no clock.
    private func currentOffset(_ token: any TokenDevice) throws -> Double? {
        try token.clockReading().map { $0.offsetEstimate - reference.correction }
    }

    /// Journals the intent, burns (config with the reference time, then seed, read back), and
    /// journals what happened before anything else.
    private func write(_ token: any TokenDevice, record: SeedRecord, offsetBefore: Double?, measureEdges: Int?) throws -> TokenOutcome {
        let serial = record.serial
        // The quick read-back: `--measure` times the clock afterwards, far more closely.
        let request = try BurnRequest(seed: record.secret, parameters: record.parameters, displayTimeout: displayTimeout,
                                      model: header.model, dryRun: false, showSecrets: false, preciseReadback: false)
        let plan = try token.planBurn(request, reference: reference)
        var intent = JournalEntry(event: .intent, serial: serial, time: reference.now())
        intent.model = token.identity.model
        intent.seedBase32 = Base32.encode(record.secret.bytes)
        intent.fingerprint = record.secret.fingerprint
        intent.account = record.account
        intent.algorithm = record.parameters.algorithm.rawValue
        intent.periodSeconds = record.parameters.period
        intent.offsetBeforeSeconds = offsetBefore
        try append(intent)
        var outcome = describe(TokenOutcome(serial: serial, result: .failed, written: true), record: record)
        let result: ClockWriteResult
        do {
            result = try token.setClock(plan)
        } catch let failure as TokenWriteFailure {
            let event: JournalEntry.Event = switch failure.progress.seed {
            case .written: .unverified
            case .unanswered: .uncertain
            case .notSent: .seedAbsent
            }
            var entry = JournalEntry(event: event, serial: serial, time: reference.now())
            entry.resolvedBy = "write"
            entry.note = failure.progress.state.text
            try append(entry)
            if let tokenError = failure.underlying as? TokenError, case .lockedOrWrongKey = tokenError {
                throw ProvisionStopped(serial: serial, underlying: tokenError)
            }
            outcome.written = failure.progress.seed != .notSent
            outcome.note = "\(failure.underlying); \(failure.progress.state.text)"
            return outcome
        }
        var entry = JournalEntry(event: result.verified ? .verified : .unverified, serial: serial, time: result.time)
        entry.offsetAfterSeconds = result.offsetAfter
        entry.uncertaintySeconds = result.uncertainty
        entry.resolvedBy = "write"
        if !result.verified { entry.note = result.unverified.text }
        try append(entry)
        outcome.write = result
        outcome.offsetAfter = result.offsetAfter
        outcome.uncertainty = result.uncertainty
        outcome.result = result.verified ? .verified : .unverified
        if !result.verified { outcome.note = result.unverified.text }
        if result.verified {
            try exportVerified()
            if let measureEdges {
                // The token is provisioned either way; a failed measurement is only noted.
                do {
                    outcome.measurement = try measure(token, edges: measureEdges)
                } catch {
                    outcome.note = "provisioned; the measurement after the write failed: \(error)"
                }
            }
        }
        return outcome
    }

    /// A token that holds the journaled seed but whose clock is not confirmed: checked with one
    /// reading (±0.5 s, as after a write; a family without a readable clock is timed instead),
    /// verified when within a second of the reference. Nothing is written.
    private func recheckClock(_ token: any TokenDevice, record: SeedRecord, resolvedBy: String, measureEdges: Int?) throws -> TokenOutcome {
        var outcome = describe(TokenOutcome(serial: record.serial, result: .unverified), record: record)
        let offset: Double, uncertainty: Double, time: Double
        if let reading = try token.clockReading() {
            (offset, uncertainty, time) = (reading.offsetEstimate - reference.correction, reading.offsetUncertainty,
                                           reference.reference(host: reading.exchange.wallMidpoint))
        } else {
            let measurement = try measure(token, edges: max(1, measureEdges ?? 1))
            outcome.measurement = measurement
            (offset, uncertainty, time) = (measurement.observation.offset - reference.correction, measurement.observation.uncertainty,
                                           reference.reference(host: measurement.observation.time))
        }
        let verified = abs(offset) <= 1
        var entry = JournalEntry(event: verified ? .verified : .unverified, serial: record.serial, time: time)
        entry.offsetAfterSeconds = offset
        entry.uncertaintySeconds = uncertainty
        entry.resolvedBy = resolvedBy
        try append(entry)
        outcome.result = verified ? .foundOnToken : .unverified
        outcome.offsetAfter = offset
        outcome.uncertainty = uncertainty
        outcome.note = verified ? "the journaled seed is on the token (\(resolvedBy)); nothing written"
                                : "the journaled seed is on the token, but its clock is \(offset) s off; sync its clock with the seed from the journal"
        if verified {
            try exportVerified()
            if let measureEdges, outcome.measurement == nil { outcome.measurement = try? measure(token, edges: measureEdges) }
        }
        return outcome
    }

    private func measure(_ token: any TokenDevice, edges: Int) throws -> OffsetMeasurement {
        try token.measureOffset(OffsetRequest(fineEdges: edges, account: {
            throw InputError(input: "measurement", problem: "a \(token.identity.family.displayName) is measured from its code, which needs a seed the batch does not pass",
                             fix: "measure Token2 tokens only")
        }, range: 2, pollInterval: 0.05))
    }

    /// `--dry-run`: the seed and account a real run would choose (the seed is never shown) and the
    /// commands it would send; nothing is journaled or written.
    private func plan(_ token: any TokenDevice, serial: String) throws -> TokenOutcome {
        let (record, _) = try choose(token, serial: serial)
        dryRunCount += 1
        let request = try BurnRequest(seed: record.secret, parameters: record.parameters, displayTimeout: displayTimeout,
                                      model: header.model, dryRun: true, showSecrets: false)
        var outcome = describe(TokenOutcome(serial: serial, result: .dryRun), record: record)
        outcome.dryRunLines = try token.planBurn(request, reference: reference).dryRun
        return outcome
    }

    private func failed(_ serial: String, token: any TokenDevice, note: String) -> TokenOutcome {
        var outcome = TokenOutcome(serial: serial, result: .failed)
        outcome.model = token.identity.model
        outcome.note = note
        return outcome
    }

    private func describe(_ outcome: TokenOutcome, record: SeedRecord) -> TokenOutcome {
        var outcome = outcome
        outcome.model = record.model
        outcome.account = record.account
        outcome.algorithm = record.parameters.algorithm.rawValue
        outcome.periodSeconds = record.parameters.period
        outcome.fingerprint = record.secret.fingerprint
        return outcome
    }

    private func absent(_ serial: String, resolvedBy: String, note: String) -> JournalEntry {
        var entry = JournalEntry(event: .seedAbsent, serial: serial, time: reference.now())
        entry.resolvedBy = resolvedBy
        entry.note = note
        return entry
    }

    private func append(_ entry: JournalEntry) throws {
        try journal?.append(entry)
        ledger.add(entry)
    }
}
