import TokenProtocol
import XCTest

/// The session's rules over a scripted transport: what it sends, and what it refuses to send.
final class TokenSessionTests: XCTestCase {
    private let challenge: [UInt8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]

    func testAuthenticateSendsChallengeThenVectorB1Answer() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x90, 0x00]])
        let session = TokenSession(transport: transport)
        try session.authenticate()
        XCTAssertTrue(session.isAuthenticated)
        XCTAssertEqual(transport.sent.map(\.bytes), [[0x80, 0x4B, 0x08, 0x00, 0x00],
                                                     try TokenCommand.authenticate(challenge: challenge).bytes])
        XCTAssertEqual(APDUHex.spaced(transport.sent[1].bytes), "80 CE 00 00 10 8B 74 50 F2 27 21 BC 29 98 5C 2C 46 0B 65 04 5D")
    }

    func testLockedTokenIsTypedAndNeverRetried() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x69, 0x83], challenge + [0x90, 0x00], [0x90, 0x00]])
        let session = TokenSession(transport: transport)
        XCTAssertThrowsError(try session.authenticate()) { XCTAssertEqual($0 as? TokenError, .lockedOrWrongKey) }
        XCTAssertThrowsError(try session.authenticate()) { XCTAssertEqual($0 as? TokenError, .authenticationAlreadyAttempted) }
        XCTAssertEqual(transport.sent.count, 2, "the second authenticate() sends nothing")
        XCTAssertTrue("\(TokenError.lockedOrWrongKey)".contains("69 83"))
    }

    func testWritesNeedAuthenticationAndSendNothingWithout() throws {
        let transport = ScriptedTransport(answers: [])
        let session = TokenSession(transport: transport)
        XCTAssertThrowsError(try session.writeConfig(TokenConfig(time: 1_700_000_000))) {
            XCTAssertEqual($0 as? TokenError, .notAuthenticated(command: "WRITE CONFIG"))
        }
        XCTAssertThrowsError(try session.writeSeed([1, 2, 3])) {
            XCTAssertEqual($0 as? TokenError, .notAuthenticated(command: "WRITE SEED"))
        }
        XCTAssertTrue(transport.sent.isEmpty)
    }

    func testRefusedWriteIsTyped() throws {
        let transport = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x90, 0x00], [0x69, 0x83]])
        let session = TokenSession(transport: transport)
        try session.authenticate()
        XCTAssertThrowsError(try session.writeConfig(TokenConfig(time: 1_700_000_000))) {
            XCTAssertEqual($0 as? TokenError, .writeRefused(command: "WRITE CONFIG"))
        }
    }

    func testSeedLengthChecked() {
        XCTAssertThrowsError(try TokenCommand.writeSeed([])) { XCTAssertEqual($0 as? TokenError, .seedLength(0)) }
        XCTAssertThrowsError(try TokenCommand.writeSeed(Array(repeating: 1, count: 64))) {
            XCTAssertEqual($0 as? TokenError, .seedLength(64))
        }
    }

    func testGetInfoReadingCarriesTimesAndOffset() throws {
        let info = TokenInfo(serial: "86596220000001", time: 1_700_000_010)
        let transport = ScriptedTransport(answers: [info.data + [0x90, 0x00]])
        let reading = try TokenSession(transport: transport).getInfo()
        XCTAssertEqual(reading.info, info)
        XCTAssertEqual(reading.exchange.roundTrip, 0.001, accuracy: 1e-9)
        // Host wall 1700000001.0005 at the midpoint; the token said ...010 (a truncated second).
        XCTAssertEqual(reading.offsetEstimate, 9.4995, accuracy: 1e-6)
        // Half a second for the truncation plus half the 1 ms round trip, unrounded.
        XCTAssertEqual(reading.offsetUncertainty, 0.5005, accuracy: 1e-9)
    }

    func testUnexpectedStatusAndShortChallenge() throws {
        let session = TokenSession(transport: ScriptedTransport(answers: [[0x6D, 0x00], [1, 2, 3, 0x90, 0x00]]))
        XCTAssertThrowsError(try session.getInfo()) {
            XCTAssertEqual($0 as? TokenError, .unexpectedStatus(command: "GET INFO", sw: 0x6D00))
        }
        XCTAssertThrowsError(try session.getChallenge()) {
            guard case TokenError.malformedResponse("GET CHALLENGE", _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ResponseAPDU(raw: [0x90])) { XCTAssertEqual($0 as? TokenError, .shortResponse(count: 1)) }
    }

    func testTraceMasksSeedAndMACs() throws {
        let seed: [UInt8] = Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF]
        let inner = ScriptedTransport(answers: [challenge + [0x90, 0x00], [0x90, 0x00], [0x90, 0x00], [0x90, 0x00]])
        var lines: [String] = []
        let session = TokenSession(transport: TracingTransport(wrapping: inner) { lines.append($0) })
        try session.authenticate()
        try session.writeConfig(TokenConfig(time: 1_700_000_000))
        try session.writeSeed(seed)
        XCTAssertEqual(lines.count, 8)
        let sentSeed = inner.sent[3].bytes
        let trace = lines.joined(separator: "\n")
        XCTAssertTrue(trace.contains("> 84 C5 01 00 14 " + Array(repeating: "**", count: 20).joined(separator: " ")), trace)
        XCTAssertFalse(trace.contains(APDUHex.spaced(Array(sentSeed[5..<9]))), "ciphertext masked")
        XCTAssertTrue(trace.contains("81 11 1F 01 01 0F 04 65 53 F1 00 86 06 0A 01 01 0D 01 1E ** ** ** **"), "config TLV shown, MAC masked")
        XCTAssertTrue(trace.contains("< 11 22 33 44 55 66 77 88 90 00"))
        XCTAssertFalse(trace.contains("8B 74 50 F2"), "the challenge answer is masked")
    }
}
