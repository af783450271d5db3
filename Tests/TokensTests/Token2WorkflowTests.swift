import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// Token2 sync, burn, audit and offset measurement through the family-neutral face, against the
/// virtual token in process on a fake host clock: no pcscd, and no test waits.
final class Token2WorkflowTests: XCTestCase {
    private static let seed = try! Secret(bytes: Array("12345678901234567890".utf8))

    /// A virtual token of this serial `offset` seconds ahead of the fake host clock, detected.
    private func token(serial: String, offset: Double, clock: FakeClock) throws -> (any TokenDevice, InProcessTransport) {
        let state = VirtualTokenState(serial: serial, model: TokenModel.identify(serial: serial),
                                      clock: SimulatedClock(offset: offset, driftPPM: 0, start: clock.time))
        let transport = InProcessTransport(token: VirtualToken(state: state, retryLimit: nil, infoPreset: .zeros), hostTime: clock.tick)
        return (try TokenDetector.detect(TokenLink(transport: transport, reader: "in process", clock: clock)), transport)
    }

    private func syncRequest(_ clock: FakeClock, account: TokenAccount? = nil, dryRun: Bool = false) -> ClockWriteRequest {
        ClockWriteRequest(reference: ReferenceClock(hostOffset: nil, clock: clock), account: account, parameters: OTPParameters(),
                          displayTimeout: .seconds30, model: nil, range: 100, dryRun: dryRun, showSecrets: false)
    }

