import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// Protectimus sync, audit and offset measurement through the family-neutral face, against the
/// virtual Protectimus in process on a fake host clock.
final class ProtectimusWorkflowTests: XCTestCase {
    private static let seed = try! Secret(bytes: Array("12345678901234567890".utf8))
    private static let account = TokenAccount(secret: seed, parameters: OTPParameters(), periodGiven: false)

    private func token(offset: Double, clock: FakeClock) throws -> (any TokenDevice, InProcessCardTransport<VirtualProtectimus>) {
        let card = VirtualProtectimus(clock: SimulatedClock(offset: offset, driftPPM: 0, start: clock.time), seed: Self.seed, interval: 30)
        let transport = InProcessCardTransport(token: card, hostTime: clock.tick)
        return (try TokenDetector.detect(TokenLink(transport: transport, reader: "in process", clock: clock)), transport)
    }

    private func setTimes(_ transport: InProcessCardTransport<VirtualProtectimus>) -> Int {
        transport.sent.filter { $0.bytes.count > 2 && $0.bytes[2] == ProtectimusCommand.setTimeCode }.count
    }

    private func syncRequest(_ clock: FakeClock, account: TokenAccount?) -> ClockWriteRequest {
        ClockWriteRequest(reference: ReferenceClock(hostOffset: nil, clock: clock), account: account, parameters: OTPParameters(),
                          displayTimeout: .seconds30, model: nil, range: 100, dryRun: false, showSecrets: false)
    }

    func testSyncSetsTheClockAndTheCodeReadBackVerifiesIt() throws {
        let clock = FakeClock(start: 1_800_000_000.4, perExchange: 0.0004)
        let (token, transport) = try token(offset: -73.6, clock: clock)
        XCTAssertEqual(token.identity.family, .protectimus)
        XCTAssertThrowsError(try token.planClockWrite(syncRequest(clock, account: nil))) { error in
            XCTAssertTrue("\(error)".contains("needs the secret"), "\(error)")
        }
        let result = try token.setClock(try token.planClockWrite(syncRequest(clock, account: Self.account)))
        XCTAssertTrue(result.verified)
        XCTAssertEqual(result.offsetAfter, 0, accuracy: 0.001)
        XCTAssertEqual((result.detail as? ProtectimusClockSync.Result)?.beforeSteps, -3, "73.6 s behind, 0.4 s into the reference step: three steps back")
        XCTAssertEqual(result.historyToken, "secret:\(Self.seed.fingerprint)")
        XCTAssertEqual(result.historyMethod, "otp-readback")
        XCTAssertEqual(transport.token.clock.time(atHost: clock.time) - clock.time, 0, accuracy: 0.002)
        XCTAssertEqual(setTimes(transport), 1)
    }

    func testBurnIsRefusedWithoutSendingAnything() throws {
        let clock = FakeClock(start: 1_800_000_000.4, perExchange: 0.0004)
        let (token, transport) = try token(offset: 5, clock: clock)
        let request = try BurnRequest(seed: Self.seed, parameters: OTPParameters(), displayTimeout: .seconds30, model: nil, dryRun: false,
                                      showSecrets: false)
        XCTAssertThrowsError(try token.planBurn(request, reference: ReferenceClock(hostOffset: nil, clock: clock))) {
            XCTAssertTrue($0 is TokenCapabilityError, "\($0)")
        }
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO", "READ INFO"])
    }

    func testAuditWritesOnlyWhenAllowedAndOnlyTheTrueTime() throws {
        let clock = FakeClock(start: 1_800_000_000.4, perExchange: 0.0004)
        let (token, transport) = try token(offset: 95.3, clock: clock)
        let readsOnly = try token.audit(AuditRequest(allowTimeWrite: false, allowAuthCheck: true,
                                                     reference: { XCTFail("not asked without a time write"); throw CancellationError() },
                                                     account: { XCTFail("not asked without a time write"); throw CancellationError() }))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: readsOnly.findings.map { ($0.id, $0.status) }),
                       ["otp-readable": .vulnerable, "time-write-unauthenticated": .notTested, "time-write-keeps-seed": .notTested,
                        "access-key": .byDesign])
        XCTAssertEqual(setTimes(transport), 0)
        XCTAssertEqual(readsOnly.findings.filter { $0.status == .notTested }.map(\.test), [.timeWrite, .timeWrite])
        XCTAssertTrue(readsOnly.findings.allSatisfy { !$0.evidence.contains("--") }, "the evidence names no option")
        let written = try token.audit(AuditRequest(allowTimeWrite: true, allowAuthCheck: false,
                                                   reference: { ReferenceClock(hostOffset: nil, clock: clock) }, account: { Self.account }))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: written.findings.map { ($0.id, $0.status) }),
                       ["otp-readable": .vulnerable, "time-write-unauthenticated": .vulnerable, "time-write-keeps-seed": .vulnerable,
                        "access-key": .byDesign])
        XCTAssertEqual(written.writesSent.count, 1)
        XCTAssertEqual(setTimes(transport), 1)
        XCTAssertEqual(transport.token.clock.time(atHost: clock.time) - clock.time, 0, accuracy: 0.002, "the true time, not the token's +95 s")
    }

    func testOffsetFromTheCodeChanging() throws {
        let clock = FakeClock(start: 1_800_000_000.4, perExchange: 0.0003)
        let (token, transport) = try token(offset: -3.25, clock: clock)
        let measured = try token.measureOffset(OffsetRequest(fineEdges: 2, account: { Self.account }, range: 100, pollInterval: 0.002))
        XCTAssertEqual(measured.observation.offset, -3.25, accuracy: 0.003)
        XCTAssertEqual(measured.method, "otp-edge")
        XCTAssertEqual(setTimes(transport), 0, "measuring never writes")
        let eightDigits = TokenAccount(secret: Self.seed, parameters: OTPParameters(digits: 8), periodGiven: false)
        XCTAssertThrowsError(try token.measureOffset(OffsetRequest(fineEdges: 2, account: { eightDigits }, range: 100, pollInterval: 0.002)))
    }

    func testANamedFamilyPlansItsDryRunWithoutTheToken() throws {
        let clock = FakeClock(start: 1_800_000_000.4, perExchange: 0.0004)
        let lines = try XCTUnwrap(try TokenFamily.protectimus.clockWriteDryRun(syncRequest(clock, account: Self.account), afterProbes: true))
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("then: 86 03 42 00 42"), lines[0])
        XCTAssertTrue(lines[1].contains("86 0A 12 00 00 1E "), lines[1])
        XCTAssertEqual(TokenDetector.dryRunLines(for: .protectimus), ["would send: 86 02 10 10  [READ INFO]"])
        XCTAssertEqual(TokenDetector.dryRunLines(for: nil).count, 3)
    }
}
