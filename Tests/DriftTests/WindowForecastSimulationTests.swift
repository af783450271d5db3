import Drift
import XCTest

/// `WindowForecast` against a direct simulation of the verifier, written here without SkewKit's
/// window arithmetic: walk the verifier's steps one by one, let a person sign in at the first and
/// at the last moment of each step (the two moments where the step a drifting token shows is
/// furthest from the verifier's: ⌊(s + d)/P⌋ only grows with s), and note the first refusal.
final class WindowForecastSimulationTests: XCTestCase {
    private let day = 86_400.0
    private let twoYears = 2 * 365.25 * 86_400.0
    /// How far from a step's ends the simulated person signs in.
    private let edge = 1e-6

    /// A clock with `offset` at `now` and `ppm`, measured daily for 20 days up to `now` (1 ms error bars).
    private func fit(offset: Double, ppm: Double, now: Double) throws -> DriftFit {
        try DriftFit((0..<20).map { index in
            let time = now - Double(index) * day
            return OffsetObservation(time: time, offset: offset + ppm * 1e-6 * (time - now), uncertainty: 0.001)
        })
    }

    /// How many steps ahead of the verifier's the token's code is, `s` seconds into the verifier's
    /// step, for a token `offset` seconds ahead.
    private func shownStep(s: Double, offset: Double, period: Double) -> Int {
        Int(((s + offset) / period).rounded(.down))
    }

    /// Seconds after `start` of the first refused sign-in of a verifier that never learns, or nil within two years.
    private func simulateFixed(offset: Double, rate: Double, period: Double, behind: Int, ahead: Int, phaseOfNow: Double) -> Double? {
        var step = 0
        while Double(step) * period - phaseOfNow < twoYears {
            for s in [edge, period - edge] {
                let elapsed = Double(step) * period + s - phaseOfNow
                if elapsed < 0 { continue }
                let difference = shownStep(s: s, offset: offset + rate * elapsed, period: period)
                if difference < -behind || difference > ahead { return elapsed }
            }
            step += 1
        }
        return nil
    }

    /// The longest idle time after a use in the step holding `now` before a refusal, at a verifier that
    /// re-centres on every accepted code; the worst over using it at that step's first or last moment.
    private func simulateLearning(offset: Double, rate: Double, period: Double, behind: Int, ahead: Int, phaseOfNow: Double) -> Double? {
        var worst: Double?
        for useAt in [edge, period - edge] {
            let useElapsed = useAt - phaseOfNow
            let learned = shownStep(s: useAt, offset: offset + rate * useElapsed, period: period)
            var step = 1
            search: while Double(step) * period - useAt < twoYears {
                for s in [edge, period - edge] {
                    let elapsed = Double(step) * period + s - phaseOfNow
                    let difference = shownStep(s: s, offset: offset + rate * elapsed, period: period) - learned
                    if difference < -behind || difference > ahead {
                        let idle = elapsed - useElapsed
                        worst = min(worst ?? idle, idle)
                        break search
                    }
                }
                step += 1
            }
        }
        return worst
    }

    private let rates: [Double] = [-50, -37.5, -21, -8.3, -2.2, -0.7, -0.35, 0.35, 0.7, 2.2, 8.3, 21, 37.5, 50]
    private let offsets: [Double] = [0.25, -11.6, 27.9, -29.4, 14.05, -0.8, 44.5]
    private let windows: [(StepWindow, String)] = [
        (StepWindow(period: 30, behind: 1, ahead: 1), "±1 step of 30 s (oathtool -w 1)"),
        (StepWindow(period: 30, behind: 2, ahead: 2), "Entra, 30 s"),
        (StepWindow(period: 60, behind: 2, ahead: 2), "Entra, 60 s"),
        (StepWindow(period: 30, behind: 6, ahead: 5), "privacyIDEA −6..+5"),
    ]