    func testSyncWritesAWholeReferenceSecondAndReadsItBack() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(serial: "86596320000001", offset: 2.5, clock: clock)
        XCTAssertEqual(token.identity, TokenIdentity(family: .token2, reader: "in process", serial: "86596320000001", model: "C302-i"))
        let plan = try token.planClockWrite(syncRequest(clock))
        XCTAssertEqual(plan.warnings, [])
        XCTAssertTrue(plan.summary?.hasPrefix("writing to 86596320000001 (C302-i): SHA1, 30 s step") == true, plan.summary ?? "")
        let result = try token.setClock(plan)
        XCTAssertTrue(result.verified)
        XCTAssertEqual(result.offsetAfter, 0, accuracy: 0.002)
        XCTAssertEqual(try XCTUnwrap(result.detail as? Token2Write).offsetBefore, 2.5, accuracy: 0.51, "one whole-second GET INFO before the write")
        XCTAssertEqual(transport.token.state.clock.time(atHost: clock.time) - clock.time, 0, accuracy: 0.002, "the token now keeps the reference time")
        XCTAssertEqual(result.historyToken, "86596320000001")
        XCTAssertEqual(result.historyMethod, "sync-readback")
        XCTAssertEqual(transport.sent.map(\.name).filter { $0 != "GET INFO" }, ["GET CHALLENGE", "AUTHENTICATE", "WRITE CONFIG"],
                       "one authentication, one config write, no seed")
    }

    func testSyncOfAModelThatErasesItsSeedNeedsTheSeedAndSendsNothingWithout() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(serial: "86596220000001", offset: -4, clock: clock)
        XCTAssertThrowsError(try token.planClockWrite(syncRequest(clock))) { error in
            XCTAssertTrue("\(error)".contains("a OTPC-P2-i erases its seed on every time write"), "\(error)")
        }
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"], "refused before anything but detection's read")
        XCTAssertEqual(try token.reread().command.name, "GET INFO", "a benchmark repeats the identifying read")
        let plan = try token.planClockWrite(syncRequest(clock, account: TokenAccount(secret: Self.seed, parameters: OTPParameters(), periodGiven: false)))
        XCTAssertEqual(plan.warnings, ["OTPC-P2-i erases its seed on a time write: the seed given is written again in the same session"])
        XCTAssertTrue(try token.setClock(plan).verified)
        XCTAssertEqual(transport.token.state.seed, Self.seed.bytes, "the seed went with the config")
    }

    func testDryRunListsTheWriteAndSendsNothingButDetection() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(serial: "86596320000001", offset: 1, clock: clock)
        let plan = try token.planClockWrite(syncRequest(clock, dryRun: true))
        XCTAssertTrue(plan.summary?.hasPrefix("would write to 86596320000001") == true)
        XCTAssertEqual(plan.dryRun.first, "sent: 80 41 00 00 02 02 11  [GET INFO] (read-only; a dry run sends nothing else)")
        XCTAssertEqual(plan.dryRun.dropFirst().map { $0.components(separatedBy: "[").last?.components(separatedBy: "]").first ?? "" },
                       ["GET CHALLENGE", "AUTHENTICATE", "WRITE CONFIG", "GET INFO"])
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"])
        XCTAssertNil(try TokenFamily.token2.clockWriteDryRun(syncRequest(clock, dryRun: true), afterProbes: true),
                     "a Token2 plan needs the token's model first")
    }

    func testBurnWritesConfigThenSeedAndPredictsTheCodesShown() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(serial: "86596220000001", offset: 30.2, clock: clock)
        let request = try BurnRequest(seed: Self.seed, parameters: OTPParameters(algorithm: .sha256, period: 60), displayTimeout: .seconds60,
                                      model: nil, dryRun: false, showSecrets: false)
        let result = try token.setClock(try token.planBurn(request, reference: ReferenceClock(hostOffset: nil, clock: clock)))
        XCTAssertTrue(result.verified)
        let state = transport.token.state
        XCTAssertEqual(state.seed, Self.seed.bytes)
        XCTAssertEqual(state.algorithm, .sha256)
        XCTAssertEqual(state.step, .seconds60)
        let codes = try XCTUnwrap(result.seedCodes)
        XCTAssertEqual(codes.expected.map(\.step), ["previous", "current", "next"])
        XCTAssertEqual(codes.expected[1].code, state.displayCode(atHost: clock.time), "the display shows the predicted current code")
        XCTAssertEqual(codes.stepOffset(of: UInt64(codes.expected[2].code)!), 1)
        XCTAssertEqual(transport.sent.map(\.name).filter { $0 != "GET INFO" }, ["GET CHALLENGE", "AUTHENTICATE", "WRITE CONFIG", "WRITE SEED"])
        XCTAssertThrowsError(try BurnRequest(seed: Self.seed, parameters: OTPParameters(digits: 8), displayTimeout: .seconds30, model: nil,
                                             dryRun: false, showSecrets: false), "8 digits are refused before any token is touched")
    }

    func testAuditReadsOnlyUnlessTheKeyCheckIsAllowed() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(serial: "86596320000001", offset: 0, clock: clock)
        let unused = AuditRequest(allowTimeWrite: true, allowAuthCheck: false,
                                  reference: { XCTFail("no time write on Token2"); throw CancellationError() },
                                  account: { XCTFail("no secret needed"); throw CancellationError() })
        let audit = try token.audit(unused)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: audit.findings.map { ($0.id, $0.status) }),
                       ["otp-readable": .notVulnerable, "time-write-unauthenticated": .notVulnerable, "time-write-keeps-seed": .byDesign,
                        "access-key": .notTested])
        XCTAssertEqual(audit.identityText, "serial 86596320000001, C302-i")
        XCTAssertEqual(audit.findings.filter { $0.status == .notTested }.map(\.test), [.authenticationCheck], "the untested check names what tests it")
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"])
        var allowed = unused
        allowed.allowAuthCheck = true
        XCTAssertEqual(try token.audit(allowed).findings.first { $0.id == "access-key" }?.status, .vulnerable)
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO", "GET CHALLENGE", "AUTHENTICATE"], "no write, ever")
    }

    func testOffsetFromTheSecondTickingOver() throws {
        for offset in [-3725.4321, -0.0004, 0.999, 2.5] {
            let clock = FakeClock(start: 1_800_000_000.123, perExchange: 0.0003)
            let (token, transport) = try token(serial: "86596320000001", offset: offset, clock: clock)
            let measured = try token.measureOffset(OffsetRequest(fineEdges: 2, account: { throw CancellationError() }, range: 10,
                                                                 pollInterval: 0.002))
            XCTAssertEqual(measured.observation.offset, offset, accuracy: 0.001, "offset \(offset)")
            XCTAssertEqual(measured.method, "get-info-edge")
            XCTAssertEqual(measured.token, "86596320000001")
            XCTAssertTrue(transport.sent.allSatisfy { $0.name == "GET INFO" })
        }
    }
}
