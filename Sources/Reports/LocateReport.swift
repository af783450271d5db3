import Foundation
import OTPCore

/// `skew locate`: the steps within ±R that produced observed codes.
public struct LocateReport: Report {
    public struct Match: Encodable, Sendable {
        public var counter: Int64
        public var offsetSteps: Int64
        public var offsetSeconds: Int64
        public var stepStart: ReportTime
    }

    public var command: String { "locate" }
    public var schemaVersion: Int { 2 }
    public var parameters: ReportParameters
    public var codes: [String]
    public var referenceTime: ReportTime
    public var referenceCounter: Int64
    public var rangeSteps: Int64
    public var searchedSteps: Int64
    public var found: Bool
    public var matches: [Match]
    public var chanceProbability: Double
    public var elapsedSeconds: Double

    public init(result: LocateResult, codes: [String], secret: Secret, parameters: OTPParameters, time: Double,
                elapsed: Double) {
        self.parameters = ReportParameters(secret: secret, parameters: parameters)
        self.codes = codes
        referenceTime = ReportTime(time)
        referenceCounter = result.referenceCounter
        rangeSteps = result.range
        searchedSteps = result.stepsSearched
        found = !result.matches.isEmpty
        matches = result.matches.map {
            Match(counter: $0.counter, offsetSteps: $0.offsetSteps, offsetSeconds: $0.offsetSeconds,
                  stepStart: ReportTime($0.start))
        }
        chanceProbability = result.chanceProbability
        elapsedSeconds = elapsed
    }

    public var table: ReportTable {
        let plural = codes.count == 1 ? "code" : "\(codes.count) consecutive codes"
        var notes: [String] = []
        if !found {
            notes.append("No step within ±\(rangeSteps) produces the \(plural). Check the secret and parameters, or widen the range searched; a diagnosis searches other explanations.")
        } else if matches.count > 1 {
            notes.append("Several steps match: give the next code the token shows as well to tell them apart.")
        }
        return ReportTable(
            title: found ? "Located" : "Not found",
            summary: parameters.summary + [
                ("seen at", "\(referenceTime.utc) (step \(referenceCounter))"),
                ("searched", "±\(rangeSteps) steps (\(searchedSteps) steps) in \(String(format3: elapsedSeconds)) s"),
                ("chance match", "probability \(probabilityText(chanceProbability)) that a match this wide is a coincidence"),
            ],
            columns: ["offset", "seconds", "counter", "step start (UTC)"],
            rows: matches.map { [signed($0.offsetSteps), signed($0.offsetSeconds) + " s", String($0.counter), $0.stepStart.utc] },
            notes: notes)
    }
}

/// Probabilities as people read them: 0.0021 or 3.2e-9.
func probabilityText(_ value: Double) -> String {
    value == 0 ? "0" : String(value.rounded(toSignificant: 3))
}

extension Double {
    func rounded(toSignificant digits: Int) -> Double {
        guard self != 0, isFinite else { return self }
        let magnitude = (Double(digits) - (Foundation.log10(abs(self))).rounded(.up))
        let scale = Foundation.pow(10, magnitude)
        return (self * scale).rounded() / scale
    }
}
