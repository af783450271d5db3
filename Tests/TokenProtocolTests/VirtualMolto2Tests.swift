import OTPCore
import TokenEmulator
import TokenProtocol
import XCTest

/// The virtual Molto2's choices (docs/emulator.md, "Virtual Molto2"), through `Molto2Session`
/// in process: the tries counter, the button, both clock models and the state file.
final class VirtualMolto2Tests: XCTestCase {
    private let profile = Molto2Profile(7)!
    private var hostTime = 1_700_000_000.25

    private func card(model: Molto2ClockModel = .device, button: ButtonPolicy = .auto, tries: Int = 8, key: Molto2Key = .factory) -> VirtualMolto2 {
        VirtualMolto2(state: VirtualMolto2State(serial: "826658710000001", clock: SimulatedClock(offset: 5, driftPPM: 0, start: hostTime),
                                                clockModel: model, key: key, maxTries: tries), button: button)
    }

    private func session(_ card: VirtualMolto2) -> (Molto2Session, InProcessCardTransport<VirtualMolto2>) {
        let transport = InProcessCardTransport(token: card, hostTime: { [unowned self] in hostTime })
        return (Molto2Session(transport: transport), transport)
    }

    func testTriesCountDownAndLockAtZero() throws {
        let wrong = Molto2Key(customerKey: Array("wrong".utf8))
        let transport = InProcessCardTransport(token: card(tries: 3), hostTime: { 0 })
        var seen: [Molto2AuthenticationOutcome] = []
        for _ in 0..<4 { seen.append(try Molto2Session(transport: transport).authenticate(key: wrong)) }
        XCTAssertEqual(seen, [.refused(sw: 0x63C2, triesLeft: 2), .refused(sw: 0x63C1, triesLeft: 1),
                              .refused(sw: 0x63C0, triesLeft: 0), .refused(sw: 0x63C0, triesLeft: 0)])
        XCTAssertEqual(try Molto2Session(transport: transport).authenticate(key: .factory), .refused(sw: 0x63C0, triesLeft: 0),
                       "locked: even the right key is refused")
    }

    func testARightKeyRestoresTheTries() throws {
        let transport = InProcessCardTransport(token: card(), hostTime: { 0 })
        XCTAssertEqual(try Molto2Session(transport: transport).authenticate(key: Molto2Key(customerKey: [1])), .refused(sw: 0x63C7, triesLeft: 7))
        XCTAssertEqual(try Molto2Session(transport: transport).authenticate(key: .factory), .authenticated)
        XCTAssertEqual(transport.token.state.triesLeft, 8)
    }

    func testBurnOneProfileAndReadItBack() throws {
        let (session, transport) = session(card())
        XCTAssertEqual(try session.authenticate(key: .factory), .authenticated)
        let seed = Array("12345678901234567890123456789012".utf8)
        try session.writeSeed(seed, profile: profile)
        try session.writeTitle("TEST-PROF-07", profile: profile)
        try session.writeConfig(Molto2Config(time: 59, algorithm: .sha256, digits: .eight, step: .seconds30), profile: profile)
        let block = try session.readPublicData(profile)
        XCTAssertEqual([block.title, "\(block.seedPresent)", "\(block.digits)"], ["TEST-PROF-07", "true", "8"])
        XCTAssertEqual(transport.token.state.profiles[7].code(at: transport.token.state.time(profile: 7, atHost: hostTime)), "46119246",
                       "RFC 6238's SHA-256 vector at T = 59")
        XCTAssertThrowsError(try session.writeSeed(seed, profile: profile)) {
            XCTAssertEqual($0 as? Molto2Error, .unexpectedStatus(command: "WRITE SEED", sw: 0x6A89), "an occupied profile refuses a new seed")
        }
        XCTAssertEqual(try session.deleteSeed(profile), .deleted)
        XCTAssertEqual(try session.deleteSeed(profile), .alreadyEmpty)
        XCTAssertEqual(try session.readPublicData(profile).title, "TEST-PROF-07", "the title survives")
    }

    func testSecureCommandsNeedAuthenticationAndAGoodMAC() throws {
        var token = card()
        let sync = try Molto2Command.syncTime(1_700_000_000, profile: profile, key: .factory).bytes
        XCTAssertEqual(token.handle(sync, hostTime: 0).response, [0x69, 0x82])
        XCTAssertEqual(token.handle(Molto2Command.readPublicData(profile).bytes + [0x00], hostTime: 0).response, [0x6F, 0xFB])
        XCTAssertEqual(token.handle(TokenCommand.getInfo.bytes, hostTime: 0).response, [0x6A, 0x80], "the single-profile GET INFO is foreign")
        XCTAssertEqual(token.handle(Molto2Command.deleteSeed(Molto2Profile(99)!).bytes, hostTime: 0).response, [0x6A, 0x83])
        var outOfRange = Molto2Command.deleteSeed(profile).bytes
        outOfRange[3] = 100
        XCTAssertEqual(token.handle(outOfRange, hostTime: 0).response, [0x6A, 0x86])
    }

    /// Device model: a time write to one profile moves GET INFO and every profile. Per-profile
    /// model: it moves that profile only, and GET INFO keeps the RTC.
    func testTimeWriteUnderBothClockModels() throws {
        for model in Molto2ClockModel.allCases {
            let (session, transport) = session(card(model: model))
            XCTAssertEqual(try session.authenticate(key: .factory), .authenticated)
            try session.syncTime(1_600_000_000, profile: profile)
            let state = transport.token.state
            XCTAssertEqual(state.time(profile: 7, atHost: hostTime), 1_600_000_000, accuracy: 1e-6, "\(model)")
            let info = try session.getInfo().info.time
            let other = state.time(profile: 8, atHost: hostTime)
            switch model {
            case .device:
                XCTAssertEqual(info, 1_600_000_000)
                XCTAssertEqual(other, 1_600_000_000, accuracy: 1e-6)
            case .perProfile:
                XCTAssertEqual(info, 1_700_000_005)
                XCTAssertEqual(other, 1_700_000_005.25, accuracy: 1e-6)
            }
            let block = try session.readPublicData(profile)
            XCTAssertEqual(block.timeB, 1_600_000_000)
            XCTAssertEqual(block.timeA, 1_700_000_005, "the RTC second at the write")
        }
    }

    func testKeyChangeWaitsForTheButton() throws {
        let newKey = Molto2Key(customerKey: Array("NEW-MOLTO2-KEY01".utf8))
        for (button, takes) in [(ButtonPolicy.auto, true), (.deny, false), (.after(2), true)] {
            hostTime = 1_700_000_000.25
            let transport = InProcessCardTransport(token: card(button: button), hostTime: { [unowned self] in hostTime })
            let session = Molto2Session(transport: transport)
            XCTAssertEqual(try session.authenticate(key: .factory), .authenticated)
            XCTAssertEqual(try session.changeKey(to: newKey), .awaitingButton)
            if case .after = button {
                XCTAssertEqual(transport.token.state.key, .factory, "not before the press")
                hostTime += 2.5
            }
            XCTAssertEqual(try Molto2Session(transport: transport).authenticate(key: takes ? newKey : .factory), .authenticated, "\(button)")
            XCTAssertEqual(transport.token.state.key, takes ? newKey : .factory)
        }
    }

    func testStateFileRoundTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("molto2-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var token = card(model: .perProfile)
        token.state.profiles[3].seed = [1, 2, 3]
        token.state.triesLeft = 4
        try token.saveState(to: path)
        XCTAssertEqual(try EmulatorStateFile.load(path, as: VirtualMolto2State.self), token.state)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }
}
