import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// Protectimus SLIM NFC frames (the example frames of docs/token-protocol.md §11.2), parsing, the virtual Protectimus, and family
/// detection, in process.
final class ProtectimusTests: XCTestCase {
    private static let seed = try! Secret(bytes: Array("12345678901234567890".utf8))

    func testH_FramesAsPublished() throws {
        XCTAssertEqual(APDUHex.spaced(ProtectimusCommand.readOTP.bytes), "86 03 42 00 42")
        XCTAssertEqual(APDUHex.spaced(ProtectimusCommand.readInfo.bytes), "86 02 10 10")
        let time = ProtectimusTime(time: 1_700_000_000, interval: 30)
        XCTAssertEqual(time.counter, 56_666_666)
        XCTAssertEqual(time.remainder, 20)
        XCTAssertEqual(APDUHex.spaced(ProtectimusCommand.setTime(time).bytes), "86 0A 12 00 00 1E 03 60 AA 2A 14 FB")
    }

    func testTimeEncodingRoundTripsAndRejectsOtherLayouts() {
        let time = ProtectimusTime(time: 1_799_999_999, interval: 60)
        XCTAssertEqual(ProtectimusTime(data: time.data), time)
        XCTAssertEqual(time.time, 1_799_999_999)
        XCTAssertEqual(time.remainder, 59)
        XCTAssertNil(ProtectimusTime(data: [0x01] + Array(time.data.dropFirst())), "bytes 1–2 must be 00 00")
        XCTAssertNil(ProtectimusTime(data: [0, 0, 0, 0, 0, 0, 1, 0]), "interval 0")
        XCTAssertNil(ProtectimusTime(data: Array(time.data.dropLast())))
    }

    func testFrameParsingNamesTheProblem() {
        func problem(_ raw: [UInt8]) -> String? {
            if case .failure(let failure) = ProtectimusFrame.parse(raw, marker: ProtectimusFrame.responseMarker) { return failure.text }
            return nil
        }
        XCTAssertNil(problem([0xAA, 0x02, 0x12, 0x12]))
        XCTAssertEqual(problem([0x90, 0x00]), "2 bytes, fewer than the 4 of an empty frame")
        XCTAssertEqual(problem([0x6E, 0x00, 0x00, 0x00]), "starts with 6E, not AA")
        XCTAssertEqual(problem([0xAA, 0x03, 0x12, 0x12]), "length byte 03 but 2 bytes follow it")
        XCTAssertEqual(problem([0xAA, 0x03, 0x42, 0x01, 0x42]), "checksum 42 instead of 43")
    }

    func testReadOTPTakesDigitValuesAndASCIIButNothingElse() throws {
        let raw = ScriptedTransport(answers: [ProtectimusFrame.response(command: 0x42, data: [0, 1, 2, 7, 8, 9])])
        XCTAssertEqual(try ProtectimusSession(transport: raw).readOTP().code, "012789")
        let ascii = ScriptedTransport(answers: [ProtectimusFrame.response(command: 0x42, data: Array("304050".utf8))])
        XCTAssertEqual(try ProtectimusSession(transport: ascii).readOTP().code, "304050")
        let bad = ScriptedTransport(answers: [ProtectimusFrame.response(command: 0x42, data: [0, 1, 2, 0x0A, 8, 9])])
        XCTAssertThrowsError(try ProtectimusSession(transport: bad).readOTP()) { error in
            XCTAssertEqual(error as? ProtectimusError, .malformed(command: "READ OTP", problem: "digit byte 0A is not a decimal digit"))
        }
        let other = ScriptedTransport(answers: [ProtectimusFrame.response(command: 0x10, data: [])])
        XCTAssertThrowsError(try ProtectimusSession(transport: other).readOTP()) { error in
            XCTAssertEqual(error as? ProtectimusError, .wrongCommand(command: "READ OTP", answered: 0x10))
        }
    }

    func testReadInfoFieldsAtTheScriptsPositions() throws {
        let bytes: [UInt8] = [0x5A, 0x70, 0x10, 0x01, 0x33, 0x01, 0x44, 0x10, 0x55]
        let raw = ScriptedTransport(answers: [ProtectimusFrame.response(command: 0x10, data: bytes)])
        let info = try ProtectimusSession(transport: raw).readInfo().info
        XCTAssertEqual(info.hardwareScheme, "70")
        XCTAssertEqual(info.firmware, "10.01")
        XCTAssertTrue(info.hasRTC)
        XCTAssertEqual(info.intervalSeconds, 60)
        XCTAssertEqual(info.bytes, bytes, "unknown bytes are kept, not checked")
        XCTAssertNil(ProtectimusInfo.interval(code: 0x20))
    }

    private func virtualProtectimus(offset: Double, interval: Int = 30, start: Double) -> VirtualProtectimus {
        VirtualProtectimus(clock: SimulatedClock(offset: offset, driftPPM: 0, start: start), seed: Self.seed, interval: interval)
    }

    func testVirtualTokenShowsItsCodeAndSetTimeKeepsTheSeed() throws {
        let start = 1_800_000_005.5
        let transport = InProcessCardTransport(token: virtualProtectimus(offset: 3600, start: start), hostTime: { start })
        let session = ProtectimusSession(transport: transport)
        let totp = TOTP(secret: Self.seed, parameters: OTPParameters())
        XCTAssertEqual(try session.readOTP().code, totp.code(at: start + 3600))
        let write = try session.setTime(ProtectimusTime(time: 1_800_000_005, interval: 30))
        XCTAssertEqual(write.response.raw, [0xAA, 0x02, 0x12, 0x12])
        XCTAssertEqual(transport.token.clock.time(atHost: start), 1_800_000_005)
        XCTAssertEqual(try session.readOTP().code, totp.code(at: 1_800_000_005), "the seed survives the time write")
        XCTAssertEqual(try session.readInfo().info.intervalSeconds, 30)
    }

