import Diagnose
import Foundation
import OTPCore
import TestSupport
import XCTest

/// How sure `diagnose` is about one code, on fixtures/diagnose/calibration.json: a seeded set of
/// random codes and of codes from tokens wrong in one known way, made by scripts/diagnose-calibration
/// with Python's hmac. Random codes must rarely get a confident explanation, true causes must rank first.
final class DiagnoseCalibrationTests: XCTestCase {
    struct Scenario: Decodable {
        var kind: String
        var causes: [String]?
        var secretText: String
        var code: String
        var at: Double
        var localOffset: Int64
    }

    struct File: Decodable {
        var scenarios: [Scenario]
    }

    func testRandomCodesAreRarelyExplainedAndTrueCausesRankFirst() throws {
        let url = Fixtures.url("diagnose/calibration.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let scenarios = try decoder.decode(File.self, from: Data(contentsOf: url)).scenarios
        var (randoms, sure) = (0, 0)
        var ranked: [Bool: (count: Int, first: Int)] = [:]  // keyed by "is a factory reset"
        var missed: [String] = []
        for scenario in scenarios {
            var space = HypothesisSpace(expected: OTPParameters())
            space.localOffset = scenario.localOffset
            let diagnosis = try Diagnoser.diagnose(secretText: scenario.secretText, encoding: .base32,
                                                   observations: [try Observation(code: scenario.code, time: scenario.at)],
                                                   timing: .timed, space: space)
            let top = diagnosis.explanations.first
            if let causes = scenario.causes {
                let factory = scenario.kind == "clock-factory"
                let hit = top?.causes.map(\.name) == causes
                ranked[factory, default: (0, 0)].count += 1
                ranked[factory, default: (0, 0)].first += hit ? 1 : 0
                if !hit { missed.append("\(scenario.kind) at \(scenario.at): \(top?.summary ?? "nothing")") }
            } else {
                randoms += 1
                if let top, top.probability > 0.5 { sure += 1; missed.append("random \(scenario.code) at \(scenario.at): \(top.summary)") }
            }
        }
        let (causes, factory) = (ranked[false] ?? (0, 0), ranked[true] ?? (0, 0))
        let report = "\(sure)/\(randoms) random codes above 0.5; \(causes.first)/\(causes.count) causes and "
            + "\(factory.first)/\(factory.count) factory resets ranked first\n" + missed.joined(separator: "\n")
        XCTAssertGreaterThanOrEqual(randoms, 40)
        XCTAssertGreaterThanOrEqual(causes.count, 30)
        XCTAssertLessThanOrEqual(Double(sure), 0.05 * Double(randoms), report)
        XCTAssertGreaterThanOrEqual(Double(causes.first), 0.95 * Double(causes.count), report)
        // One code pins a factory reset only loosely: a month of steps after each factory date is a
        // target that one random code in six hits, so the other date or a chance match can come first.
        XCTAssertGreaterThanOrEqual(Double(factory.first), 0.5 * Double(factory.count), report)
    }
}