    func testNonLearningVerifiersLeaveOnTheSimulatedDate() throws {
        var compared = 0, never = 0
        for (window, name) in windows {
            for (index, ppm) in rates.enumerated() {
                let offset = offsets[index % offsets.count]
                let now = 1_800_000_000.0 + Double(index) * 7.3
                let phaseOfNow = now.truncatingRemainder(dividingBy: window.period)
                let forecast = WindowForecast(fit: try fit(offset: offset, ppm: ppm, now: now), window: window, learnsDrift: false, now: now)
                let simulated = simulateFixed(offset: offset, rate: ppm * 1e-6, period: window.period, behind: window.behind,
                                              ahead: window.ahead, phaseOfNow: phaseOfNow)
                let label = "\(name), \(ppm) ppm from \(offset) s"
                XCTAssertEqual(forecast.limit, .sinceSync)
                guard let simulated else {
                    XCTAssertGreaterThan(try XCTUnwrap(forecast.seconds, label), twoYears - window.period, label)
                    never += 1
                    continue
                }
                // The simulation signs in once at each end of a step: it sees the failure up to a step later.
                let predicted = try XCTUnwrap(forecast.seconds, label)
                XCTAssertGreaterThanOrEqual(simulated, predicted - 1e-3, label)
                XCTAssertLessThanOrEqual(simulated, predicted + window.period + edge / abs(ppm * 1e-6) + 1e-3, label)
                XCTAssertLessThanOrEqual(try XCTUnwrap(forecast.earliestSeconds), predicted, label)
                XCTAssertGreaterThanOrEqual(try XCTUnwrap(forecast.latestSeconds, label), predicted, label)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 40)
        XCTAssertGreaterThan(never, 0, "some cases run the whole two years")
    }

    func testLearningVerifiersAllowTheSimulatedIdleTime() throws {
        var compared = 0
        for (window, name) in windows {
            for (index, ppm) in rates.enumerated() {
                // Every phase of the offset within a step, not only whole steps.
                let offset = offsets[(index + 3) % offsets.count]
                let now = 1_800_000_000.0 + Double(index) * 11.9
                let phaseOfNow = now.truncatingRemainder(dividingBy: window.period)
                let forecast = WindowForecast(fit: try fit(offset: offset, ppm: ppm, now: now), window: window, learnsDrift: true, now: now)
                let simulated = simulateLearning(offset: offset, rate: ppm * 1e-6, period: window.period, behind: window.behind,
                                                 ahead: window.ahead, phaseOfNow: phaseOfNow)
                let label = "\(name), \(ppm) ppm at \(offset) s"
                XCTAssertEqual(forecast.limit, .idleTime)
                let predicted = try XCTUnwrap(forecast.seconds, label)
                guard let simulated else {
                    XCTAssertGreaterThan(predicted, twoYears - 2 * window.period, label)
                    continue
                }
                // The use itself moves within its step, and the refusal is seen at a step's end: two steps of slack.
                XCTAssertEqual(simulated, predicted, accuracy: 2 * window.period + edge / abs(ppm * 1e-6) + 1e-3, label)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 40)
    }

    /// The phase matters: 25 s into a step and gaining 10 ppm, Entra's ±2 steps of 30 s allow
    /// (60 − 25) s of drift, 40.5 days, not the 69 days that whole steps (60 s / 10 ppm) suggest.
    func testPhaseWithinAStepShortensTheIdleLimit() throws {
        let now = 1_800_000_010.0
        let window = StepWindow(period: 30, behind: 2, ahead: 2)
        let forecast = WindowForecast(fit: try fit(offset: 25, ppm: 10, now: now), window: window, learnsDrift: true, now: now)
        let simulated = try XCTUnwrap(simulateLearning(offset: 25, rate: 1e-5, period: 30, behind: 2, ahead: 2,
                                                       phaseOfNow: now.truncatingRemainder(dividingBy: 30)))
        XCTAssertEqual(try XCTUnwrap(forecast.seconds), 35 / 1e-5, accuracy: 1)
        XCTAssertEqual(simulated, 35 / 1e-5, accuracy: 61)
        XCTAssertGreaterThan(abs(simulated - 60 / 1e-5), 20 * day, "whole steps alone would be weeks off")
    }

    func testAClockAlreadyOutsideFailsNow() throws {
        let now = 1_800_000_000.0
        let forecast = WindowForecast(fit: try fit(offset: 31, ppm: 1, now: now), window: StepWindow(period: 30, behind: 1, ahead: 1),
                                      learnsDrift: false, now: now)
        XCTAssertTrue(forecast.failingNow)
        XCTAssertEqual(forecast.actBy, now)
        XCTAssertNotNil(simulateFixed(offset: 31, rate: 1e-6, period: 30, behind: 1, ahead: 1, phaseOfNow: 0).map { $0 < 31 })
    }
}