    func testVirtualTokenAnswersAnythingElseWithSixEZero() {
        var token = virtualProtectimus(offset: 0, start: 0)
        for foreign: [UInt8] in [[0x80, 0x41, 0x00, 0x00, 0x02, 0x02, 0x11], [0x86, 0x02, 0x10, 0x11], [0x86, 0x02, 0x33, 0x33],
                                 [0x86, 0x04, 0x12, 0x00, 0x00, 0x12]] {
            XCTAssertEqual(token.handle(foreign, hostTime: 0).response, [0x6E, 0x00], APDUHex.spaced(foreign))
        }
    }

    func testDetectionSendsOnlyGetInfoToAToken2Token() throws {
        let state = VirtualTokenState(serial: "86596320000001", model: TokenModel.named("C302-i"),
                                      clock: SimulatedClock(offset: 0, driftPPM: 0, start: 0))
        let transport = InProcessTransport(token: VirtualToken(state: state, retryLimit: nil, infoPreset: .zeros), hostTime: { 100 })
        let token = try XCTUnwrap(try detect(transport) as? Token2Device, "not detected as Token2")
        XCTAssertEqual(token.identity.serial, "86596320000001")
        XCTAssertEqual(transport.sent.map(\.bytes), [TokenCommand.getInfo.bytes])
    }

    func testDetectionSendsReadsOnlyToAProtectimusToken() throws {
        let transport = InProcessCardTransport(token: virtualProtectimus(offset: 0, interval: 60, start: 0), hostTime: { 100 })
        let token = try XCTUnwrap(try detect(transport) as? ProtectimusDevice, "not detected as Protectimus")
        XCTAssertEqual(token.info.intervalSeconds, 60)
        XCTAssertEqual(transport.sent.map(\.bytes), [TokenCommand.getInfo.bytes, ProtectimusCommand.readInfo.bytes])
        XCTAssertEqual(transport.token.clock.time(atHost: 100), 100, "nothing was written")
    }

    /// A Protectimus that goes quiet on GET INFO in any way is not a Token2 token: READ INFO follows
    /// on a link set up again, and nothing is written.
    func testDetectionTakesAProtectimusThatIgnoresGetInfoForAProtectimus() throws {
        for quiet in QuietAnswer.allCases {
            var token = virtualProtectimus(offset: 0, interval: 60, start: 0)
            token.foreignAnswer = quiet
            XCTAssertEqual(token.handle(TokenCommand.getInfo.bytes, hostTime: 0).quiet, quiet)
            XCTAssertNil(token.handle([0x86, 0x02, 0x33, 0x33], hostTime: 0).quiet, "a malformed frame is not foreign: 6E 00")
            let transport = InProcessCardTransport(token: token, hostTime: { 100 })
            let detected = try XCTUnwrap(try detect(transport) as? ProtectimusDevice, "\(quiet): not detected")
            XCTAssertEqual(detected.info.intervalSeconds, 60)
            XCTAssertEqual(transport.sent.map(\.bytes), [TokenCommand.getInfo.bytes, ProtectimusCommand.readInfo.bytes])
        }
    }

    func testDetectionReconnectsAfterNoAnswerAndOnlyThen() throws {
        let readInfo = ProtectimusFrame.response(command: ProtectimusCommand.readInfoCode, data: [0x00, 0x70, 0x10, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00])
        let silent = ScriptedTransport(answers: [[], readInfo])
        XCTAssertEqual(try detect(silent).identity.family, .protectimus)
        XCTAssertEqual(silent.reconnects, 1, "the link is set up again before READ INFO")
        let erring = ScriptedTransport(answers: [[0x6E, 0x00], readInfo])
        XCTAssertEqual(try detect(erring).identity.family, .protectimus)
        XCTAssertEqual(erring.reconnects, 0, "an error status leaves the link as it is")
        let mute = ScriptedTransport(answers: [[], []])
        XCTAssertThrowsError(try detect(mute)) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("the token is none of a Token2 single-profile token (GET INFO: no answer), a Protectimus SLIM NFC (READ INFO: no answer), a Token2 Molto2 (GET INFO: status 6F 00)"), "\(error)")
        }
    }

    func testDetectionNamesEveryAnswerOfAnUnknownToken() {
        let transport = ScriptedTransport(answers: [[0x6D, 0x00], [0x6D, 0x00], [0x6D, 0x00]])
        XCTAssertThrowsError(try detect(transport)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("GET INFO: status 6D 00"), text)
            XCTAssertTrue(text.contains("READ INFO: READ INFO: the token's answer is not a Protectimus frame"), text)
            XCTAssertTrue(text.contains("a Token2 Molto2 (GET INFO: status 6D 00)"), text)
        }
        XCTAssertEqual(transport.sent.count, 3)
    }

    private func detect(_ transport: any APDUTransport) throws -> any TokenDevice {
        try TokenDetector.detect(TokenLink(transport: transport, reader: "in process", clock: HostTokenClock()))
    }
}
