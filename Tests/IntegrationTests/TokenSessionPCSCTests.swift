import Foundation
import OTPCore
import PCSC
import TokenProtocol
import XCTest

/// The library's session API over real PC/SC against `skew emulate`: a whole authenticated burn
/// in one connection, the state file it leaves, and a card that leaves between commands.
final class TokenSessionPCSCTests: TokenStackTestCase {
    private func connect() throws -> (PCSCCard, TokenSession) {
        let context = try PCSCContext()
        let reader = try context.waitForCard(reader: TokenHarness.reader, timeout: 5)
        let card = try context.connect(reader: reader)
        return (card, TokenSession(transport: PCSCTransport(card: card)))
    }

    func testAuthenticatedBurnOverPCSCPersistsStateAndShowsCode() throws {
        let statePath = FileManager.default.temporaryDirectory.appendingPathComponent("skew-token-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: statePath) }
        emulator = try EmulatorProcess(["--serial", "86596320000005", "--state", statePath, "--offset", "100"])
        let seed: [UInt8] = Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF]
        let (card, session) = try connect()
        defer { card.disconnect() }
        try session.authenticate()
        let now = UInt32(Date().timeIntervalSince1970)
        let config = try session.writeConfig(TokenConfig(time: now, algorithm: .sha1, step: .seconds30))
        try session.writeSeed(seed)
        XCTAssertLessThan(config.roundTrip, 0.5)
        let reading = try session.getInfo()
        XCTAssertEqual(reading.offsetEstimate, 0, accuracy: 1.1, "the config write set the clock to host time")
        XCTAssertThrowsError(try session.authenticate()) {
            XCTAssertEqual($0 as? TokenError, .authenticationAlreadyAttempted)
        }

        let saved = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath))) as? [String: Any])
        XCTAssertEqual(saved["seed_hex"] as? String, Hex.encode(seed))
        XCTAssertEqual(saved["serial"] as? String, "86596320000005")
        let permissions = try FileManager.default.attributesOfItem(atPath: statePath)[.posixPermissions] as? NSNumber
        XCTAssertEqual(permissions?.intValue, 0o600)

        // The display line shows the code a verifier expects, and never the seed.
        let expected = TOTP(secret: try Secret(bytes: seed), parameters: OTPParameters()).code(at: Date().timeIntervalSince1970)!
        let deadline = Date().addingTimeInterval(3)
        while !(emulator?.log.contains("code ") ?? false) && Date() < deadline { usleep(100_000) }
        let log = emulator?.log ?? ""
        let previous = TOTP(secret: try Secret(bytes: seed), parameters: OTPParameters()).code(at: Date().timeIntervalSince1970 - 30)!
        XCTAssertTrue(log.contains("code \(expected)") || log.contains("code \(previous)"), log)
        XCTAssertFalse(log.uppercased().contains(Hex.encode(seed)), "the seed is never printed")
    }

    func testStateSurvivesRestart() throws {
        let statePath = FileManager.default.temporaryDirectory.appendingPathComponent("skew-token-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: statePath) }
        emulator = try EmulatorProcess(["--serial", "86596220000009", "--state", statePath, "--lockout", "1"])
        do {
            let (card, session) = try connect()
            defer { card.disconnect() }
            _ = try session.getChallenge()
            let wrong = CommandAPDU(name: "AUTHENTICATE", bytes: [0x80, 0xCE, 0x00, 0x00, 0x10] + Array(repeating: 0, count: 16))
            XCTAssertEqual(try session.transport.transmit(wrong).response.sw, 0x6983)
        }
        emulator?.stop()
        emulator = try EmulatorProcess(["--state", statePath, "--lockout", "1"])
        let (card, session) = try connect()
        defer { card.disconnect() }
        XCTAssertEqual(try session.getInfo().info.serial, "86596220000009")
        XCTAssertThrowsError(try session.authenticate()) { XCTAssertEqual($0 as? TokenError, .lockedOrWrongKey) }
    }

    func testSlowWritesDelayTheAnswer() throws {
        emulator = try EmulatorProcess(["--slow-writes", "300"])
        let (card, session) = try connect()
        defer { card.disconnect() }
        XCTAssertLessThan(try session.getInfo().exchange.roundTrip, 0.2, "reads are not slowed")
        try session.authenticate()
        let write = try session.writeConfig(TokenConfig(time: UInt32(Date().timeIntervalSince1970)))
        XCTAssertGreaterThanOrEqual(write.roundTrip, 0.3)
    }

    func testCardLeavingBetweenCommandsIsATypedError() throws {
        emulator = try EmulatorProcess(["--drop-after", "1"])
        let (card, session) = try connect()
        defer { card.disconnect() }
        _ = try session.getInfo()
        XCTAssertThrowsError(try session.getInfo()) { error in
            switch error as? PCSCError {
            case .cardRemoved?, .shortResponse?: break
            default: XCTFail("\(error)")
            }
        }
    }
}
