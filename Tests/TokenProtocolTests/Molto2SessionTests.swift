import TokenProtocol
import XCTest

/// The session's typed outcomes over a scripted transport: `63 Cx`, `6A 83` and `90 60`.
final class Molto2SessionTests: XCTestCase {
    private let challenge: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
    private let profile = Molto2Profile(7)!

    func testWrongKeyReportsTriesLeftAndIsNeverRetried() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x63, 0xC6]])
        let session = Molto2Session(transport: transport)
        XCTAssertEqual(try session.authenticate(key: .factory), .refused(sw: 0x63C6, triesLeft: 6))
        XCTAssertFalse(session.isAuthenticated)
        XCTAssertThrowsError(try session.authenticate(key: .factory)) { XCTAssertEqual($0 as? Molto2Error, .authenticationAlreadyAttempted) }
        XCTAssertThrowsError(try session.syncTime(1_700_000_000, profile: profile)) {
            XCTAssertEqual($0 as? Molto2Error, .notAuthenticated(command: "SYNC TIME"))
        }
        XCTAssertEqual(transport.sent.count, 2)
        XCTAssertEqual(Molto2Status.triesLeft(0x63C7), 7, "the low nibble, not 199")
        XCTAssertNil(Molto2Status.triesLeft(0x6300))
    }

    func testRightKeyThenSecureWritesUnderIt() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x90, 0x00], [0x90, 0x00]])
        let session = Molto2Session(transport: transport)
        XCTAssertEqual(try session.authenticate(key: .factory), .authenticated)
        try session.syncTime(1_700_000_000, profile: profile)
        XCTAssertEqual(APDUHex.spaced(transport.sent[2].bytes), "84 D4 01 07 0C 81 06 0F 04 65 53 F1 00 CA DD D2 AC")
    }

    func testOtherAuthenticationAnswersAreRawErrors() throws {
        let session = Molto2Session(transport: ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x69, 0x83]]))
        XCTAssertThrowsError(try session.authenticate(key: .factory)) {
            XCTAssertEqual($0 as? Molto2Error, .unexpectedStatus(command: "AUTHENTICATE", sw: 0x6983))
        }
    }

    func testDeleteOutcomes() throws {
        let session = Molto2Session(transport: ScriptedTransport(answers: [[0x90, 0x00], [0x6A, 0x83], [0x6A, 0x80]]))
        XCTAssertEqual(try session.deleteSeed(profile), .deleted)
        XCTAssertEqual(try session.deleteSeed(profile), .alreadyEmpty)
        XCTAssertThrowsError(try session.deleteSeed(profile)) { XCTAssertEqual($0 as? Molto2Error, .unexpectedStatus(command: "DELETE SEED", sw: 0x6A80)) }
    }

    func testChangeKeyAwaitsButton() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x90, 0x00], [0x90, 0x60]])
        let session = Molto2Session(transport: transport)
        XCTAssertThrowsError(try session.changeKey(to: .factory))
        XCTAssertEqual(try session.authenticate(key: .factory), .authenticated)
        XCTAssertEqual(try session.changeKey(to: Molto2Key(customerKey: Array("NEW-MOLTO2-KEY01".utf8))), .awaitingButton)
        XCTAssertEqual(transport.sent.last?.bytes.prefix(5), [0x84, 0xD7, 0x00, 0x00, 0x24])
    }
}
