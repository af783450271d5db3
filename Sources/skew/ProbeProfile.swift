import Drift
import Files
import Foundation
import Probe
import Reports

/// `skew probe --save-profile FILE`: what a probe measured, written as a verifier profile that
/// `--verifier FILE` reads (fleet, drift forecast). The window is the steps the verifier was seen to
/// accept around its centre, so a bounded edge gives the part known to be accepted, never more.
enum ProbeProfile {
    /// The profile of one probe, or nil when no code was accepted on both sides of the centre.
    static func profile(id: String, result: ProbeResult, verifier: String, measuredAt: Date) -> VerifierProfile? {
        guard result.ruleCheck != .failed, let ahead = result.ahead, let behind = result.behind else { return nil }
        let centre = result.behaviours.centre ?? 0
        let exact = ahead.isExact && behind.isExact && result.confidence == .exact
        let window = VerifierProfile.Window(
            period: result.period, behindSteps: Int(max(0, centre - behind.acceptedOffset)),
            aheadSteps: Int(max(0, ahead.acceptedOffset - centre)),
            detail: exact ? "both edges exact" : "bounds: only the steps seen accepted (confidence \(result.confidence.rawValue))")
        let learns: VerifierProfile.DriftLearning
        switch result.behaviours.recentring {
        case .seen: learns = .everySuccess
        case .notSeen: learns = .never
        case .untested: learns = .notDocumented
        }
        let day = ISO8601DateFormatter.string(from: measuredAt, timeZone: TimeZone(identifier: "UTC")!,
                                              formatOptions: [.withFullDate])
        return VerifierProfile(
            id: id, name: "\(verifier) (measured)",
            source: .init(kind: .measurement, reference: "skew probe \(ToolVersion.version) against \(verifier)", date: day,
                          detail: "\(result.attemptsJudged) judged attempts, \(result.failures) rejected"),
            windows: [window], learnsDrift: learns,
            learnsDriftDetail: "re-centring \(result.behaviours.recentring.rawValue) by the probe",
            replay: result.behaviours.replay.rawValue,
            lockout: result.behaviours.lockout == .seen ? "a lockout was seen during the probe" : nil,
            rateLimit: result.behaviours.rateLimiting == .seen ? "rate limiting was seen during the probe" : nil)
    }

    /// Writes `profile` into `path`: a new profile file, or an existing one with this id added or replaced.
    static func save(_ profile: VerifierProfile, to path: String) throws {
        var file = VerifierProfileFile(profiles: [])
        if let data = FileManager.default.contents(atPath: path) {
            file = try VerifierProfileFile(json: data, origin: path)
        }
        file.profiles.removeAll { $0.id == profile.id }
        file.profiles.append(profile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(String(decoding: try encoder.encode(file), as: UTF8.self) + "\n", to: path)
    }

    /// The profile id a file name gives: `idp-west.json` → `idp-west`.
    static func id(forFile path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        return cleaned.isEmpty ? "measured" : cleaned
    }
}
