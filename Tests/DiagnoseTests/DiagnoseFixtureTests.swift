import Diagnose
import Foundation
import OTPCore
import TestSupport
import XCTest

/// Every cause `diagnose` knows, from fixtures/diagnose/cases.json (codes made by
/// scripts/make-diagnose-fixtures with Python's hmac): the right explanation must rank first.
final class DiagnoseFixtureTests: XCTestCase {
    struct Fixture: Decodable {
        struct Code: Decodable {
            var code: String
            var at: Double
        }

        struct Expected: Decodable {
            var algorithm: String
            var digits: Int
            var period: Int
            var t0: Int64
        }

        var name: String
        var causes: [String]
        var secretText: String
        var hex: Bool
        var expected: Expected
        var codes: [Code]
        var consecutive: Bool
        var localOffset: Int64
        var rangeSeconds: Double
        var noProblem: Bool
        var stepOffsets: [Int64]?
    }

    /// One code that two explanations of similar prior fit, with each one's next code.
    struct Tie: Decodable {
        var secretText: String
        var code: String
        var at: Double
        var nextCodes: [String]
    }

    struct File: Decodable {
        var cases: [Fixture]
        var tie: Tie
    }

    static func file() throws -> File {
        let url = Fixtures.url("diagnose/cases.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(File.self, from: Data(contentsOf: url))
    }

    static func fixtures() throws -> [Fixture] { try file().cases }

    static func diagnose(_ fixture: Fixture) throws -> Diagnosis {
        let expected = OTPParameters(algorithm: HashAlgorithm(name: fixture.expected.algorithm)!,
                                     digits: fixture.expected.digits, period: fixture.expected.period,
                                     t0: fixture.expected.t0)
        var space = HypothesisSpace(expected: expected)
        space.range = fixture.rangeSeconds
        space.localOffset = fixture.localOffset
        let observations = try fixture.codes.map { try Observation(code: $0.code, time: $0.at) }
        return try Diagnoser.diagnose(secretText: fixture.secretText, encoding: fixture.hex ? .hex : .base32,
                                      observations: observations,
                                      timing: fixture.consecutive ? .consecutive : .timed, space: space)
    }

    func testEveryCauseIsRankedFirst() throws {
        let fixtures = try Self.fixtures()
        XCTAssertGreaterThanOrEqual(fixtures.count, 40)
        for fixture in fixtures {
            let diagnosis = try Self.diagnose(fixture)
            guard let best = diagnosis.best else {
                XCTFail("\(fixture.name): nothing explains the codes"); continue
            }
            XCTAssertEqual(best.causes.map(\.name), fixture.causes,
                           "\(fixture.name): ranked first: \(best.summary) (p=\(best.probability)); second: \(diagnosis.explanations.dropFirst().first?.summary ?? "-")")
            XCTAssertEqual(best.explainedCount, fixture.codes.count, fixture.name)
            XCTAssertEqual(best.isNoProblem, fixture.noProblem, fixture.name)
            XCTAssertFalse(best.summary.isEmpty, fixture.name)
            XCTAssertLessThan(best.falseMatchProbability, 0.5, "\(fixture.name): \(best.summary)")
            if let offsets = fixture.stepOffsets {
                XCTAssertEqual(best.stepOffsets, offsets.map { Optional($0) }, fixture.name)
            }
        }
    }

    func testOneCodeThatTwoExplanationsFitAsksForTheNextCodeNamingBoth() throws {
        let tie = try Self.file().tie
        let diagnosis = try Diagnoser.diagnose(secretText: tie.secretText, encoding: .base32,
                                               observations: [try Observation(code: tie.code, time: tie.at)],
                                               timing: .timed, space: HypothesisSpace(expected: OTPParameters()))
        let top = diagnosis.explanations.prefix(2).map { $0.causes.map(\.name) }
        XCTAssertEqual(Set(top), [["clock-daylight-saving"], ["algorithm"]])
        let advice = try XCTUnwrap(diagnosis.advice?.text)
        XCTAssertTrue(advice.contains("type the next code"), advice)
        for next in tie.nextCodes { XCTAssertTrue(advice.contains(next), "\(next) missing from: \(advice)") }
    }
}
