import Diagnose
import Foundation
import OTPCore

/// `skew diagnose`: why codes are rejected, the explanations ranked by probability.
public struct DiagnoseReport: Report {
    public struct Observed: Encodable, Sendable {
        public var code: String
        public var seenAt: ReportTime
    }

    public struct Item: Encodable, Sendable {
        public var rank: Int
        public var noProblem: Bool
        public var causes: [String]
        public var summary: String
        public var fix: String
        public var probability: Double
        public var falseMatchProbability: Double
        public var hypothesesOfThisKind: Double
        public var codesExplained: Int
        public var mode: String
        public var secretFingerprint: String
        public var algorithm: String
        public var digits: Int
        public var periodSeconds: Int?
        public var t0: ReportTime?
        public var counters: [Int64?]
        /// Each code's step relative to the step of the moment it was seen.
        public var offsetSteps: [Int64?]
        public var clockOffsetSeconds: ClockOffset?

        public struct ClockOffset: Encodable, Sendable {
            public var min: Double
            public var max: Double
        }
    }

    public var command: String { "diagnose" }
    public var schemaVersion: Int { 2 }
    public var expected: ReportParameters
    public var codes: [Observed]
    public var consecutive: Bool
    public var found: Bool
    public var noProblem: Bool
    public var explanations: [Item]
    public var nothingProbability: Double
    public var advice: String?
    public var secretVariantsSearched: Int
    public var hmacsComputed: Int64
    public var hypothesesSearched: Int64
    public var elapsedSeconds: Double

    public init(diagnosis: Diagnosis, secret: Secret?, elapsed: Double) {
        let expectedParameters = diagnosis.expected
        expected = secret.map { ReportParameters(secret: $0, parameters: expectedParameters) }
            ?? ReportParameters(fingerprint: "undecodable", parameters: expectedParameters)
        codes = diagnosis.observations.map { Observed(code: $0.code, seenAt: ReportTime($0.time)) }
        consecutive = diagnosis.timing == .consecutive
        found = diagnosis.best != nil
        noProblem = diagnosis.best?.isNoProblem ?? false
        explanations = diagnosis.explanations.enumerated().map { index, item in
            Item(rank: index + 1, noProblem: item.isNoProblem, causes: item.causes.map(\.name),
                 summary: item.summary, fix: item.fix, probability: item.probability,
                 falseMatchProbability: item.falseMatchProbability, hypothesesOfThisKind: item.hypothesesOfThisKind,
                 codesExplained: item.explainedCount, mode: item.mode == .totp ? "totp" : "hotp",
                 secretFingerprint: item.secret.secret.fingerprint, algorithm: item.parameters.algorithm.rawValue,
                 digits: item.parameters.digits, periodSeconds: item.mode == .totp ? item.parameters.period : nil,
                 t0: item.mode == .totp ? ReportTime(item.parameters.t0) : nil, counters: item.counters,
                 offsetSteps: item.stepOffsets,
                 clockOffsetSeconds: item.clockOffset.map { Item.ClockOffset(min: $0.lowerBound, max: $0.upperBound) })
        }
        nothingProbability = diagnosis.nothingProbability
        advice = diagnosis.advice?.text
        secretVariantsSearched = diagnosis.secretVariantsSearched
        hmacsComputed = diagnosis.hmacsComputed
        hypothesesSearched = diagnosis.hypothesesSearched
        elapsedSeconds = elapsed
    }

    public var table: ReportTable {
        var notes: [String] = []
        if let advice { notes.append("Next: \(advice)") }
        notes.append("Searched \(secretVariantsSearched) secret variant(s), \(hmacsComputed) HMACs, \(hypothesesSearched) hypotheses in \(String(format3: elapsedSeconds)) s.")
        let title = !found ? "Nothing explains the code\(codes.count > 1 ? "s" : "")\(explanations.isEmpty ? "" : " better than chance")"
            : noProblem ? "No problem found" : "Most likely: \(explanations.first?.causes.joined(separator: ", ") ?? "")"
        return ReportTable(
            title: title,
            summary: expected.summary + [
                ("codes", codes.map { "\($0.code) at \($0.seenAt.utc)" }.joined(separator: consecutive ? ", then " : "; ")),
                ("nothing fits", "probability \(probabilityText(nothingProbability)) that no hypothesis explains the codes"),
            ],
            columns: ["rank", "probability", "false match", "explanation", "fix"],
            rows: explanations.map { item in
                [String(item.rank), String(item.probability), String(item.falseMatchProbability),
                 item.summary, item.fix]
            },
            marked: found ? [0] : [],
            notes: notes)
    }
}

extension ReportParameters {
    /// For a secret that did not decode as given: a label stands in for the fingerprint.
    init(fingerprint: String, parameters: OTPParameters) {
        secretFingerprint = fingerprint
        algorithm = parameters.algorithm.rawValue
        digits = parameters.digits
        periodSeconds = parameters.period
        t0 = ReportTime(parameters.t0)
    }
}
