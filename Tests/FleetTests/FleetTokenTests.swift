import Drift
import Fleet
import Tokens
import XCTest

/// The fleet's rules: status from the verifiers' forecasts, the act-by date, the order and the
/// `within` filter, worked out by hand for tokens drifting on a straight line.
final class FleetTokenTests: XCTestCase {
    private let day = 86_400.0
    private let start = 1_700_000_000.0
    /// ±1 step of 30 s, no drift learning: a code is always accepted while the offset is within ±30 s.
    private let strict = (VerifierProfile(id: "w1", name: "±1 step", source: .init(kind: .document, reference: "test", date: "2026-01-01"),
                                          windows: [.init(period: 30, behindSteps: 1, aheadSteps: 1)], learnsDrift: .never),
                          StepWindow(period: 30, behind: 1, ahead: 1))

    /// Three exact measurements ten days apart on offset = `offset` + `ppm`·10⁻⁶·(t − start).
    private func line(offset: Double, ppm: Double) -> [OffsetObservation] {
        (0..<3).map { index in
            let time = start + Double(index) * 10 * day
            return OffsetObservation(time: time, offset: offset + ppm * 1e-6 * (time - start), uncertainty: 0.001)
        }
    }

    private func token(_ name: String, offset: Double = 0, ppm: Double = 10, methods: Set<String> = ["get-info-edge"], soon: Double = 30,
                       now: Double? = nil, measurements: [OffsetObservation]? = nil) -> FleetToken {
        FleetToken(token: name, methods: methods, lastSync: start, measurements: measurements ?? line(offset: offset, ppm: ppm),
                   windows: [strict], soon: soon * day, now: now ?? start + 20 * day)
    }

    func testStatusFollowsTheForecastAgainstTheHorizon() throws {
        // 10 ppm from 0 s reaches +30 s after 3·10⁶ s (34.7 days after start, 14.7 days after now).
        let drifting = token("drifting")
        let actBy = try XCTUnwrap(drifting.actBy)
        XCTAssertEqual(actBy, start + 3e6, accuracy: 0.5 * day, "the act-by date is where the line leaves ±30 s")
        XCTAssertLessThanOrEqual(actBy, start + 3e6, "act-by is the range's earliest end, never after the fitted date")
        XCTAssertEqual(drifting.status, .resyncSoon, "14.7 days is within a 30-day horizon")
        XCTAssertEqual(token("drifting", soon: 10).status, .ok, "negative control: not within a 10-day horizon")
        XCTAssertEqual(token("outside", offset: 31, ppm: 0).status, .failing, "31 s is outside ±1 step of 30 s now")
        XCTAssertEqual(token("outside", offset: 31, ppm: 0).outlooks.first?.forecast.failingNow, true)
        XCTAssertEqual(token("steady", offset: 1, ppm: 0).status, .ok)
        XCTAssertGreaterThan(token("steady", offset: 1, ppm: 0).actBy ?? .infinity, start + 3650 * day, "no drift: no act-by for years")
    }

    func testTooFewMeasurementsIsUnmeasuredWithTheReason() {
        let single = token("single", measurements: [OffsetObservation(time: start, offset: 0, uncertainty: 0.01)])
        XCTAssertEqual(single.status, .unmeasured)
        XCTAssertNil(single.fit)
        XCTAssertEqual(single.problem, .tooFewObservations(1))
        XCTAssertTrue(single.outlooks.isEmpty)
        XCTAssertNil(single.actBy)
        XCTAssertNil(token("two", measurements: Array(line(offset: 0, ppm: 10).prefix(2))).problem, "two measurements are enough for a fit")
    }

    func testFamilyComesFromTheRecordedMethods() {
        XCTAssertEqual(token("86596220000001").family, .token2)
        XCTAssertEqual(token("86596220000001").familyName, "token2")
        XCTAssertEqual(token("phone", methods: ["manual"]).familyName, "manual")
        XCTAssertNil(token("phone", methods: ["manual"]).family)
        XCTAssertEqual(token("odd", methods: ["weird"]).familyName, "unknown")
        XCTAssertEqual(token("odd", methods: ["manual", "weird"]).familyName, "unknown", "manual only when every method is manual")
    }

    func testListIsMostUrgentFirstThenEarliestActBy() {
        let tokens = [token("b-ok", offset: 1, ppm: 0), token("c-soon-late", ppm: 8), token("unmeasured", measurements: []),
                      token("a-soon-early", ppm: 12), token("z-failing", offset: 40, ppm: 0), token("a-failing", offset: -40, ppm: 0)]
        let list = FleetList(tokens, now: start + 20 * day)
        XCTAssertEqual(list.tokens.map(\.token), ["a-failing", "z-failing", "a-soon-early", "c-soon-late", "b-ok", "unmeasured"])
        XCTAssertEqual(list.counts, [.failing: 2, .resyncSoon: 2, .ok: 1, .unmeasured: 1])
        XCTAssertEqual(list.worstStatus, .failing)
        XCTAssertEqual(FleetList(Array(tokens.prefix(3)), now: start).worstStatus, .resyncSoon)
        XCTAssertNil(FleetList([], now: start).worstStatus)
    }

    func testWithinKeepsOnlyTokensToActOnByThen() {
        let now = start + 20 * day
        let tokens = [token("soon", ppm: 10), token("later", ppm: 5), token("steady", offset: 1, ppm: 0), token("unmeasured", measurements: [])]
        // At 5 ppm the line leaves +30 s after 6·10⁶ s: 49.4 days after now.
        XCTAssertEqual(FleetList(tokens, within: 20 * day, now: now).tokens.map(\.token), ["soon"])
        XCTAssertEqual(FleetList(tokens, within: 60 * day, now: now).tokens.map(\.token), ["soon", "later"])
        XCTAssertEqual(FleetList(tokens, within: 366 * day, now: now).tokens.map(\.token), ["soon", "later"],
                       "a token without a forecast has no date to act by, so it is never within")
        XCTAssertEqual(FleetList(tokens, now: now).tokens.count, 4, "without within every token is listed")
    }

    func testStatusOrder() {
        XCTAssertEqual(FleetStatus.allCases.sorted(), [.failing, .resyncSoon, .ok, .unmeasured])
        XCTAssertEqual(FleetStatus.allCases.map(\.rawValue), ["failing", "resync-soon", "ok", "unmeasured"])
    }
}
