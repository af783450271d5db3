import TokenProtocol
import Tokens

/// `skew sync` and `skew burn`: what was written to a token and what the read-back showed, one
/// layout for every family: `command`-independent fields (`reader`, `family`, `reference`,
/// `host_offset_seconds`, `verified`, `history_id`), then the family's own part, which its
/// `TokenWritePresentation` writes (a Token2 config write and its clock read back; a Protectimus
/// SET TIME and its code read back; a Molto2's per-profile writes, its profile and device clock read
/// back). The seed appears only as its fingerprint.
public struct TokenWriteReport: Report {
    /// `sync` or `burn`.
    public var command: String
    public var schemaVersion: Int { 3 }
    public var reader: String
    public var family: String
    /// `host` or `ntp:SERVER`.
    public var reference: String
    /// Host clock minus the NTP server's, when one was asked: the measured clock minus its reference,
    /// as in `clock` and `drift`.
    public var hostOffsetSeconds: Double?
    /// Whether the read-back shows the write took, as the family decides it.
    public var verified: Bool
    /// The history row id, nil with `--no-record`.
    public var historyId: Int64?
    public var detail: any TokenDetail
    /// After a seed write: the codes the token should show.
    public var seedCodes: SeedCodes?
    /// Burn with `--confirm-code`: what the person read off the token.
    public var confirmation: Confirmation?

    public struct ExpectedCode: Encodable, Sendable {
        public var step: String
        public var counter: Int64
        public var code: String
        public var from: ReportTime

        public init(_ expected: SeedCodes.Expected) {
            step = expected.step
            counter = expected.counter
            code = expected.code
            from = ReportTime(expected.from)
        }
    }

    public struct Confirmation: Encodable, Sendable {
        public var code: String
        public var matched: Bool
        /// Steps from the token's read-back step to the step showing this code (nil: no match within ±2).
        public var offsetSteps: Int64?

        public init(code: String, matched: Bool, offsetSteps: Int64?) {
            self.code = code
            self.matched = matched
            self.offsetSteps = offsetSteps
        }
    }

    public init(command: String, result: ClockWriteResult, confirmation: Confirmation? = nil, historyId: Int64?) {
        self.command = command
        reader = result.identity.reader
        family = result.identity.family.rawValue
        reference = result.reference.name
        hostOffsetSeconds = result.reference.hostOffset?.hostOffset
        verified = result.verified
        self.historyId = historyId
        detail = result.detail
        seedCodes = result.seedCodes
        self.confirmation = confirmation
    }

    private var presentation: (any TokenWritePresentation)? { detail as? any TokenWritePresentation }

    enum CodingKeys: CodingKey { case reader, family, reference, hostOffsetSeconds, verified, historyId }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(reference, forKey: .reference)
        try container.encodeIfPresent(hostOffsetSeconds, forKey: .hostOffsetSeconds)
        try container.encode(verified, forKey: .verified)
        try container.encodeIfPresent(historyId, forKey: .historyId)
        try presentation?.encodeFields(to: encoder, in: self)
    }

    public var table: ReportTable {
        let notes = historyId.map { ["Recorded in the history as a sync (row \($0))."] } ?? []
        return presentation?.table(in: self, notes: notes)
            ?? ReportTable(title: "Time sync on \(reader)", columns: ["family", "verified"], rows: [[family, verified ? "yes" : "no"]])
    }
}

/// How a family's record of a write appears in the report: its JSON fields beside the common ones,
/// and its table. Each family's write detail conforms in its own file.
protocol TokenWritePresentation {
    func encodeFields(to encoder: any Encoder, in report: TokenWriteReport) throws
    func table(in report: TokenWriteReport, notes: [String]) -> ReportTable
}
