import Provisioning

/// `skew provision`: one row per token presented in this run (serial, model, account, settings,
/// what was written and verified, the clock offset after), the batch's tally and where its
/// journal and exports are. Seeds appear only as fingerprints: the journal and the exports hold them.
public struct ProvisionReport: Report {
    /// One token's outcome as the report writes it: the fields are read from the outcome.
    public struct Token: Encodable {
        /// The outcome this row presents.
        public let outcome: TokenOutcome

        public init(_ outcome: TokenOutcome) {
            self.outcome = outcome
        }

        /// The line a person reads as the token comes off the reader:
        /// `86596220000011  OTPC-P2-i  verified  offset +0.001 s  a@example.com  fingerprint …`.
        public var line: String {
            let offset = (measuredOffsetSeconds ?? outcome.offsetAfter).map { "offset \($0 >= 0 ? "+" : "")\(String(format: "%.3f", $0)) s" } ?? "offset -"
            let fields = [outcome.serial, outcome.model ?? "?", outcome.result.rawValue, offset, outcome.account ?? "",
                          outcome.fingerprint.map { "fingerprint \($0)" } ?? ""].filter { !$0.isEmpty }
            return fields.joined(separator: "  ") + (outcome.note.map { "  (\($0))" } ?? "")
        }

        /// `--measure`: the offset timed after the write.
        public var measuredOffsetSeconds: Double? { outcome.measurement?.observation.offset }

        enum CodingKeys: CodingKey {
            case serial, model, account, algorithm, periodSeconds, result, written, verified, offsetAfterSeconds, offsetUncertaintySeconds,
                 measuredOffsetSeconds, secretFingerprint, note
        }

        /// `result` is `verified`, `found-on-token`, `already-done`, `unverified`, `failed`, `unresolved` or `dry-run`;
        /// `verified` whether the token now holds its seed with its clock within a second of the reference;
        /// `offset_after_seconds` token minus reference after the write (or the resume check's measurement).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(outcome.serial, forKey: .serial)
            try container.encodeIfPresent(outcome.model, forKey: .model)
            try container.encodeIfPresent(outcome.account, forKey: .account)
            try container.encodeIfPresent(outcome.algorithm, forKey: .algorithm)
            try container.encodeIfPresent(outcome.periodSeconds, forKey: .periodSeconds)
            try container.encode(outcome.result.rawValue, forKey: .result)
            try container.encode(outcome.written, forKey: .written)
            try container.encode(outcome.isProvisioned, forKey: .verified)
            try container.encodeIfPresent(outcome.offsetAfter, forKey: .offsetAfterSeconds)
            try container.encodeIfPresent(outcome.uncertainty, forKey: .offsetUncertaintySeconds)
            try container.encodeIfPresent(measuredOffsetSeconds, forKey: .measuredOffsetSeconds)
            try container.encodeIfPresent(outcome.fingerprint, forKey: .secretFingerprint)
            try container.encodeIfPresent(outcome.note, forKey: .note)
        }
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
        tokens = outcomes.map(Token.init)
    }

    public var table: ReportTable {
        var summary = [("batch", batchId), ("journal", journal ?? "none (dry run)"), ("reference", reference),
                       ("tally", "\(done) done, \(failed) failed, \(remaining) remaining of \(count)")]
        summary += exports.map { ("export", "\($0.path) (\($0.format)\($0.protection == "none" ? "" : ", \($0.protection)"))") }
        let rows = tokens.map { token in
            let outcome = token.outcome
            return [outcome.serial, outcome.model ?? "", outcome.account ?? "", outcome.algorithm ?? "", outcome.periodSeconds.map { "\($0) s" } ?? "",
                    outcome.result.rawValue, outcome.written ? "yes" : "no", outcome.offsetAfter.map { String(format3: $0) + " s" } ?? "",
                    token.measuredOffsetSeconds.map { String(format3: $0) + " s" } ?? "", outcome.fingerprint ?? "", outcome.note ?? ""]
        }
        return ReportTable(title: dryRun ? "Provisioning dry run" : "Provisioning batch \(batchId)", summary: summary,
                           columns: ["serial", "model", "account", "algorithm", "period", "result", "written", "offset after", "measured", "fingerprint", "note"],
                           rows: rows,
                           notes: ["Seeds are shown by fingerprint only; the journal and the export files hold them (readable by their owner only)."])
    }
}
