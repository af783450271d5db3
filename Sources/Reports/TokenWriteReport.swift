import TokenProtocol
import Tokens

/// `skew sync` and `skew burn`: what was written to a token and what the read-back showed, one
/// layout for every family: `command`-independent fields (`reader`, `family`, `reference`,
/// `host_offset_seconds`, `verified`, `history_id`), then the family's own part (a Token2 config
/// write and its clock read back; a Protectimus SET TIME and its code read back). The seed appears
/// only as its fingerprint.
public struct TokenWriteReport: Report {
    /// `sync` or `burn`.
    public var command: String
    public var schemaVersion: Int { 2 }
    public var reader: String
    public var family: String
    /// `host` or `ntp:SERVER`.
    public var reference: String
    /// True time minus host time, when an NTP server was asked.
    public var hostOffsetSeconds: Double?
    /// Whether the read-back shows the write took (Token2: |read-back offset| ≤ 1 s; Protectimus: the
    /// code read back is the reference step's).
    public var verified: Bool
    /// The history row id, nil with `--no-record`.
    public var historyId: Int64?
    public var token2: Token2Fields?
    public var protectimus: ProtectimusFields?

    /// Token2: the config (and seed) written and the clock read back.
    public struct Token2Fields: Encodable, Sendable {
        public var serial: String
        public var model: String
        /// False when the model was assumed with `--model` for an unknown serial prefix.
        public var modelFromSerial: Bool
        public var timeSyncKeepsSeed: Bool
        public var algorithm: String
        public var stepSeconds: Int
        public var digits: Int
        public var displayTimeoutSeconds: Int
        /// Fingerprint of the seed written, nil when no seed was written (sync of an unrestricted model).
        public var secretFingerprint: String?
        public var seedBytes: Int?
        /// Token minus reference before the write, from one GET INFO (±0.5 s).
        public var offsetBeforeSeconds: Double
        /// The second WRITE CONFIG carried.
        public var writtenTime: ReportTime
        /// Estimated arrival of WRITE CONFIG minus that second: how close to the whole second it landed.
        public var writeArrivalErrorMs: Double
        /// Token minus reference after the write, from the moment the token's second changed.
        public var readbackOffsetSeconds: Double
        public var readbackUncertaintySeconds: Double
        /// Burn only: the codes the token should show, computed from the seed and its read-back clock.
        public var expectedCodes: [ExpectedCode]?
        /// Burn with `--confirm-code`: what the person read off the token.
        public var confirmation: Confirmation?

        enum CodingKeys: String, CodingKey {
            case serial, model, modelFromSerial = "model_from_serial", timeSyncKeepsSeed = "time_sync_keeps_seed",
                 algorithm, stepSeconds = "step_seconds", digits, displayTimeoutSeconds = "display_timeout_seconds",
                 secretFingerprint = "secret_fingerprint", seedBytes = "seed_bytes", offsetBeforeSeconds = "offset_before_seconds",
                 writtenTime = "written_time", writeArrivalErrorMs = "write_arrival_error_ms",
                 readbackOffsetSeconds = "readback_offset_seconds", readbackUncertaintySeconds = "readback_uncertainty_seconds",
                 expectedCodes = "expected_codes", confirmation
        }
    }

    /// Protectimus: what SET TIME wrote and the code read back.
    public struct ProtectimusFields: Encodable, Sendable {
        /// The reference second written, and its SET TIME encoding.
        public var writtenTime: ReportTime
        public var interval: Int
        public var counter: UInt32
        public var remainder: Int
        public var frame: String
        public var acknowledged: Bool
        /// Token minus reference right after the write (estimated from the write's timing).
        public var offsetAfter: Double
        public var uncertainty: Double
        public var readbackCode: String
        /// The read-back code's step minus the reference step; null when not found near it.
        public var readbackSteps: Int64?

