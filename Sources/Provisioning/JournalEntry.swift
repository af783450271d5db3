import OTPCore

/// The first line of a provisioning journal: the batch as it was started, everything a resume
/// needs that is not a secret (the seed file is named, not copied; keys are never kept).
public struct BatchHeader: Codable, Sendable, Equatable {
    public static let currentSchema = "skew.provision-journal.v1"

    public var schema = BatchHeader.currentSchema
    public var batchID: String
    /// Unix seconds.
    public var created: Double
    /// Tokens to provision.
    public var count: Int
    /// `SHA1` or `SHA256`, for random seeds.
    public var algorithm: String
    public var periodSeconds: Int
    public var displayTimeoutSeconds: Int
    /// Random seed length in bytes.
    public var seedBytes: Int
    /// `--model` for serial prefixes skew does not know.
    public var model: String?
    /// The import file the seeds come from (nil: random seeds); read again on resume.
    public var seedFile: String?
    /// Accounts for the tokens, in order or by serial.
    public var assignments: [Assignment]
    /// Where the exports go; rebuilt from the journal after every verified token.
    public var exports: [ExportTarget]

    public init(batchID: String, created: Double, count: Int, algorithm: String, periodSeconds: Int, displayTimeoutSeconds: Int,
                seedBytes: Int, model: String?, seedFile: String?, assignments: [Assignment], exports: [ExportTarget]) {
        self.batchID = batchID
        self.created = created
        self.count = count
        self.algorithm = algorithm
        self.periodSeconds = periodSeconds
        self.displayTimeoutSeconds = displayTimeoutSeconds
        self.seedBytes = seedBytes
        self.model = model
        self.seedFile = seedFile
        self.assignments = assignments
        self.exports = exports
    }

    enum CodingKeys: String, CodingKey {
        case schema, batchID = "batch_id", created, count, algorithm, periodSeconds = "period_seconds",
             displayTimeoutSeconds = "display_timeout_seconds", seedBytes = "seed_bytes", model, seedFile = "seed_file",
             assignments, exports
    }
}

/// One account from `--assign`: for the token with this serial, or (serial nil) for the next token.
public struct Assignment: Codable, Sendable, Equatable {
    public var serial: String?
    public var account: String

    public init(serial: String?, account: String) {
        self.serial = serial
        self.account = account
    }
}

/// One export file of the batch: a seed file format (`entra-csv`, `entra-json`, `pskc`,
/// `privacyidea`), its protection for PSKC (`none`, `preshared-key`, `password`), and its path.
public struct ExportTarget: Codable, Sendable, Equatable {
    public var format: String
    public var protection: String
    public var path: String

    public init(format: String, protection: String, path: String) {
        self.format = format
        self.protection = protection
        self.path = path
    }
}

/// Every later line of the journal: one step of one token, appended and flushed before the step
/// it announces (`intent`) or right after the step it records (the outcomes).
public struct JournalEntry: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
        /// About to write: the seed is chosen and durable before the token is touched.
        case intent
        /// Written and read back: the token holds the seed and keeps the reference time.
        case verified
        /// Written (both writes answered) but the clock read back more than a second off.
        case unverified
        /// The token does not hold this seed: the write never reached it, or a resume check found
        /// the seed missing. The same seed is written when the token comes back.
        case seedAbsent = "seed_absent"
        /// The write was cut short where its effect is unknown; resolved when the token comes back.
        case uncertain
    }

    public var event: Event
    public var serial: String
    /// Unix seconds, reference clock.
    public var time: Double
    // intent
    public var model: String?
    /// The seed itself (base32): the journal is what keeps it until the exports do.
    public var seedBase32: String?
    public var fingerprint: String?
    public var account: String?
    public var algorithm: String?
    public var periodSeconds: Int?
    /// Token minus reference before the write, from one whole-second reading.
    public var offsetBeforeSeconds: Double?
    // outcomes
    public var offsetAfterSeconds: Double?
    public var uncertaintySeconds: Double?
    /// How the outcome was found: `write` (this run wrote it), `clock` or `display` (a resume check).
    public var resolvedBy: String?
    public var note: String?

    public init(event: Event, serial: String, time: Double) {
        self.event = event
        self.serial = serial
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case event, serial, time, model, seedBase32 = "seed_base32", fingerprint, account, algorithm,
             periodSeconds = "period_seconds", offsetBeforeSeconds = "offset_before_seconds",
             offsetAfterSeconds = "offset_after_seconds", uncertaintySeconds = "uncertainty_seconds",
             resolvedBy = "resolved_by", note
    }
}
