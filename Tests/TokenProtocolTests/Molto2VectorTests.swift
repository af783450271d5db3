import OTPCore
import TokenProtocol
import XCTest

/// Every Molto2 APDU and code in `fixtures/token/molto2-vectors.json` (computed by OpenSSL, not by
/// SkewKit), built by `Molto2Command` byte for byte, and every answer layout parsed.
final class Molto2VectorTests: XCTestCase {
    private let profile7 = Molto2Profile(7)!

    func testKeyDerivation() throws {
        let vectors = Molto2Fixtures.list("key_derivation")
        XCTAssertEqual(vectors.count, 2)
        for vector in vectors {
            XCTAssertEqual(Molto2Key(customerKey: Array(vector.string("customer_key_ascii").utf8)).bytes, try vector.hex("sm4_key"))
        }
        XCTAssertTrue(Molto2Key(customerKey: Array("TOKEN2MOLTO1-KEY".utf8)).isFactory)
        XCTAssertFalse("\(Molto2Key.factory)".contains("09"), "a key never prints its bytes")
    }

    func testAuthenticate() throws {
        let vectors = Molto2Fixtures.list("authenticate")
        XCTAssertEqual(vectors.count, 2)
        for vector in vectors {
            let apdu = try Molto2Command.authenticate(challenge: vector.hex("challenge"), key: .factory)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"))
            XCTAssertEqual(apdu.maskedHex, "80 CE 00 00 10 " + Array(repeating: "**", count: 16).joined(separator: " "))
        }
        let newKey = Molto2Fixtures.section("authenticate_new_key")
        XCTAssertEqual(try Molto2Command.authenticate(challenge: newKey.hex("challenge"), key: Molto2Key(customerKey: Array("NEW-MOLTO2-KEY01".utf8))).bytes,
                       try newKey.hex("apdu"))
    }

    func testWriteSeedAlwaysPads() throws {
        let vectors = Molto2Fixtures.list("write_seed")
        XCTAssertEqual(vectors.count, 2)
        for vector in vectors {
            let apdu = try Molto2Command.writeSeed(vector.hex("seed"), profile: Molto2Profile(vector.int("profile"))!, key: .factory)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"), vector.string("name"))
            XCTAssertTrue(apdu.maskedHex.hasPrefix("84 C5 01 07 "), vector.string("name"))
            XCTAssertEqual(apdu.maskedHex.split(separator: " ").dropFirst(5).filter { $0 != "**" }.count, 0, "ciphertext and MAC masked")
        }
        // The unpadded aligned form is the disputed one: SkewKit never builds it.
        let aligned = try XCTUnwrap(vectors.last)
        XCTAssertNotEqual(try Molto2Command.writeSeed(aligned.hex("seed"), profile: profile7, key: .factory).bytes,
                          try Molto2Fixtures.vectors.hex("write_seed_unpadded_aligned"))
    }

    func testAllZeroSeedIsNeverSent() throws {
        XCTAssertThrowsError(try Molto2Command.writeSeed(Array(repeating: 0, count: 20), profile: profile7, key: .factory)) {
            XCTAssertEqual($0 as? Molto2Error, .allZeroSeed)
        }
        // Both published forms of it are what a careless host would send; the vectors keep them visible.
        let zero = Molto2Fixtures.section("write_seed_all_zero")
        XCTAssertEqual(try zero.hex("padded_80").count, 41)
        XCTAssertEqual(try zero.hex("zero_padded").count, 41)
        XCTAssertThrowsError(try Molto2Command.writeSeed([], profile: profile7, key: .factory)) { XCTAssertEqual($0 as? Molto2Error, .seedLength(0)) }
        XCTAssertThrowsError(try Molto2Command.writeSeed(Array(repeating: 1, count: 64), profile: profile7, key: .factory)) {
            XCTAssertEqual($0 as? Molto2Error, .seedLength(64))
        }
    }

    func testWriteTitle() throws {
        let vectors = Molto2Fixtures.list("write_title")
        XCTAssertEqual(vectors.count, 3)
        for vector in vectors {
            XCTAssertEqual(try Molto2Command.writeTitle(vector.string("title"), profile: Molto2Profile(vector.int("profile"))!, key: .factory).bytes,
                           try vector.hex("apdu"), vector.string("title"))
        }
        XCTAssertThrowsError(try Molto2Command.writeTitle("THIRTEEN-LONG", profile: profile7, key: .factory)) {
            XCTAssertEqual($0 as? Molto2Error, .titleLength(13))
        }
        XCTAssertThrowsError(try Molto2Command.writeTitle("", profile: profile7, key: .factory))
    }

    func testWriteConfig() throws {
        let vectors = Molto2Fixtures.list("write_config")
        XCTAssertEqual(vectors.count, 2)
        for vector in vectors {
            let config = Molto2Config(time: UInt32(vector.int("time")),
                                      algorithm: vector.string("algorithm") == "sha1" ? .sha1 : .sha256,
                                      digits: Molto2Config.Digits(count: vector.int("digits"))!,
                                      step: TokenConfig.Step(seconds: vector.int("step"))!,
                                      displayTimeout: TokenConfig.DisplayTimeout(seconds: vector.int("display_seconds"))!)
            XCTAssertEqual(config.tlv, try vector.hex("tlv"))
            XCTAssertEqual(Molto2Config(tlv: config.tlv), config, "the emulator parses what hosts send")
            let apdu = try Molto2Command.writeConfig(config, profile: Molto2Profile(vector.int("profile"))!, key: .factory)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"))
        }
        XCTAssertNil(Molto2Config(tlv: TokenConfig(time: 1_700_000_000).tlv), "a single-profile TLV is not a Molto2 config")
        XCTAssertNil(TokenConfig(tlv: Molto2Config(time: 1_700_000_000).tlv), "and the other way round")
    }

