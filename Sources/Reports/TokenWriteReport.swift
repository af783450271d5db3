/// `skew sync` and `skew burn`: what was written to a token and what the read-back showed. The
/// seed appears only as its fingerprint.
public struct TokenWriteReport: Report {
    /// `sync` or `burn`.
    public var command: String
    public var reader: String
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
    /// `host` or `ntp:SERVER`.
    public var reference: String
    /// True time minus host time, when an NTP server was asked.
    public var hostOffsetSeconds: Double?
    /// Token minus reference before the write, from one GET INFO (±0.5 s).
    public var offsetBeforeSeconds: Double
    /// The second WRITE CONFIG carried.
    public var writtenTime: ReportTime
    /// Estimated arrival of WRITE CONFIG minus that second: how close to the whole second it landed.
    public var writeArrivalErrorMs: Double
    /// Token minus reference after the write, from the moment the token's second changed.
    public var readbackOffsetSeconds: Double
    public var readbackUncertaintySeconds: Double
    /// Whether |read-back offset| ≤ 1 s.
    public var verified: Bool
    /// Burn only: the codes the token should show, computed from the seed and its read-back clock.
    public var expectedCodes: [ExpectedCode]?
    /// Burn with `--confirm-code`: what the person read off the token.
    public var confirmation: Confirmation?
    /// The history row id, nil with `--no-record`.
    public var historyId: Int64?

    public struct ExpectedCode: Encodable, Sendable {
        public var step: String
        public var counter: Int64
        public var code: String
        public var from: ReportTime

        public init(step: String, counter: Int64, code: String, from: Int64) {
            self.step = step
            self.counter = counter
            self.code = code
            self.from = ReportTime(from)
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

    public init(command: String, reader: String, serial: String, model: String, modelFromSerial: Bool, timeSyncKeepsSeed: Bool,
                algorithm: String, stepSeconds: Int, displayTimeoutSeconds: Int, secretFingerprint: String?, seedBytes: Int?,
                reference: String, hostOffsetSeconds: Double?, offsetBeforeSeconds: Double, writtenTime: UInt32,
                writeArrivalError: Double, readbackOffsetSeconds: Double, readbackUncertaintySeconds: Double,
                expectedCodes: [ExpectedCode]? = nil, confirmation: Confirmation? = nil, historyId: Int64?) {
        self.command = command
        self.reader = reader
        self.serial = serial
        self.model = model
        self.modelFromSerial = modelFromSerial
        self.timeSyncKeepsSeed = timeSyncKeepsSeed
        self.algorithm = algorithm
        self.stepSeconds = stepSeconds
        digits = 6
        self.displayTimeoutSeconds = displayTimeoutSeconds
        self.secretFingerprint = secretFingerprint
        self.seedBytes = seedBytes
        self.reference = reference
        self.hostOffsetSeconds = hostOffsetSeconds
        self.offsetBeforeSeconds = Self.milli(offsetBeforeSeconds)
        self.writtenTime = ReportTime(Double(writtenTime))
        writeArrivalErrorMs = Self.milli(writeArrivalError * 1000)
        self.readbackOffsetSeconds = Self.milli(readbackOffsetSeconds, places: 6)
        self.readbackUncertaintySeconds = Self.milli(readbackUncertaintySeconds, places: 6)
        verified = abs(readbackOffsetSeconds) <= 1
        self.expectedCodes = expectedCodes
        self.confirmation = confirmation
        self.historyId = historyId
    }

    private static func milli(_ value: Double, places: Int = 3) -> Double {
        let scale = places == 6 ? 1_000_000.0 : 1000.0
        return (value * scale).rounded() / scale
    }

    enum CodingKeys: String, CodingKey {
        case reader, serial, model, modelFromSerial = "model_from_serial", timeSyncKeepsSeed = "time_sync_keeps_seed",
             algorithm, stepSeconds = "step_seconds", digits, displayTimeoutSeconds = "display_timeout_seconds",
             secretFingerprint = "secret_fingerprint", seedBytes = "seed_bytes", reference,
             hostOffsetSeconds = "host_offset_seconds", offsetBeforeSeconds = "offset_before_seconds",
             writtenTime = "written_time", writeArrivalErrorMs = "write_arrival_error_ms",
             readbackOffsetSeconds = "readback_offset_seconds", readbackUncertaintySeconds = "readback_uncertainty_seconds",
             verified, expectedCodes = "expected_codes", confirmation, historyId = "history_id"
    }

    public var table: ReportTable {
        var summary: [(label: String, value: String)] = [
            ("token", "\(serial) (\(model)\(modelFromSerial ? "" : ", assumed with --model"))"),
            ("written", "\(algorithm), \(stepSeconds) s step, \(digits) digits, display \(displayTimeoutSeconds) s, clock \(writtenTime.utc)"),
            ("seed", secretFingerprint.map { "fingerprint \($0) (\(seedBytes ?? 0) bytes)" }
                ?? (timeSyncKeepsSeed ? "not written (this model keeps its seed on a time write)" : "not written")),
            ("before", "token \(String(format3: offsetBeforeSeconds)) s from \(reference) (±0.5 s)"),
            ("write", "arrived \(String(format3: writeArrivalErrorMs)) ms from the whole second (estimate)"),
            ("read back", "token \(String(format3: readbackOffsetSeconds * 1000)) ms from \(reference) (± \(String(format3: readbackUncertaintySeconds * 1000)) ms): \(verified ? "verified, within 1 s" : "NOT within 1 s")"),
        ]
        if let confirmation {
            summary.append(("confirm", confirmation.matched
                ? "\(confirmation.code) matches step \(confirmation.stepOffset.map { $0 >= 0 ? "+\($0)" : "\($0)" } ?? "?")"
                : "\(confirmation.code) does not match any step within ±2"))
        }
        let notes = historyId.map { ["Recorded in the history as a sync (row \($0))."] } ?? []
        let title = "\(command == "sync" ? "Time sync" : "Burn") of token on \(reader)"
        guard let codes = expectedCodes else {
            return ReportTable(
                title: title, summary: summary,
                columns: ["serial", "model", "written time (UTC)", "readback offset ms", "± ms", "verified"],
                rows: [[serial, model, writtenTime.utc, String(format3: readbackOffsetSeconds * 1000),
                        String(format3: readbackUncertaintySeconds * 1000), verified ? "yes" : "no"]],
                notes: notes)
        }
        return ReportTable(
            title: title, summary: summary,
            columns: ["step", "counter", "code", "from (UTC)"],
            rows: codes.map { [$0.step, String($0.counter), $0.code, $0.from.utc] },
            marked: Set(codes.indices.filter { codes[$0].step == "current" }),
            notes: notes)
    }
}
