import COpenSSL
import OTPCore
import TokenProtocol
import XCTest

/// Every Token2 vector in `fixtures/token/vectors.json` (sections A–G; how to recompute them: docs/token-protocol.md §14).
final class TokenVectorTests: XCTestCase {
    func testFixturesLoaded() {
        XCTAssertEqual(TokenFixtures.list("C_write_seed").count, 5)
        XCTAssertEqual(try TokenFixtures.vectors.hex("device_key"), TokenCrypto.deviceKey)
    }

    func testA_SM4StandardVector() throws {
        let vector = TokenFixtures.section("A_sm4_standard")
        XCTAssertEqual(try SM4.encryptECB(key: vector.hex("key"), vector.hex("plaintext")), try vector.hex("ciphertext"))
        XCTAssertEqual(try SM4.decryptECB(key: vector.hex("key"), vector.hex("ciphertext")), try vector.hex("plaintext"))
    }

    func testB_AuthenticateAnswers() throws {
        let vectors = TokenFixtures.list("B_authenticate")
        XCTAssertEqual(vectors.count, 2)
        for vector in vectors {
            let challenge = try vector.hex("challenge")
            XCTAssertEqual(try TokenCrypto.challengeAnswer(challenge), try vector.hex("answer"), vector.string("name"))
            let apdu = try TokenCommand.authenticate(challenge: challenge)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"), vector.string("name"))
            XCTAssertEqual(apdu.maskedHex, "80 CE 00 00 10 " + Array(repeating: "**", count: 16).joined(separator: " "))
        }
    }

    func testC_WriteSeedAPDUs() throws {
        for vector in TokenFixtures.list("C_write_seed") {
            let name = vector.string("name")
            let seed = try vector.hex("seed")
            if vector["padded"] != nil { XCTAssertEqual(TokenCrypto.padSeed(seed), try vector.hex("padded"), name) }
            let ciphertext = try SM4.encryptECB(key: TokenCrypto.deviceKey, TokenCrypto.padSeed(seed))
            if vector["ciphertext"] != nil { XCTAssertEqual(ciphertext, try vector.hex("ciphertext"), name) }
            if vector["cbc_output"] != nil {
                let input = [0x80, 0xC5, 0x01, 0x00, UInt8(ciphertext.count)] + ciphertext + [0x80] + Array(repeating: 0, count: 10)
                XCTAssertEqual(try SM4.encryptCBC(key: TokenCrypto.deviceKey, iv: Array(repeating: 0, count: 16), input),
                               try vector.hex("cbc_output"), name)
            }
            if vector["mac"] != nil {
                XCTAssertEqual(try TokenCrypto.secureMAC(ins: 0xC5, p1: 0x01, p2: 0, body: ciphertext), try vector.hex("mac"), name)
            }
            let apdu = try TokenCommand.writeSeed(seed)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"), name)
            XCTAssertFalse(apdu.maskedHex.contains(APDUHex.spaced(Array(ciphertext.prefix(4)))), "\(name): the trace masks the ciphertext")
            XCTAssertTrue(apdu.maskedHex.hasPrefix("84 C5 01 00 \(APDUHex.byte(UInt8(ciphertext.count + 4))) **"), name)
        }
    }

    /// Block-aligned seeds always get the extra `80 00…` block; the third C.3 block is SM4_K(80 0…).
    func testC3_AlignedSeedGetsFullPaddingBlock() throws {
        let vector = try XCTUnwrap(TokenFixtures.list("C_write_seed").first { $0.string("name") == "C.3" })
        let apdu = try TokenCommand.writeSeed(try vector.hex("seed"))
        XCTAssertEqual(apdu.bytes[4], 0x34)
        let markerBlock = try SM4.encryptECB(key: TokenCrypto.deviceKey, [0x80] + Array(repeating: 0, count: 15))
        XCTAssertEqual(Array(apdu.bytes[(5 + 32)..<(5 + 48)]), markerBlock)
    }

