import Foundation
import OTPCore
import TimeSources

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
        _ = try? Timestamp.parse(text(bytes))
    }

    static func sntp(_ bytes: [UInt8]) {
        let stamp = bytes.count >= 32 ? bytes[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : 0
        if let packet = try? SNTPPacket(reply: bytes, expectedOriginate: stamp) {
            precondition(packet.mode == 4 && packet.stratum > 0 && packet.leapIndicator != 3, "only usable replies pass")
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
