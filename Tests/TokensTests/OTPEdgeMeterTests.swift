import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// The OTP-edge offset measurement and the aligned clock write, against the virtual Protectimus in
/// process with a simulated host clock (each poll's pause advances it), so no test waits.
final class OTPEdgeMeterTests: XCTestCase {
    private static let seed = try! Secret(bytes: Array("12345678901234567890".utf8))

    private func meter(offset: Double, interval: Int, host: FakeClock, driftPPM: Double = 0) -> (OTPEdgeMeter, InProcessCardTransport<VirtualProtectimus>) {
        let card = VirtualProtectimus(clock: SimulatedClock(offset: offset, driftPPM: driftPPM, start: host.time), seed: Self.seed, interval: interval)
        let transport = InProcessCardTransport(token: card, hostTime: host.tick)
        let search = CodeSearch(secret: Self.seed, parameters: OTPParameters(period: interval))
        let meter = OTPEdgeMeter(session: ProtectimusSession(transport: transport), search: search, range: 3000,
                                 pollInterval: 0.002, clock: host)
        return (meter, transport)
    }

    func testFullOffsetToAFewMillisecondsOverAGridOfOffsets() throws {
        let grid = [-3725.4321, -2.37, -0.999, -0.0004, 0, 0.999, 1.001, 12.345, 4321.5].map { ($0, 30) } + [(-59.5, 60), (7.25, 60)]
        for (offset, interval) in grid {
            do {
                let host = FakeClock(start: 1_800_000_000.123, perExchange: 0.0003)
                let result = try meter(offset: offset, interval: interval, host: host).0.measure()
                XCTAssertEqual(result.offset, offset, accuracy: 0.003, "offset \(offset), interval \(interval)")
                XCTAssertLessThanOrEqual(result.uncertainty, 0.002)
                XCTAssertLessThanOrEqual(result.elapsed, Double(interval) + 0.1, "within one step")
            }
        }
    }

    func testWrongSecretIsNotFoundAndAFrozenCodeGivesUp() throws {
        let host = FakeClock(start: 1_800_000_000, perExchange: 0.0003)
        let (good, transport) = meter(offset: 5, interval: 30, host: host)
        let wrong = OTPEdgeMeter(session: good.session, search: CodeSearch(secret: try Secret(bytes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
                                                                           parameters: OTPParameters()),
                                 range: 10, pollInterval: 0.002, clock: host)
        XCTAssertThrowsError(try wrong.measure()) { XCTAssertEqual($0 as? OTPEdgeMeter.Failure, .notFound(range: 10)) }
        XCTAssertFalse(transport.sent.contains { $0.bytes[2] == ProtectimusCommand.setTimeCode }, "measuring never writes")
        // A rate error of −10⁶ ppm stops the clock: its code never changes.
        let stuck = meter(offset: 5, interval: 30, host: host, driftPPM: -1_000_000).0
        XCTAssertThrowsError(try OTPEdgeMeter(session: stuck.session, search: stuck.search, range: 10, pollInterval: 0.5,
                                              clock: host).measure()) { XCTAssertEqual($0 as? OTPEdgeMeter.Failure, .noChange(seconds: 32)) }
    }

    func testClockSyncWritesTheNextWholeReferenceSecondAndVerifies() throws {
        let host = FakeClock(start: 1_800_000_000.4, perExchange: 0.0004)
        let card = VirtualProtectimus(clock: SimulatedClock(offset: 93.7, driftPPM: 0, start: host.time), seed: Self.seed, interval: 30)
        let transport = InProcessCardTransport(token: card, hostTime: host.tick)
        let sync = ProtectimusClockSync(session: ProtectimusSession(transport: transport),
                                        search: CodeSearch(secret: Self.seed, parameters: OTPParameters()),
                                        referenceOffset: 0.25, range: 100, clock: host)
        let result = try sync.run()
        XCTAssertEqual(result.written.time, 1_800_000_001, "the next whole reference second at least 50 ms ahead")
        XCTAssertEqual(result.beforeSteps, 3)
        XCTAssertEqual(result.readbackSteps, 0)
        XCTAssertTrue(result.verified && result.acknowledged)
        XCTAssertEqual(result.offsetAfter, 0, accuracy: 0.001)
        XCTAssertEqual(transport.token.clock.time(atHost: host.time) - (host.time + 0.25), 0, accuracy: 0.002,
                       "the token now runs with the reference clock")
    }
}