    /// C.3-NEG as the host would build it (the emulator's rejection is tested with the emulator).
    func testC3NEG_UnpaddedAlignedSeedBytes() throws {
        let vector = TokenFixtures.section("C3_NEG_unpadded_aligned_seed")
        let seed = try vector.hex("seed")
        let ciphertext = try SM4.encryptECB(key: TokenCrypto.deviceKey, seed)
        let mac = try TokenCrypto.secureMAC(ins: 0xC5, p1: 0x01, p2: 0, body: ciphertext)
        XCTAssertEqual([0x84, 0xC5, 0x01, 0x00, 0x24] + ciphertext + mac, try vector.hex("apdu"))
        XCTAssertNil(TokenCrypto.stripSeedPadding(try SM4.decryptECB(key: TokenCrypto.deviceKey, ciphertext)),
                     "no 80 marker: a token must reject it")
    }

    func testC6_DecryptAndStrip() throws {
        let vector = TokenFixtures.section("C6_decrypt_and_strip")
        let plaintext = try SM4.decryptECB(key: TokenCrypto.deviceKey, vector.hex("ciphertext"))
        XCTAssertEqual(plaintext, try vector.hex("plaintext"))
        XCTAssertEqual(TokenCrypto.stripSeedPadding(plaintext), try vector.hex("seed"))
        XCTAssertNil(TokenCrypto.stripSeedPadding(Array(repeating: 0, count: 16)))
        XCTAssertEqual(TokenCrypto.stripSeedPadding([0x80] + Array(repeating: 0, count: 15)), [])
    }

    func testD_WriteConfigAPDUs() throws {
        for vector in TokenFixtures.list("D_write_config") {
            let name = vector.string("name")
            let config = TokenConfig(
                time: UInt32(vector.int("time")),
                algorithm: vector.string("algorithm") == "sha1" ? .sha1 : .sha256,
                step: try XCTUnwrap(TokenConfig.Step(rawValue: UInt8(vector.int("step")))),
                displayTimeout: try XCTUnwrap(TokenConfig.DisplayTimeout(seconds: vector.int("display_timeout"))))
            XCTAssertEqual(config.tlv, try vector.hex("tlv"), name)
            XCTAssertEqual(TokenConfig(tlv: config.tlv), config, "\(name): the TLV parses back")
            if vector["cbc_output"] != nil {
                let input = [0x80, 0xD4, 0x00, 0x00, 0x13] + config.tlv + [0x80] + Array(repeating: 0, count: 7)
                XCTAssertEqual(try SM4.encryptCBC(key: TokenCrypto.deviceKey, iv: Array(repeating: 0, count: 16), input),
                               try vector.hex("cbc_output"), name)
            }
            XCTAssertEqual(try TokenCrypto.secureMAC(ins: 0xD4, p1: 0, p2: 0, body: config.tlv), try vector.hex("mac"), name)
            let apdu = try TokenCommand.writeConfig(config)
            XCTAssertEqual(apdu.bytes, try vector.hex("apdu"), name)
            XCTAssertTrue(apdu.maskedHex.hasSuffix("1E ** ** ** **") || apdu.maskedHex.hasSuffix("3C ** ** ** **"), name)
        }
    }

    /// Found by fuzzing: a garbled serial must not come out as replacement characters.
    func testG_GetInfoRejectsASerialThatIsNotPrintableASCII() {
        var data: [UInt8] = [0x95, 0x16, 0x02, 14] + Array("86596220000001".utf8) + [0x11, 0x04, 0x65, 0x53, 0xF1, 0x00]
        XCTAssertEqual(try TokenInfo(data: data).serial, "86596220000001")
        data[9] = 0xA8
        XCTAssertThrowsError(try TokenInfo(data: data)) { error in
            XCTAssertTrue("\(error)".contains("not printable ASCII"), "\(error)")
        }
    }

    func testD_ConfigParserRejectsOtherLayouts() throws {
        let tlv = TokenConfig(time: 1_700_000_000).tlv
        XCTAssertNil(TokenConfig(tlv: Array(tlv.dropLast())))
        XCTAssertNil(TokenConfig(tlv: [0x81, 0x06, 0x0F, 0x04, 0x66, 0x12, 0x34, 0x56]), "time-only TLV is Molto2's")
        var badStep = tlv
        badStep[18] = 0x2D
        XCTAssertNil(TokenConfig(tlv: badStep))
    }

