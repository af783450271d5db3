import Foundation
import OTPCore
import Probe
import TimeSources
import TokenEmulator
import TokenProtocol

/// Every parser that reads bytes from outside, as a libFuzzer target. A target may reject its
/// input (throw); it must never crash, hang or break an invariant (checked with `precondition`).
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "base32": base32,
        "hex": hex,
        "otpauth": otpauth,
        "migration": migration,
        "qr-payload": qrPayload,
        "timestamp": timestamp,
        "sntp": sntp,
        "get-info": getInfo,
        "response-apdu": responseAPDU,
        "config-tlv": configTLV,
        "seed-padding": seedPadding,
        "emulator-apdu": emulatorAPDUs,
        "protectimus": protectimus,
        "verifier-answer": verifierAnswer,
        "host-session": hostSession,
    ]

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func base32(_ bytes: [UInt8]) {
        if let decoded = try? Base32.decode(text(bytes)) {
            precondition(try! Base32.decode(Base32.encode(decoded)) == decoded, "base32 round trip")
        }
        precondition(try! Base32.decode(Base32.encode(bytes)) == bytes, "base32 encode/decode of raw bytes")
    }

    static func hex(_ bytes: [UInt8]) {
        if let decoded = try? Hex.decode(text(bytes)) {
            precondition(try! Hex.decode(Hex.encode(decoded)) == decoded, "hex round trip")
        }
    }

    static func otpauth(_ bytes: [UInt8]) {
        guard let uri = try? OTPAuthURI(parsing: "otpauth://" + text(bytes)) else { return }
        let parameters = uri.parameters()
        let again = try? OTPAuthURI(parsing: uri.render(parameters: parameters))
        precondition(again?.secret == uri.secret, "a rendered URI parses back to the same secret")
        precondition(again?.parameters() == parameters, "a rendered URI keeps its parameters")
        precondition(again?.label == uri.label && again?.issuer == uri.issuer, "a rendered URI keeps its label and issuer")
    }

    static func migration(_ bytes: [UInt8]) {
        _ = try? MigrationPayload(parsing: text(bytes))
        // The protobuf reader itself, on raw bytes behind a valid prefix.
        let base64 = bytes.base64URL
        _ = try? MigrationPayload(parsing: "otpauth-migration://offline?data=" + base64)
    }

    static func qrPayload(_ bytes: [UInt8]) {
        let payload = QRPayload(classifying: text(bytes))
        precondition(!payload.explanation.isEmpty, "every payload is explained")
    }

    static func timestamp(_ bytes: [UInt8]) {
        // Years 0000 to 9999 print as four digits, which parse back to the same whole second.
        guard let seconds = try? Timestamp.parse(text(bytes)), seconds >= -62_167_219_200 else { return }
        precondition((try? Timestamp.parse(Timestamp.iso(seconds))) == seconds.rounded(.down), "a printed time parses back")
    }

    static func sntp(_ bytes: [UInt8]) {
        let stamp = bytes.count >= 32 ? bytes[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : 0
        if let packet = try? SNTPPacket(reply: bytes, expectedOriginate: stamp) {
            precondition(packet.mode == 4 && packet.stratum > 0 && packet.leapIndicator != 3, "only usable replies pass")
        }
    }
}

extension FuzzTargets {
    /// The host-side GET INFO parser: whatever the bytes, a parsed serial fits inside them.
    static func getInfo(_ bytes: [UInt8]) {
        if let info = try? TokenInfo(data: bytes) {
            precondition(info.serial.utf8.count + 10 <= bytes.count, "the serial lies within the response")
        }
    }

    static func responseAPDU(_ bytes: [UInt8]) {
        if let response = try? ResponseAPDU(raw: bytes) {
            precondition(response.data.count == bytes.count - 2, "data plus the status word is the whole response")
        }
    }

    /// Only a TLV that re-encodes to the same bytes may parse (the token takes exactly one layout).
    static func configTLV(_ bytes: [UInt8]) {
        if let config = TokenConfig(tlv: bytes) {
            precondition(config.tlv == bytes, "a parsed config re-encodes to its own bytes")
        }
    }

    static func seedPadding(_ bytes: [UInt8]) {
        if let seed = TokenCrypto.stripSeedPadding(bytes) {
            precondition(seed.count < bytes.count, "padding is always removed")
        }
        let padded = TokenCrypto.padSeed(bytes)
        precondition(padded.count % 16 == 0 && TokenCrypto.stripSeedPadding(padded) == bytes, "pad then strip is the identity")
    }

    /// The card side: a sequence of APDUs (each prefixed by its length byte) sent to a virtual token
    /// that has a seed, with a fixed challenge so the fuzzer can find a valid AUTHENTICATE.
    static func emulatorAPDUs(_ bytes: [UInt8]) {
        var state = VirtualTokenState(serial: "86596220000001", model: TokenModel.identify(serial: "86596220000001"),
                                      clock: SimulatedClock(offset: 0, driftPPM: 0, start: 1_700_000_000))
        state.seed = Array("12345678901234567890".utf8)
        var token = VirtualToken(state: state, retryLimit: 3, infoPreset: .tlvHypothesis,
                                 randomChallenge: { [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88] })
        var index = 0
        while index < bytes.count {
            let length = Int(bytes[index])
            let apdu = Array(bytes[(index + 1)..<min(index + 1 + length, bytes.count)])
            index += 1 + length
            let answer = token.handle(apdu, hostTime: 1_700_000_000)
            precondition(answer.response.count >= 2, "every APDU gets a status word")
        }
    }
}

extension FuzzTargets {
    /// A verifier's answer (an HTML error page, broken JSON, anything) against a rule: the first
    /// line is the rule, the rest the body. Rules that parse must judge any body without crashing.
    static func verifierAnswer(_ bytes: [UInt8]) {
        let text = self.text(bytes)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let rule = try? AcceptanceRule.parse(String(parts[0]), input: "--accept") else { return }
        let body = parts.count > 1 ? String(parts[1]) : ""
        for status in [200, 401, 429, 500] {
            _ = rule.matches(status: status, body: body)
        }
    }
}

private extension Array where Element == UInt8 {
    /// Base64 with the URL-safe alphabet and no padding, as some exporters write it.
    var base64URL: String {
        Data(self).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