        enum CodingKeys: String, CodingKey {
            case writtenTime = "written_time", interval, counter, remainder, frame, acknowledged, offsetAfter = "offset_after",
                 uncertainty, readbackCode = "readback_code", readbackSteps = "readback_steps"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(writtenTime, forKey: .writtenTime)
            try container.encode(interval, forKey: .interval)
            try container.encode(counter, forKey: .counter)
            try container.encode(remainder, forKey: .remainder)
            try container.encode(frame, forKey: .frame)
            try container.encode(acknowledged, forKey: .acknowledged)
            try container.encode(offsetAfter, forKey: .offsetAfter)
            try container.encode(uncertainty, forKey: .uncertainty)
            try container.encode(readbackCode, forKey: .readbackCode)
            try container.encode(readbackSteps, forKey: .readbackSteps)
        }
    }

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
        public var stepOffset: Int64?

        public init(code: String, matched: Bool, stepOffset: Int64?) {
            self.code = code
            self.matched = matched
            self.stepOffset = stepOffset
        }

        enum CodingKeys: String, CodingKey { case code, matched, stepOffset = "step_offset" }
    }

    public init(command: String, result: ClockWriteResult, confirmation: Confirmation? = nil, historyId: Int64?) {
        self.command = command
        reader = result.identity.reader
        family = result.identity.family.rawValue
        reference = result.reference.name
        hostOffsetSeconds = result.reference.hostOffset?.offset
        verified = result.verified
        self.historyId = historyId
        token2 = result.token2.map { write in
            Token2Fields(serial: write.target.serial, model: write.target.model, modelFromSerial: write.target.knownPrefix,
                         timeSyncKeepsSeed: write.target.keepsSeedOnTimeWrite, algorithm: write.settings.algorithm.hash.rawValue,
                         stepSeconds: write.settings.step.seconds, digits: 6, displayTimeoutSeconds: write.settings.displayTimeout.seconds,
                         secretFingerprint: write.seedFingerprint, seedBytes: write.seedBytes,
                         offsetBeforeSeconds: Self.milli(write.offsetBefore), writtenTime: ReportTime(Double(write.written.config.time)),
                         writeArrivalErrorMs: Self.milli(write.written.arrivalError * 1000),
                         readbackOffsetSeconds: Self.milli(write.readback.offset, places: 6),
                         readbackUncertaintySeconds: Self.milli(write.readback.uncertainty, places: 6),
                         expectedCodes: command == "burn" ? result.seedCodes?.expected.map(ExpectedCode.init) : nil,
                         confirmation: confirmation)
        }
        protectimus = result.protectimus.map { sync in
            ProtectimusFields(writtenTime: ReportTime(Int64(sync.written.time)), interval: Int(sync.written.interval),
                              counter: sync.written.counter, remainder: Int(sync.written.remainder),
                              frame: ProtectimusCommand.setTime(sync.written).maskedHex, acknowledged: sync.acknowledged,
                              offsetAfter: Self.milli(sync.offsetAfter, places: 6), uncertainty: Self.milli(sync.uncertainty, places: 6),
                              readbackCode: sync.readback.code, readbackSteps: sync.readbackSteps)
        }
    }

    private static func milli(_ value: Double, places: Int = 3) -> Double {
        let scale = places == 6 ? 1_000_000.0 : 1000.0
        return (value * scale).rounded() / scale
    }

    enum CodingKeys: String, CodingKey {
        case reader, family, reference, hostOffsetSeconds = "host_offset_seconds", verified, historyId = "history_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reader, forKey: .reader)
        try container.encode(family, forKey: .family)
        try container.encode(reference, forKey: .reference)
        try container.encodeIfPresent(hostOffsetSeconds, forKey: .hostOffsetSeconds)
        try container.encode(verified, forKey: .verified)
        try container.encodeIfPresent(historyId, forKey: .historyId)
        try token2?.encode(to: encoder)
        try protectimus?.encode(to: encoder)
    }

    public var table: ReportTable {
        let notes = historyId.map { ["Recorded in the history as a sync (row \($0))."] } ?? []
        if let protectimus { return table(protectimus, notes: notes) }
        guard let token2 else { return ReportTable(title: "Time sync on \(reader)", columns: ["family", "verified"], rows: [[family, verified ? "yes" : "no"]]) }
        return table(token2, notes: notes)
    }

    private func table(_ token: Token2Fields, notes: [String]) -> ReportTable {
        var summary: [(label: String, value: String)] = [
            ("token", "\(token.serial) (\(token.model)\(token.modelFromSerial ? "" : ", assumed with --model"))"),
            ("written", "\(token.algorithm), \(token.stepSeconds) s step, \(token.digits) digits, display \(token.displayTimeoutSeconds) s, clock \(token.writtenTime.utc)"),
            ("seed", token.secretFingerprint.map { "fingerprint \($0) (\(token.seedBytes ?? 0) bytes)" }
                ?? (token.timeSyncKeepsSeed ? "not written (this model keeps its seed on a time write)" : "not written")),
            ("before", "token \(String(format3: token.offsetBeforeSeconds)) s from \(reference) (±0.5 s)"),
            ("write", "arrived \(String(format3: token.writeArrivalErrorMs)) ms from the whole second (estimate)"),
            ("read back", "token \(String(format3: token.readbackOffsetSeconds * 1000)) ms from \(reference) (± \(String(format3: token.readbackUncertaintySeconds * 1000)) ms): \(verified ? "verified, within 1 s" : "NOT within 1 s")"),
        ]
        if let confirmation = token.confirmation {
            summary.append(("confirm", confirmation.matched
                ? "\(confirmation.code) matches step \(confirmation.stepOffset.map { $0 >= 0 ? "+\($0)" : "\($0)" } ?? "?")"
                : "\(confirmation.code) does not match any step within ±2"))
        }
        let title = "\(command == "sync" ? "Time sync" : "Burn") of token on \(reader)"
        guard let codes = token.expectedCodes else {
            return ReportTable(
                title: title, summary: summary,
                columns: ["serial", "model", "written time (UTC)", "readback offset ms", "± ms", "verified"],
                rows: [[token.serial, token.model, token.writtenTime.utc, String(format3: token.readbackOffsetSeconds * 1000),
                        String(format3: token.readbackUncertaintySeconds * 1000), verified ? "yes" : "no"]],
                notes: notes)
        }
        return ReportTable(
            title: title, summary: summary,
            columns: ["step", "counter", "code", "from (UTC)"],
            rows: codes.map { [$0.step, String($0.counter), $0.code, $0.from.utc] },
            marked: Set(codes.indices.filter { codes[$0].step == "current" }),
            notes: notes)
    }

    private func table(_ token: ProtectimusFields, notes: [String]) -> ReportTable {
        let readback: String
        switch token.readbackSteps {
        case 0?: readback = "\(token.readbackCode): the code of the reference step (verified)"
        case let steps?: readback = "\(token.readbackCode): \(steps) step(s) from the reference step (NOT verified)"
        case nil: readback = "\(token.readbackCode): not a code of this secret near the reference time (NOT verified)"
        }
        return ReportTable(
            title: "Protectimus clock set on \(reader)",
            summary: [("written", "\(token.writtenTime.utc) (counter \(token.counter) × \(token.interval) s + \(token.remainder) s) against \(reference)"),
                      ("frame", token.frame),
                      ("offset after", "\(String(token.offsetAfter, plusMinus: token.uncertainty)) s (from the write's timing)"),
                      ("read back", readback)],
            columns: ["written (UTC)", "counter", "remainder", "acknowledged", "offset_after_s", "readback", "verified"],
            rows: [[token.writtenTime.utc, String(token.counter), String(token.remainder), token.acknowledged ? "yes" : "no",
                    String(token.offsetAfter), token.readbackCode, verified ? "yes" : "no"]],
            notes: ["The write needed no authentication (CVE-2021-32033) and kept the seed: anyone with the token in reach of an NFC phone for a second can do the same with any time."] + notes)
    }
}
