import Provisioning

/// `skew provision`: one row per token presented in this run (serial, model, account, settings,
/// what was written and verified, the clock offset after), the batch's tally and where its
/// journal and exports are. Seeds appear only as fingerprints: the journal and the exports hold them.
public struct ProvisionReport: Report {
    public struct Token: Encodable, Sendable {
        public var serial: String
        public var model: String?
        public var account: String?
        public var algorithm: String?
        public var periodSeconds: Int?
        /// `verified`, `found-on-token`, `already-done`, `unverified`, `failed`, `unresolved` or `dry-run`.
        public var result: String
        /// Whether this run sent the seed write.
        public var written: Bool
        /// Whether the token now holds its seed with its clock within a second of the reference.
        public var verified: Bool
        /// Token minus reference after the write (or the resume check's measurement).
        public var offsetAfterSeconds: Double?
        public var offsetUncertaintySeconds: Double?
        /// `--measure`: the offset timed after the write.
        public var measuredOffsetSeconds: Double?
        public var secretFingerprint: String?
        public var note: String?
    }

    public struct Export: Encodable, Sendable {
        public var format: String
        public var protection: String
        public var path: String
    }

    public var command: String { "provision" }
    public var batchId: String
    /// Nil for a dry run, which keeps none.
    public var journal: String?
    public var reference: String
    public var dryRun: Bool
    public var count: Int
    public var done: Int
    public var failed: Int
    public var remaining: Int
    public var exports: [Export]
    public var tokens: [Token]

    public init(batch: ProvisionBatch, outcomes: [TokenOutcome], reference: String, dryRun: Bool) {
        batchId = batch.header.batchID
        journal = batch.journal?.path
        self.reference = reference
        self.dryRun = dryRun
        count = batch.header.count
        done = batch.ledger.done
        failed = batch.ledger.failed
        remaining = batch.remaining
        exports = batch.header.exports.map { Export(format: $0.format, protection: $0.protection, path: $0.path) }
        tokens = outcomes.map { outcome in
            Token(serial: outcome.serial, model: outcome.model, account: outcome.account, algorithm: outcome.algorithm,
                  periodSeconds: outcome.periodSeconds, result: outcome.result.rawValue, written: outcome.written,
                  verified: outcome.isProvisioned, offsetAfterSeconds: outcome.offsetAfter, offsetUncertaintySeconds: outcome.uncertainty,
                  measuredOffsetSeconds: outcome.measurement.map { $0.observation.offset }, secretFingerprint: outcome.fingerprint,
                  note: outcome.note)
        }
    }

    public var table: ReportTable {
        var summary = [("batch", batchId), ("journal", journal ?? "none (dry run)"), ("reference", reference),
                       ("tally", "\(done) done, \(failed) failed, \(remaining) remaining of \(count)")]
        summary += exports.map { ("export", "\($0.path) (\($0.format)\($0.protection == "none" ? "" : ", \($0.protection)"))") }
        let rows = tokens.map { token in
            [token.serial, token.model ?? "", token.account ?? "", token.algorithm ?? "", token.periodSeconds.map { "\($0) s" } ?? "",
             token.result, token.written ? "yes" : "no", token.offsetAfterSeconds.map { String(format3: $0) + " s" } ?? "",
             token.measuredOffsetSeconds.map { String(format3: $0) + " s" } ?? "", token.secretFingerprint ?? "", token.note ?? ""]
        }
        return ReportTable(title: dryRun ? "Provisioning dry run" : "Provisioning batch \(batchId)", summary: summary,
                           columns: ["serial", "model", "account", "algorithm", "period", "result", "written", "offset after", "measured", "fingerprint", "note"],
                           rows: rows,
                           notes: ["Seeds are shown by fingerprint only; the journal and the export files hold them (readable by their owner only)."])
    }
}
