import TokenProtocol
import Tokens

/// A Protectimus SET TIME in `sync` reports: what was written and the code read back.
extension ProtectimusClockSync.Result: TokenWritePresentation {
    private struct Fields: Encodable {
        /// The reference second written, and its SET TIME encoding.
        var writtenTime: ReportTime
        /// The TOTP period SET TIME carried; the written time is counter × period + remainder.
        var periodSeconds: Int
        var counter: UInt32
        var remainderSeconds: Int
        var frame: String
        var acknowledged: Bool
        /// Token minus reference right after the write (estimated from the write's timing).
        var offsetAfterSeconds: Double
        var uncertaintyAfterSeconds: Double
        var readbackCode: String
        /// The read-back code's step minus the reference step; null when not found near it.
        var readbackSteps: Int64?

        enum CodingKeys: CodingKey {
            case writtenTime, periodSeconds, counter, remainderSeconds, frame, acknowledged, offsetAfterSeconds, uncertaintyAfterSeconds,
                 readbackCode, readbackSteps
        }

        /// Written by hand only so that a read-back found nowhere near appears as `null` rather than
        /// being left out: its absence is the finding.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(writtenTime, forKey: .writtenTime)
            try container.encode(periodSeconds, forKey: .periodSeconds)
            try container.encode(counter, forKey: .counter)
            try container.encode(remainderSeconds, forKey: .remainderSeconds)
            try container.encode(frame, forKey: .frame)
            try container.encode(acknowledged, forKey: .acknowledged)
            try container.encode(offsetAfterSeconds, forKey: .offsetAfterSeconds)
            try container.encode(uncertaintyAfterSeconds, forKey: .uncertaintyAfterSeconds)
            try container.encode(readbackCode, forKey: .readbackCode)
            try container.encode(readbackSteps, forKey: .readbackSteps)
        }
    }

    private var fields: Fields {
        Fields(writtenTime: ReportTime(Int64(written.time)), periodSeconds: Int(written.interval), counter: written.counter,
               remainderSeconds: Int(written.remainder), frame: ProtectimusCommand.setTime(written).maskedHex, acknowledged: acknowledged,
               offsetAfterSeconds: offsetAfter, uncertaintyAfterSeconds: uncertainty,
               readbackCode: readback.code, readbackSteps: readbackSteps)
    }

    func encodeFields(to encoder: any Encoder, in report: TokenWriteReport) throws { try fields.encode(to: encoder) }

    func table(in report: TokenWriteReport, notes: [String]) -> ReportTable {
        let token = fields
        let (reader, reference, verified) = (report.reader, report.reference, report.verified)
        let readback: String
        switch token.readbackSteps {
        case 0?: readback = "\(token.readbackCode): the code of the reference step (verified)"
        case let steps?: readback = "\(token.readbackCode): \(steps) step(s) from the reference step (NOT verified)"
        case nil: readback = "\(token.readbackCode): not a code of this secret near the reference time (NOT verified)"
        }
        return ReportTable(
            title: "Protectimus clock set on \(reader)",
            summary: [("written", "\(token.writtenTime.utc) (counter \(token.counter) × \(token.periodSeconds) s + \(token.remainderSeconds) s) against \(reference)"),
                      ("frame", token.frame),
                      ("offset after", "\(String(token.offsetAfterSeconds, plusMinus: token.uncertaintyAfterSeconds)) s (from the write's timing)"),
                      ("read back", readback)],
            columns: ["written (UTC)", "counter", "remainder", "acknowledged", "offset_after_s", "readback", "verified"],
            rows: [[token.writtenTime.utc, String(token.counter), String(token.remainderSeconds), token.acknowledged ? "yes" : "no",
                    String(token.offsetAfterSeconds), token.readbackCode, verified ? "yes" : "no"]],
            notes: ["The write needed no authentication (CVE-2021-32033) and kept the seed: anyone with the token in reach of an NFC phone for a second can do the same with any time."] + notes)
    }
}
