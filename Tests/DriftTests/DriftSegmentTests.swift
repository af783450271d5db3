import Drift
import XCTest

/// A jump in the offset starts a new segment: the fit is of the clock after it, not a blend.
final class DriftSegmentTests: XCTestCase {
    private func points(jumpAt: Int?, count: Int = 20, ppm: Double = 2) -> [OffsetObservation] {
        (0..<count).map { day in
            let time = 1_700_000_000 + Double(day) * 86_400
            let jump = jumpAt.map { day >= $0 ? 3.0 : 0 } ?? 0
            return OffsetObservation(time: time, offset: 0.4 + ppm * 1e-6 * Double(day) * 86_400 + jump, uncertainty: 0.001)
        }
    }

    func testFitStartsAfterTheJump() throws {
        let whole = try DriftFit(points(jumpAt: 12))
        XCTAssertGreaterThan(whole.reducedChiSquare, 1000, "a line across the jump fits badly")
        let segment = try DriftSegment(points(jumpAt: 12))
        XCTAssertEqual(segment.leftOut, 12)
        XCTAssertEqual(segment.fit.observations.count, 8)
        XCTAssertEqual(segment.fit.ppm, 2, accuracy: 0.001)
        XCTAssertLessThan(segment.fit.reducedChiSquare, 1)
        XCTAssertEqual(try XCTUnwrap(segment.startingJump).size, 3, accuracy: 0.01)
    }

    func testNoJumpKeepsEverything() throws {
        let segment = try DriftSegment(points(jumpAt: nil))
        XCTAssertNil(segment.startingJump)
        XCTAssertEqual(segment.leftOut, 0)
        XCTAssertEqual(segment.fit, try DriftFit(points(jumpAt: nil)))
    }

    func testAJumpAtTheLastMeasurementLeavesNothingToFit() {
        XCTAssertThrowsError(try DriftSegment(points(jumpAt: 19))) { error in
            guard case .tooFewAfterJump(let jump, let remaining) = error as? DriftFit.Failure else { return XCTFail("\(error)") }
            XCTAssertEqual(remaining, 1)
            XCTAssertEqual(jump.size, 3, accuracy: 0.01)
            XCTAssertTrue("\(error)".contains("1 measurement follows"), "\(error)")
        }
    }
}
