import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// Molto2 writes through the face against the virtual Molto2 in process on a fake clock: the sync
/// of one profile and of all 100 under both clock models, and the lockout rules.
final class Molto2WriteTests: XCTestCase {
    /// The tries history, in memory.
    final class Tries {
        var counts: [String: Int?] = [:]

        func access(key: String, force: Bool = false) -> KeyAccess {
            KeyAccess(key: { Array(key.utf8) }, lastTriesLeft: { self.counts[$0].map { $0 ?? 0 } },
                      recordTriesLeft: { self.counts[$0] = .some($1) }, clearTries: { self.counts[$0] = nil }, force: force)
        }
    }

    private func token(offset: Double, model: Molto2ClockModel, clock: FakeClock, key: Molto2Key = .factory)
        throws -> (any TokenDevice, InProcessCardTransport<VirtualMolto2>) {
        let state = VirtualMolto2State(serial: "826658710000001", clock: SimulatedClock(offset: offset, driftPPM: 0, start: clock.time),
                                       clockModel: model, key: key)
        let transport = InProcessCardTransport(token: VirtualMolto2(state: state), hostTime: clock.tick)
        return (try TokenDetector.detect(TokenLink(transport: transport, reader: "TOKEN2 Molto2 00 00", clock: clock)), transport)
    }

    private func sync(_ clock: FakeClock, _ profiles: ProfileSelection?, _ access: KeyAccess?, dryRun: Bool = false) -> ClockWriteRequest {
        ClockWriteRequest(reference: ReferenceClock(hostOffset: nil, clock: clock), account: nil, parameters: OTPParameters(),
                          displayTimeout: .seconds30, model: nil, range: 10, dryRun: dryRun, showSecrets: false, profiles: profiles, keyAccess: access)
    }

