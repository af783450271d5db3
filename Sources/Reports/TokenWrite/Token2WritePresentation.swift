import TokenProtocol
import Tokens

/// A Token2 single-profile write in `sync` and `burn` reports: the config (and seed) written and the
/// clock read back.
extension Token2Write: TokenWritePresentation {
    private struct Fields: Encodable {
        var serial: String
        var model: String
        /// False when the model was assumed with `--model` for an unknown serial prefix.
        var modelFromSerial: Bool
        var timeSyncKeepsSeed: Bool
        var algorithm: String
        var periodSeconds: Int
        var digits: Int
        var displayTimeoutSeconds: Int
        /// Fingerprint of the seed written, nil when no seed was written (sync of an unrestricted model).
        var secretFingerprint: String?
        var seedBytes: Int?
        /// Token minus reference before the write, from one GET INFO (±0.5 s).
        var offsetBeforeSeconds: Double
        /// The second WRITE CONFIG carried.
        var writtenTime: ReportTime
        /// Estimated arrival of WRITE CONFIG minus that second: how close to the whole second it landed.
        var writeArrivalErrorMs: Double
        /// Token minus reference after the write, from the moment the token's second changed.
        var readbackOffsetSeconds: Double
        var readbackUncertaintySeconds: Double
        /// Burn only: the codes the token should show, computed from the seed and its read-back clock.
        var expectedCodes: [TokenWriteReport.ExpectedCode]?
        /// Burn with `--confirm-code`: what the person read off the token.
        var confirmation: TokenWriteReport.Confirmation?
    }

    private func fields(_ report: TokenWriteReport) -> Fields {
        Fields(serial: target.serial, model: target.model, modelFromSerial: target.knownPrefix,
               timeSyncKeepsSeed: target.keepsSeedOnTimeWrite, algorithm: settings.algorithm.hash.rawValue,
               periodSeconds: settings.step.seconds, digits: 6, displayTimeoutSeconds: settings.displayTimeout.seconds,
               secretFingerprint: seedFingerprint, seedBytes: seedBytes,
               offsetBeforeSeconds: offsetBefore, writtenTime: ReportTime(Double(written.config.time)),
               writeArrivalErrorMs: written.arrivalError * 1000,
               readbackOffsetSeconds: readback.offset, readbackUncertaintySeconds: readback.uncertainty,
               expectedCodes: report.command == "burn" ? report.seedCodes?.expected.map(TokenWriteReport.ExpectedCode.init) : nil,
               confirmation: report.confirmation)
    }

    func encodeFields(to encoder: any Encoder, in report: TokenWriteReport) throws { try fields(report).encode(to: encoder) }

    func table(in report: TokenWriteReport, notes: [String]) -> ReportTable {
        let token = fields(report)
        let (command, reader, reference, verified) = (report.command, report.reader, report.reference, report.verified)
        var summary: [(label: String, value: String)] = [
            ("token", "\(token.serial) (\(token.model)\(token.modelFromSerial ? "" : ", assumed with --model"))"),
            ("written", "\(token.algorithm), \(token.periodSeconds) s period, \(token.digits) digits, display \(token.displayTimeoutSeconds) s, clock \(token.writtenTime.utc)"),
            ("seed", token.secretFingerprint.map { "fingerprint \($0) (\(token.seedBytes ?? 0) bytes)" }
                ?? (token.timeSyncKeepsSeed ? "not written (this model keeps its seed on a time write)" : "not written")),
            ("before", "token \(String(format3: token.offsetBeforeSeconds)) s from \(reference) (±0.5 s)"),
            ("write", "arrived \(String(format3: token.writeArrivalErrorMs)) ms from the whole second (estimate)"),
            ("read back", "token \(String(format3: token.readbackOffsetSeconds * 1000)) ms from \(reference) (± \(String(format3: token.readbackUncertaintySeconds * 1000)) ms): \(verified ? "verified, within 1 s" : "NOT within 1 s")"),
        ]
        if let confirmation = token.confirmation {
            summary.append(("confirm", confirmation.matched
                ? "\(confirmation.code) matches step \(confirmation.offsetSteps.map { $0 >= 0 ? "+\($0)" : "\($0)" } ?? "?")"
                : "\(confirmation.code) does not match any step within ±2"))
        }
        let title = "\(command == "sync" ? "Time sync" : "Burn") of token on \(reader)"
        guard let codes = token.expectedCodes else {
            return ReportTable(
                title: title, summary: summary,
                columns: ["serial", "model", "written time (UTC)", "readback offset ms", "± ms", "verified"],
                rows: [[token.serial, token.model, token.writtenTime.utc, String(token.readbackOffsetSeconds * 1000),
                        String(token.readbackUncertaintySeconds * 1000), verified ? "yes" : "no"]],
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