    func testSyncTime() throws {
        let vectors = Molto2Fixtures.list("sync")
        XCTAssertEqual(vectors.count, 5)
        for vector in vectors {
            let apdu = try Molto2Command.syncTime(UInt32(vector.int("time")), profile: Molto2Profile(vector.int("profile"))!, key: .factory)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"), "profile \(vector.int("profile"))")
            XCTAssertEqual(Molto2Config.syncTime(tlv: Array(apdu.bytes[5..<13])), UInt32(vector.int("time")))
        }
    }

    func testChangeKey() throws {
        let vector = Molto2Fixtures.section("change_key")
        let newKey = Molto2Key(customerKey: Array(vector.string("new_customer_key_ascii").utf8))
        let apdu = try Molto2Command.changeKey(to: newKey, key: .factory)
        XCTAssertEqual(apdu.bytes, try vector.hex("apdu"))
        XCTAssertEqual(apdu.maskedHex, "84 D7 00 00 24 " + Array(repeating: "**", count: 36).joined(separator: " "))
    }

    func testPlainCommands() throws {
        let plain = Molto2Fixtures.section("plain")
        XCTAssertEqual(Molto2Command.getInfo.bytes, try plain.hex("get_info"))
        XCTAssertEqual(Molto2Command.readPublicData(profile7).bytes, try plain.hex("read_public_7"))
        XCTAssertEqual(Molto2Command.readPublicData(Molto2Profile(99)!).bytes, try plain.hex("read_public_99"))
        XCTAssertEqual(Molto2Command.getChallenge.bytes, try plain.hex("get_challenge"))
        XCTAssertEqual(Molto2Command.deleteSeed(profile7).bytes, try plain.hex("delete_seed_7"))
        XCTAssertEqual(Molto2Command.factoryReset.bytes, try plain.hex("factory_reset"))
        XCTAssertEqual(Molto2Command.screenLock.bytes, try plain.hex("screen_lock"))
        XCTAssertEqual(Molto2Command.screenUnlock.bytes, try plain.hex("screen_unlock"))
        XCTAssertNil(Molto2Profile(100))
        XCTAssertNil(Molto2Profile(-1))
    }

    /// The synthetic GET INFO answer runs 31 bytes past the time; the parser takes serial and time by offset.
    func testGetInfoAnswerParsedByOffsets() throws {
        let data = try Molto2Fixtures.vectors.hex("get_info_response")
        let reading = try Molto2Session(transport: ScriptedTransport(answers: [data + [0x90, 0x00]])).getInfo()
        XCTAssertEqual(reading.info.serial, "826658710000001")
        XCTAssertEqual(reading.info.time, 1_700_000_000)
        XCTAssertThrowsError(try Molto2Session(transport: ScriptedTransport(answers: [Array(data.prefix(20)) + [0x90, 0x00]])).getInfo()) {
            guard case Molto2Error.malformedResponse("GET INFO", _) = $0 else { return XCTFail("\($0)") }
        }
    }

    func testPublicDataParsedStrictly() throws {
        let data = try Molto2Fixtures.vectors.hex("public_data_response")
        let block = try Molto2PublicData(data: data)
        XCTAssertEqual(block.title, "TEST-PROF-07")
        XCTAssertEqual(block.algorithm, .sha256)
        XCTAssertEqual(block.stepSeconds, 60)
        XCTAssertEqual(block.digits, 8)
        XCTAssertTrue(block.seedPresent)
        XCTAssertEqual(block.timeA, 0xAAAA_AAAA)
        XCTAssertEqual(block.data, data, "the emulator answers the same bytes")
        var wrongTag = data
        wrongTag[2] = 0x71
        XCTAssertThrowsError(try Molto2PublicData(data: wrongTag))
        XCTAssertThrowsError(try Molto2PublicData(data: data + [0]))
        var badFlag = data
        badFlag[32] = 2
        XCTAssertThrowsError(try Molto2PublicData(data: badFlag))
    }

    /// The codes a profile shows, for 4, 6, 8 and 10 digits, against OpenSSL's HMAC.
    func testCodesForEveryDigitCount() throws {
        let vectors = Molto2Fixtures.list("codes")
        XCTAssertEqual(vectors.count, 11)
        for vector in vectors {
            let parameters = OTPParameters(algorithm: vector.string("algorithm") == "sha1" ? .sha1 : .sha256,
                                           digits: vector.int("digits"), period: vector.int("step"))
            let totp = TOTP(secret: try Secret(bytes: vector.hex("seed")), parameters: parameters)
            XCTAssertEqual(totp.code(at: Double(vector.int("time"))), vector.string("code"))
        }
    }
}
