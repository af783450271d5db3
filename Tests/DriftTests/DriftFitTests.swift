import Drift
import XCTest

/// The fit and forecast on synthetic histories whose true rate is known.
final class DriftFitTests: XCTestCase {
    private let day = 86_400.0

    /// A clock 0.4 s ahead at t0 gaining `ppm`, measured daily with `sigma` error (deterministic noise).
    private func history(ppm: Double, days: Int, sigma: Double = 0.01, start: Double = 1_700_000_000) -> [OffsetObservation] {
        (0..<days).map { day in
            let time = start + Double(day) * self.day
            let noise = sigma * sin(Double(day) * 12.9898) * 0.9
            return OffsetObservation(time: time, offset: 0.4 + ppm * 1e-6 * (time - start) + noise, uncertainty: sigma)
        }
    }

    func testRecoversRateWithHonestUncertainty() throws {
        let fit = try DriftFit(history(ppm: 2.5, days: 30))
        XCTAssertEqual(fit.ppm, 2.5, accuracy: 0.05)
        XCTAssertLessThan(fit.ppmUncertainty, 0.05)
        XCTAssertGreaterThan(fit.ppmUncertainty, 0)
        XCTAssertEqual(abs(fit.ppm - 2.5) / fit.ppmUncertainty, 0, accuracy: 3, "the truth lies within 3σ")
        XCTAssertEqual(fit.secondsPerMonth, 2.5e-6 * DriftFit.secondsPerMonth, accuracy: 0.2)
        XCTAssertTrue(fit.jumps.isEmpty)
        XCTAssertEqual(fit.offset(at: 1_700_000_000), 0.4, accuracy: 0.02)
    }

    func testWeightsFavourPreciseMeasurements() throws {
        var points = history(ppm: -1, days: 10, sigma: 0.005)
        // A person's manual reading, 2 s off, with an honest 1 s error bar: it barely moves the line.
        points.append(OffsetObservation(time: 1_700_000_000 + 5.5 * day, offset: 2.4, uncertainty: 1))
        let fit = try DriftFit(points)
        XCTAssertEqual(fit.ppm, -1, accuracy: 0.1)
    }

    func testFlagsAJump() throws {
        var points = history(ppm: 1, days: 20)
        for index in 10..<20 { points[index].offset += 3 }   // battery change: clock jumped 3 s
        let fit = try DriftFit(points)
        XCTAssertEqual(fit.jumps.count, 1)
        XCTAssertEqual(fit.jumps[0].after, points[9].time)
        XCTAssertEqual(fit.jumps[0].size, 3, accuracy: 0.1)
        XCTAssertGreaterThan(fit.reducedChiSquare, 100)
    }

    func testTooFewOrSimultaneousObservations() {
        XCTAssertThrowsError(try DriftFit([OffsetObservation(time: 1, offset: 0, uncertainty: 0.1)])) { error in
            XCTAssertEqual(error as? DriftFit.Failure, .tooFewObservations(1))
        }
        XCTAssertThrowsError(try DriftFit([OffsetObservation(time: 1, offset: 0, uncertainty: 0.1),
                                           OffsetObservation(time: 1, offset: 0.1, uncertainty: 0.1)])) { error in
            XCTAssertEqual(error as? DriftFit.Failure, .noTimeSpan)
        }
    }

    func testForecastLeavingDateAndRange() throws {
        // 0.4 s ahead, gaining 10 ppm = 0.864 s/day; a ±30 s window is reached after about 34 days.
        let points = history(ppm: 10, days: 15, sigma: 0.005)
        let fit = try DriftFit(points)
        let now = points.last!.time
        let forecast = Forecast(fit: fit, window: 30, now: now)
        XCTAssertEqual(forecast.status, .leaving)
        XCTAssertEqual(forecast.direction, 1)
        let expected = 1_700_000_000 + (30 - 0.4) / 10e-6
        XCTAssertEqual(try XCTUnwrap(forecast.leaves), expected, accuracy: day)
        XCTAssertLessThanOrEqual(try XCTUnwrap(forecast.earliest), try XCTUnwrap(forecast.leaves))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(forecast.latest), try XCTUnwrap(forecast.leaves))
        XCTAssertLessThan(try XCTUnwrap(forecast.recommendedResync), try XCTUnwrap(forecast.earliest))
        XCTAssertGreaterThan(try XCTUnwrap(forecast.recommendedResync), now)
    }

    func testForecastBehindOutsideAndStable() throws {
        let behind = try DriftFit(history(ppm: -20, days: 10, sigma: 0.005))
        XCTAssertEqual(Forecast(fit: behind, window: 30, now: 1_700_000_000 + 9 * day).direction, -1)
        XCTAssertEqual(Forecast(fit: behind, window: 0.1, now: 1_700_000_000 + 9 * day).status, .outside)
        let flat = try DriftFit([OffsetObservation(time: 0, offset: 1, uncertainty: 0.5),
                                 OffsetObservation(time: day, offset: 1.01, uncertainty: 0.5)])
        let stable = Forecast(fit: flat, window: 30, now: day)
        XCTAssertEqual(stable.status, .stable)
        XCTAssertNil(stable.leaves)
        XCTAssertNotNil(stable.earliest, "even a stable-looking clock has a worst case")
    }
}