    func testSyncOfOneProfileUnderBothClockModelsSaysWhichClockMoved() throws {
        for model in Molto2ClockModel.allCases {
            let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
            let (token, transport) = try token(offset: -7.25, model: model, clock: clock)
            let result = try token.setClock(token.planClockWrite(sync(clock, .one(7), Tries().access(key: "TOKEN2MOLTO1-KEY"))))
            let write = try XCTUnwrap(result.detail as? Molto2Write)
            XCTAssertTrue(result.verified, "\(model)")
            XCTAssertEqual(write.profiles.map(\.profile), [7])
            XCTAssertTrue(write.profiles[0].fieldShowsWrite)
            XCTAssertLessThan(abs(write.profiles[0].arrivalError), 0.002)
            let state = transport.token.state
            XCTAssertEqual(state.time(profile: 7, atHost: clock.time) - clock.time, 0, accuracy: 0.002, "\(model): profile 7 keeps true time")
            switch model {
            case .device:
                XCTAssertEqual(write.deviceClock, .moved)
                XCTAssertEqual(result.offsetAfter, 0, accuracy: 0.002)
            case .perProfile:
                XCTAssertEqual(write.deviceClock, .notMoved, "GET INFO still shows the RTC, and the sync is not failed for it")
                XCTAssertEqual(result.offsetAfter, -7.25, accuracy: 0.002)
                XCTAssertEqual(state.time(profile: 8, atHost: clock.time) - clock.time, -7.25, accuracy: 0.002, "other profiles keep their time")
            }
            XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1)
        }
    }

    /// All 100 profiles in one session, each write within 20 ms of the whole second it carries.
    func testSyncOfAllProfilesInOneSession() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(offset: 3.5, model: .perProfile, clock: clock)
        let result = try token.setClock(token.planClockWrite(sync(clock, .all, Tries().access(key: "TOKEN2MOLTO1-KEY"))))
        let write = try XCTUnwrap(result.detail as? Molto2Write)
        XCTAssertTrue(result.verified)
        XCTAssertEqual(write.profiles.count, 100)
        XCTAssertLessThanOrEqual(write.profiles.map { abs($0.arrivalError) }.max()!, 0.021)
        XCTAssertEqual(Set(write.profiles.map(\.writtenTime)).count, 2, "fifty writes of 0.4 ms fit in each 20 ms window")
        for index in 0..<100 {
            XCTAssertEqual(transport.token.state.time(profile: index, atHost: clock.time) - clock.time, 0, accuracy: 0.025, "profile \(index)")
        }
        XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1)
        XCTAssertEqual(transport.sent.filter { $0.name == "SYNC TIME" }.count, 100)
    }

    func testWrongKeyMakesOneAttemptReportsTriesAndStops() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(offset: 3, model: .device, clock: clock, key: Molto2Key(customerKey: Array("right".utf8)))
        let tries = Tries()
        XCTAssertThrowsError(try token.setClock(token.planClockWrite(sync(clock, .one(0), tries.access(key: "wrong"))))) { error in
            let refused = error as? AuthenticationRefused
            XCTAssertEqual(refused?.triesLeft, 7)
            XCTAssertTrue("\(error)".contains("63 C7") && "\(error)".contains("7 tries left"), "\(error)")
        }
        XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1, "one attempt")
        XCTAssertFalse(transport.sent.contains { $0.name == "SYNC TIME" }, "nothing written after the refusal")
        XCTAssertEqual(tries.counts["826658710000001"], .some(7))

        // The history's count decides the next run: at 2 it refuses before sending anything.
        tries.counts["826658710000001"] = .some(2)
        let sentBefore = transport.sent.count
        XCTAssertThrowsError(try token.setClock(token.planClockWrite(sync(clock, .one(0), tries.access(key: "right"))))) {
            XCTAssertEqual(($0 as? TriesTooLow)?.triesLeft, 2)
        }
        XCTAssertFalse(transport.sent.dropFirst(sentBefore).contains { $0.name == "AUTHENTICATE" || $0.name == "GET CHALLENGE" })
        let (fresh, _) = try self.token(offset: 3, model: .device, clock: clock, key: Molto2Key(customerKey: Array("right".utf8)))
        XCTAssertTrue(try fresh.setClock(fresh.planClockWrite(sync(clock, .one(0), tries.access(key: "right", force: true)))).verified, "--force")
        XCTAssertNil(tries.counts["826658710000001"] ?? nil, "a success clears the count")
    }

    func testSyncNeedsAProfileAndOtherFamiliesRefuseOne() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(offset: 0, model: .device, clock: clock)
        XCTAssertThrowsError(try token.planClockWrite(sync(clock, nil, Tries().access(key: "x")))) {
            XCTAssertEqual(($0 as? InputError)?.remedy, .chooseProfiles(all: true), "\($0)")
        }
        XCTAssertThrowsError(try token.planClockWrite(sync(clock, .one(100), Tries().access(key: "x"))))
        let plan = try token.planClockWrite(sync(clock, .one(4), Tries().access(key: "x"), dryRun: true))
        XCTAssertTrue(plan.dryRun.contains { $0.hasPrefix("would send: 84 D4 01 04 0C 81 06 0F 04 ") }, plan.dryRun.joined(separator: "\n"))
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"], "planning sends nothing")

        let state = VirtualTokenState(serial: "86596320000001", model: TokenModel.named("C302-i"), clock: SimulatedClock(offset: 0, driftPPM: 0, start: clock.time))
        let token2 = try TokenDetector.detect(TokenLink(transport: InProcessTransport(token: VirtualToken(state: state, retryLimit: nil, infoPreset: .zeros), hostTime: clock.tick),
                                                        reader: "in process", clock: clock))
        XCTAssertThrowsError(try token2.planClockWrite(sync(clock, .one(1), nil))) {
            XCTAssertTrue("\($0)".hasSuffix("has no profiles"), "\($0)")
            XCTAssertEqual(($0 as? TokenCapabilityError)?.unusedProfileRequest, .profiles, "the remedy: leave the profile selection out")
        }
    }

    func testBurnOneFreeProfileVerifiedByItsBlock() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        let (token, transport) = try token(offset: 4.2, model: .perProfile, clock: clock)
        let seed = try Secret(bytes: Array("12345678901234567890123456789012".utf8))
        let request = try BurnRequest(seed: seed, parameters: OTPParameters(algorithm: .sha256, digits: 8, period: 60), displayTimeout: .seconds30,
                                      model: nil, dryRun: false, showSecrets: false, profile: 12, title: "Bank", keyAccess: Tries().access(key: "TOKEN2MOLTO1-KEY"))
        let result = try token.setClock(token.planBurn(request, reference: ReferenceClock(hostOffset: nil, clock: clock)))
        XCTAssertTrue(result.verified, result.unverified.text)
        let state = transport.token.state
        XCTAssertEqual(state.profiles[12].seed, seed.bytes)
        XCTAssertEqual(state.profiles[12].title, "Bank")
        XCTAssertEqual(state.profiles[12].digits, .eight)
        let shown = try XCTUnwrap(state.profiles[12].code(at: state.time(profile: 12, atHost: clock.time)))
        XCTAssertEqual(try XCTUnwrap(result.seedCodes).expected[1].code, shown, "the predicted code is the one the profile shows")
        XCTAssertEqual(transport.sent.map(\.name).filter { !["GET INFO", "READ PUBLIC DATA", "READ INFO"].contains($0) },
                       ["GET CHALLENGE", "AUTHENTICATE", "WRITE SEED", "WRITE TITLE", "WRITE CONFIG"])
        // An occupied profile is refused before authenticating.
        let again = transport.sent.count
        XCTAssertThrowsError(try token.setClock(token.planBurn(request, reference: ReferenceClock(hostOffset: nil, clock: clock)))) {
            XCTAssertTrue("\($0)".contains("already holds a seed"), "\($0)")
        }
        XCTAssertEqual(transport.sent.dropFirst(again).map(\.name), ["READ PUBLIC DATA"])
    }

    func testDeleteAndKeyChange() throws {
        let clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        var card = VirtualMolto2(state: VirtualMolto2State(serial: "826658710000001", clock: SimulatedClock(offset: 0, driftPPM: 0, start: clock.time),
                                                           clockModel: .device), button: .deny)
        card.state.profiles[5].seed = [1, 2, 3, 4]
        let transport = InProcessCardTransport(token: card, hostTime: clock.tick)
        let token = try TokenDetector.detect(TokenLink(transport: transport, reader: "TOKEN2 Molto2 00 00", clock: clock))
        let tries = Tries()
        let deleted = try token.deleteSeed(SeedDeleteRequest(profile: 5, keyAccess: tries.access(key: "TOKEN2MOLTO1-KEY"), dryRun: false))
        XCTAssertTrue(deleted.seedBefore && deleted.deleted && !deleted.seedAfter)
        XCTAssertNil(transport.token.state.profiles[5].seedHex)

        let change = KeyChangeRequest(keyAccess: tries.access(key: "TOKEN2MOLTO1-KEY"), newKey: { Array("NEW-MOLTO2-KEY01".utf8) },
                                      waitForButton: {}, dryRun: false)
        XCTAssertThrowsError(try token.changeKey(change), "one AUTHENTICATE per run: this device already sent it") {
            XCTAssertEqual($0 as? Molto2Error, .authenticationAlreadyAttempted)
        }
        let nextRun = try TokenDetector.detect(TokenLink(transport: transport, reader: "TOKEN2 Molto2 00 00", clock: clock))
        let refused = try nextRun.changeKey(change)
        XCTAssertFalse(refused.verified, "the button was never pressed: the new key is refused")
        XCTAssertEqual(refused.triesLeft, 7)
        XCTAssertEqual(transport.token.state.key, .factory)

        let pressed = InProcessCardTransport(token: VirtualMolto2(state: transport.token.state, button: .auto), hostTime: clock.tick)
        let again = try TokenDetector.detect(TokenLink(transport: pressed, reader: "TOKEN2 Molto2 00 00", clock: clock))
        let accepted = try again.changeKey(change)
        XCTAssertTrue(accepted.verified && accepted.awaitedButton)
        XCTAssertEqual(pressed.token.state.key, Molto2Key(customerKey: Array("NEW-MOLTO2-KEY01".utf8)))
        XCTAssertEqual(pressed.sent.filter { $0.name == "AUTHENTICATE" }.count, 2, "the current key once, the new key once to check")
    }
}
