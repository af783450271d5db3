import OTPCore
import TokenProtocol
import Tokens

/// A Molto2 write in `sync` and `burn` reports: each profile written and what its public block
/// reads back, and the device clock before and after, reported apart since which of the two a
/// time write moves is unknown.
extension Molto2Write: TokenWritePresentation {
    private struct Fields: Encodable {
        var serial: String
        var deviceOffsetBeforeSeconds: Double
        var deviceOffsetAfterSeconds: Double
        var deviceUncertaintyAfterSeconds: Double
        /// `moved`, `not-moved` or `undecided`.
        var deviceClock: String
        var secretFingerprint: String?
        var seedBytes: Int?
        /// Burn: the codes the profile should show, from the seed, the settings and the written time.
        var expectedCodes: [TokenWriteReport.ExpectedCode]?
        var profiles: [ProfileFields]
    }

    private struct ProfileFields: Encodable {
        var profile: Int
        var writtenTime: ReportTime
        /// Estimated arrival minus the written second; nil for a refused write.
        var writeArrivalErrorMs: Double?
        /// The status of a refused write, nil when written.
        var refusedStatus: String?
        var timeFieldBBefore: UInt32
        var timeFieldBAfter: UInt32
        var timeFieldShowsWrite: Bool
        var title: String
        var seedPresent: Bool
        var algorithm: String
        var digits: Int
        var periodSeconds: Int
    }

    private func fields(_ report: TokenWriteReport) -> Fields {
        Fields(serial: serial, deviceOffsetBeforeSeconds: deviceOffsetBefore, deviceOffsetAfterSeconds: deviceOffsetAfter,
               deviceUncertaintyAfterSeconds: deviceUncertaintyAfter, deviceClock: deviceClock.rawValue,
               secretFingerprint: seedFingerprint, seedBytes: seedBytes,
               expectedCodes: report.seedCodes?.expected.map(TokenWriteReport.ExpectedCode.init),
               profiles: profiles.map { write in
                   ProfileFields(profile: write.profile, writtenTime: ReportTime(Double(write.writtenTime)),
                                 writeArrivalErrorMs: write.arrivalError.isFinite ? write.arrivalError * 1000 : nil,
                                 refusedStatus: write.refusedStatus, timeFieldBBefore: write.timeFieldBBefore, timeFieldBAfter: write.timeFieldBAfter,
                                 timeFieldShowsWrite: write.fieldShowsWrite, title: write.readback.title, seedPresent: write.readback.seedPresent,
                                 algorithm: write.readback.algorithmText,
                                 digits: Int(write.readback.digits), periodSeconds: Int(write.readback.stepSeconds))
               })
    }

    func encodeFields(to encoder: any Encoder, in report: TokenWriteReport) throws { try fields(report).encode(to: encoder) }

    func table(in report: TokenWriteReport, notes: [String]) -> ReportTable {
        let token = fields(report)
        let device = switch deviceClock {
        case .moved: "moved: it now agrees with \(report.reference)"
        case .notMoved: "did not move: the writes set the profiles' time only"
        case .undecided: "within about a second of \(report.reference) before and after: whether the writes moved it cannot be told"
        }
        let shown = token.profiles.filter(\.timeFieldShowsWrite).count
        var summary: [(label: String, value: String)] = [
            ("token", "Molto2 \(serial)"),
            ("device clock", "\(String(format3: token.deviceOffsetBeforeSeconds)) s (±0.5) before, \(String(format3: token.deviceOffsetAfterSeconds * 1000)) ms (± \(String(format3: token.deviceUncertaintyAfterSeconds * 1000)) ms) after: \(device)"),
            ("profiles", "\(token.profiles.count) written, \(token.profiles.filter { $0.refusedStatus != nil }.count) refused; \(shown) show the written second in time field B"),
            ("verified", report.verified ? "yes" : "NO"),
        ]
        if let seedFingerprint { summary.insert(("seed", "fingerprint \(seedFingerprint) (\(seedBytes ?? 0) bytes)"), at: 1) }
        return ReportTable(
            title: "\(command == "sync" ? "Time sync" : "Burn") of Molto2 on \(report.reader)",
            summary: summary,
            columns: ["profile", "title", "written (UTC)", "arrival ms", "answer", "field B before", "field B after", "seed", "settings"],
            rows: token.profiles.map { [String($0.profile), $0.title, $0.writtenTime.utc, $0.writeArrivalErrorMs.map { String($0) } ?? "",
                                        $0.refusedStatus ?? "90 00", String($0.timeFieldBBefore), String($0.timeFieldBAfter),
                                        $0.seedPresent ? "yes" : "no", "\($0.algorithm), \($0.digits) digits, \($0.periodSeconds) s"] },
            notes: ["Which clock a Molto2 time write sets is unknown: the device clock (GET INFO) and each profile's time field are reported apart. The field's meaning is not confirmed on hardware."] + notes)
    }
}
