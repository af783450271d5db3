import Foundation
import OTPCore
import TokenEmulator
import TokenProtocol
import XCTest

/// The virtual token's behaviour (docs/token-protocol.md §8), driven through a real `TokenSession` over the
/// in-process transport, plus the vectors that need a token side (C.3-NEG, C.6, F, G).
final class VirtualTokenTests: XCTestCase {
    private let start = 1_700_000_000.0
    private let fixedChallenge: [UInt8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]

    private func makeTransport(serial: String = "86596220000001", retryLimit: Int? = nil,
                               preset: InfoPreset = .tlvHypothesis, offset: Double = 0) -> InProcessTransport {
        let state = VirtualTokenState(serial: serial, model: TokenModel.identify(serial: serial),
                                      clock: SimulatedClock(offset: offset, driftPPM: 0, start: start))
        let challenge = fixedChallenge
        let token = VirtualToken(state: state, retryLimit: retryLimit, infoPreset: preset) { challenge }
        let start = self.start
        return InProcessTransport(token: token, hostTime: { start })
    }

    private func send(_ transport: InProcessTransport, _ bytes: [UInt8]) throws -> UInt16 {
        try transport.transmit(CommandAPDU(name: "raw", bytes: bytes)).response.sw
    }

    func testBurnFlowStoresSeedAndDisplaysVectorFCode() throws {
        let transport = makeTransport()
        let session = TokenSession(transport: transport)
        try session.authenticate()
        try session.writeConfig(TokenConfig(time: 1_700_000_000))
        try session.writeSeed(Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF] + Array(repeating: 0, count: 10))
        XCTAssertEqual(transport.token.state.seed?.count, 20, "C.1: 20 bytes stored after stripping")
        XCTAssertEqual(transport.token.state.displayCode(atHost: start), "324550")
        XCTAssertEqual(try session.getInfo().info.time, 1_700_000_000)
    }

    func testC2RawSeedStoresTenBytesWithSameCodes() throws {
        let transport = makeTransport()
        let session = TokenSession(transport: transport)
        try session.authenticate()
        try session.writeConfig(TokenConfig(time: 1_700_000_000, algorithm: .sha256))
        try session.writeSeed(Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF])
        XCTAssertEqual(transport.token.state.seed?.count, 10)
        XCTAssertEqual(transport.token.state.displayCode(atHost: start), "049486")
    }

    func testF_DisplayCodesForEveryVector() throws {
        for vector in TokenFixtures.list("F_totp") {
            var state = VirtualTokenState(serial: "86596320000001", model: nil,
                                          clock: SimulatedClock(offset: 0, driftPPM: 0, start: 0))
            state.seed = try vector.hex("seed")
            state.algorithm = vector.string("algorithm") == "sha1" ? .sha1 : .sha256
            state.step = try XCTUnwrap(TokenConfig.Step(rawValue: UInt8(vector.int("step"))))
            XCTAssertEqual(state.displayCode(atHost: Double(vector.int("time")) + 0.9), vector.string("code"))
        }
    }

    func testC3NEG_EmulatorRejectsUnpaddedAlignedSeedAndStoresNothing() throws {
        let transport = makeTransport()
        let session = TokenSession(transport: transport)
        try session.authenticate()
        let negative = TokenFixtures.section("C3_NEG_unpadded_aligned_seed")
        XCTAssertEqual(try send(transport, negative.hex("apdu")), 0x6A80)
        XCTAssertNil(transport.token.state.seed)
        XCTAssertTrue(transport.token.authenticated, "a rejected body keeps the session")
        let padded = try XCTUnwrap(TokenFixtures.list("C_write_seed").first { $0.string("name") == "C.3" })
        XCTAssertEqual(try send(transport, padded.hex("apdu")), 0x9000)
        XCTAssertEqual(transport.token.state.seed, try padded.hex("seed"))
    }

    func testEveryVectorCSeedAPDUIsAcceptedAndStripped() throws {
        for vector in TokenFixtures.list("C_write_seed") {
            let transport = makeTransport()
            try TokenSession(transport: transport).authenticate()
            XCTAssertEqual(try send(transport, vector.hex("apdu")), 0x9000, vector.string("name"))
            XCTAssertEqual(transport.token.state.seed, try vector.hex("seed"), vector.string("name"))
        }
    }

    func testRestrictedModelWipesSeedOnConfigAndUnrestrictedKeepsIt() throws {
        for (serial, keeps) in [("86596220000001", false), ("86596320000001", true), ("86596230000001", false)] {
            let transport = makeTransport(serial: serial)
            let session = TokenSession(transport: transport)
            try session.authenticate()
            try session.writeSeed([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
            try session.writeConfig(TokenConfig(time: 1_800_000_000))
            XCTAssertEqual(transport.token.state.seed != nil, keeps, serial)
            XCTAssertEqual(transport.token.state.clock.time(atHost: start), 1_800_000_000, serial)
        }
    }

    func testLockoutAfterConfiguredWrongAnswers() throws {
        let transport = makeTransport(retryLimit: 2)
        let wrong: [UInt8] = [0x80, 0xCE, 0x00, 0x00, 0x10] + Array(repeating: 0, count: 16)
        for _ in 0..<2 {
            XCTAssertEqual(try send(transport, [0x80, 0x4B, 0x08, 0x00, 0x01, 0x00]), 0x9000)
            XCTAssertEqual(try send(transport, wrong), 0x6983)
        }
        XCTAssertTrue(transport.token.state.locked)
        XCTAssertThrowsError(try TokenSession(transport: transport).authenticate()) {
            XCTAssertEqual($0 as? TokenError, .lockedOrWrongKey, "even the right answer is refused once locked")
        }
    }

    func testNoLockoutByDefaultAndSuccessResetsCount() throws {
        let transport = makeTransport()
        let wrong: [UInt8] = [0x80, 0xCE, 0x00, 0x00, 0x10] + Array(repeating: 0, count: 16)
        for _ in 0..<5 {
            _ = try send(transport, [0x80, 0x4B, 0x08, 0x00, 0x00])
            XCTAssertEqual(try send(transport, wrong), 0x6983)
        }
        XCTAssertFalse(transport.token.state.locked)
        XCTAssertEqual(transport.token.state.failCount, 5)
        try TokenSession(transport: transport).authenticate()
        XCTAssertEqual(transport.token.state.failCount, 0)
    }

    func testStatusWordsForMisuse() throws {
        let transport = makeTransport()
        let config = try TokenCommand.writeConfig(TokenConfig(time: 1_700_000_000)).bytes
        XCTAssertEqual(try send(transport, config), 0x6983, "secure command before AUTHENTICATE")
        XCTAssertEqual(try send(transport, [0x80, 0xCE, 0x00, 0x00, 0x10] + Array(repeating: 0, count: 16)), 0x6A80,
                       "AUTHENTICATE without a challenge")
        XCTAssertEqual(try send(transport, [0x80, 0x99, 0x00, 0x00]), 0x6D00)
        XCTAssertEqual(try send(transport, [0x00, 0xA4, 0x04, 0x00]), 0x6E00)
        XCTAssertEqual(try send(transport, [0x80, 0x4B, 0x08, 0x00, 0x01, 0x00, 0x08]), 0x6700)
        XCTAssertEqual(try send(transport, [0x80, 0x41, 0x00, 0x00, 0x02, 0x02, 0x11, 0x00]), 0x9000, "GET INFO with Le")
        let session = TokenSession(transport: transport)
        try session.authenticate()
        var badMAC = config
        badMAC[badMAC.count - 1] ^= 0x01
        XCTAssertEqual(try send(transport, badMAC), 0x6983)
        XCTAssertEqual(try send(transport, Array(config.dropLast())), 0x6700, "Lc does not match")
        transport.token.powerCycle()
        XCTAssertEqual(try send(transport, config), 0x6983, "authentication does not survive a power cycle")
    }

    func testNewChallengeDropsAuthentication() throws {
        let transport = makeTransport()
        let session = TokenSession(transport: transport)
        try session.authenticate()
        XCTAssertEqual(try send(transport, [0x80, 0x4B, 0x08, 0x00, 0x00]), 0x9000)
        XCTAssertEqual(try send(transport, try TokenCommand.writeConfig(TokenConfig(time: 1)).bytes), 0x6983)
    }

    func testG_EmulatorAnswersMatchFixtureForBothPresets() throws {
        let vector = TokenFixtures.section("G_get_info")
        let responses = try XCTUnwrap(vector["responses"] as? [String: Any])
        for preset in InfoPreset.allCases {
            let transport = makeTransport(serial: vector.string("serial"), preset: preset, offset: 0.999)
            let exchange = try transport.transmit(TokenCommand.getInfo)
            XCTAssertEqual(exchange.response.raw, try responses.hex(preset.rawValue), preset.rawValue)
        }
    }

    func testSimulatedClockOffsetAndDrift() {
        var clock = SimulatedClock(offset: -3.2, driftPPM: 100, start: 1000)
        XCTAssertEqual(clock.time(atHost: 1000), 996.8, accuracy: 1e-9)
        XCTAssertEqual(clock.time(atHost: 11_000), 11_000 - 3.2 + 1.0, accuracy: 1e-9)
        clock.set(to: 5000, atHost: 2000.7)
        XCTAssertEqual(clock.time(atHost: 2000.7), 5000, accuracy: 1e-9)
        XCTAssertEqual(clock.time(atHost: 12_000.7), 15_001, accuracy: 1e-9, "the rate survives a time write")
    }

    func testStateFileRoundTripIsPrivate() throws {
        let path = NSTemporaryDirectory() + "skew-state-\(getpid()).json"
        defer { unlink(path) }
        var state = VirtualTokenState(serial: "86596000000001", model: TokenModel.named("miniOTP-2-i"),
                                      clock: SimulatedClock(offset: 2.5, driftPPM: -7, start: start))
        state.seed = [1, 2, 3]
        state.failCount = 2
        try EmulatorStateFile.save(state, to: path)
        XCTAssertEqual(try EmulatorStateFile.load(path, as: VirtualTokenState.self), state)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertFalse(state.restrictedSync)
        XCTAssertNil(try EmulatorStateFile.load(path + ".missing", as: VirtualTokenState.self))
    }

    func testCardIdentity() {
        let atr = CardIdentity.atr
        XCTAssertEqual(Array(atr.prefix(4)), [0x3B, 0x87, 0x80, 0x01])
        XCTAssertEqual(atr.dropFirst().reduce(0, ^), 0, "TCK makes the XOR of T0…TCK zero")
        XCTAssertEqual(CardIdentity.uid(serial: "86596220000001"), [0x53, 0x59, 0x62, 0x20, 0x00, 0x00, 0x01])
    }
}