    /// Molto2-key vectors published by third parties: the same SM4, MAC and padding rules.
    func testE_Molto2CrossCheck() throws {
        let vector = TokenFixtures.section("E_molto2_cross_check")
        var digest = [UInt8](repeating: 0, count: 20)
        let customerKey = Array(vector.string("customer_key_ascii").utf8)
        _ = SHA1(customerKey, customerKey.count, &digest)
        let key = Array(digest.prefix(16))
        XCTAssertEqual(key, try vector.hex("sm4_key"))
        XCTAssertEqual(try TokenCrypto.challengeAnswer(vector.hex("challenge"), key: key), try vector.hex("challenge_answer"))
        XCTAssertEqual(try TokenCrypto.cbcMAC(Array(vector.string("mac_message_ascii").utf8), key: key), try vector.hex("mac"))
        let seedCiphertext = try SM4.encryptECB(key: key, TokenCrypto.padSeed(Array(repeating: 0, count: 20)))
        XCTAssertEqual(seedCiphertext, try vector.hex("seed_zero20_ciphertext"))
        XCTAssertEqual(try TokenCrypto.cbcMAC(vector.hex("seed_zero20_mac_header") + seedCiphertext, key: key),
                       try vector.hex("seed_zero20_mac"))
        XCTAssertEqual(try TokenCrypto.cbcMAC(vector.hex("sync_mac_input"), key: key), try vector.hex("sync_mac"))
        let titleCiphertext = try SM4.encryptECB(key: key, TokenCrypto.padSeed(Array(vector.string("title_ascii").utf8)))
        XCTAssertEqual(titleCiphertext, try vector.hex("title_ciphertext"))
        XCTAssertEqual(try TokenCrypto.cbcMAC(vector.hex("title_mac_header") + titleCiphertext, key: key),
                       try vector.hex("title_mac"))
    }

    func testF_TOTPCodes() throws {
        let vectors = TokenFixtures.list("F_totp")
        XCTAssertEqual(vectors.count, 9)
        for vector in vectors {
            let algorithm: HashAlgorithm = vector.string("algorithm") == "sha1" ? .sha1 : .sha256
            let totp = TOTP(secret: try Secret(bytes: vector.hex("seed")), parameters: OTPParameters(algorithm: algorithm, period: vector.int("step")))
            XCTAssertEqual(totp.code(at: Double(vector.int("time"))), vector.string("code"))
        }
    }

    func testG_GetInfoParsesBothPresets() throws {
        let vector = TokenFixtures.section("G_get_info")
        XCTAssertEqual(TokenCommand.getInfo.bytes, try vector.hex("command"))
        let responses = try XCTUnwrap(vector["responses"] as? [String: Any])
        XCTAssertEqual(responses.count, 2)
        for (preset, _) in responses {
            let response = try ResponseAPDU(raw: responses.hex(preset))
            XCTAssertEqual(response.sw, 0x9000)
            let info = try TokenInfo(data: response.data)
            XCTAssertEqual(info.serial, vector.string("serial"), preset)
            XCTAssertEqual(info.time, UInt32(vector.int("time")), preset)
            XCTAssertEqual(info.data, response.data, "\(preset): re-encodes byte for byte")
        }
    }

    func testG_GetInfoNeverValidatesUnknownBytesButChecksBounds() throws {
        let odd = TokenInfo(serial: "8659632123", time: 42, header: [0xDE, 0xAD, 0xBE], separator: [0xEF, 0x01])
        XCTAssertEqual(try TokenInfo(data: odd.data), odd)
        XCTAssertThrowsError(try TokenInfo(data: Array(odd.data.dropLast()))) { error in
            guard case TokenError.malformedResponse = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try TokenInfo(data: [0, 0, 0, 0, 0]))
    }

    func testModelTable() {
        XCTAssertEqual(TokenModel.identify(serial: "86596220000001")?.name, "OTPC-P2-i")
        XCTAssertEqual(TokenModel.identify(serial: "86596220000001")?.keepsSeedOnTimeWrite, false)
        XCTAssertEqual(TokenModel.identify(serial: "86596320000001")?.keepsSeedOnTimeWrite, true)
        XCTAssertEqual(TokenModel.identify(serial: "86596000000001")?.name, "miniOTP-2-i")
        XCTAssertEqual(TokenModel.identify(serial: "86596120000001")?.name, "OTPC-P1-i")
        XCTAssertNil(TokenModel.identify(serial: "86596230000001"), "8659623 is not programmable")
        XCTAssertEqual(TokenModel.named("c302i")?.prefix, "8659632")
        XCTAssertEqual(TokenModel.all.filter(\.keepsSeedOnTimeWrite).map(\.name), ["miniOTP-2-i", "OTPC-P1-i", "C302-i"])
    }
}
