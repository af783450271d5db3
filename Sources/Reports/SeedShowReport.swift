import OTPCore

/// `skew seed show`: one secret in every form a person checks a token's programming with (base32,
/// hex and bits, only when asked), the counter of the moment in hex, and for each hash the HMAC of
/// that counter with the four bytes dynamic truncation takes, the 31-bit number and the code.
public struct SeedShowReport: Report {
    public struct Secret: Encodable, Sendable {
        public var base32: String
        public var hex: String
        /// The bits, a space between bytes.
        public var bits: String
    }

    public struct Hash: Encodable, Sendable {
        public var algorithm: String
        public var hmac: String
        /// The low four bits of the HMAC's last byte: where the four truncation bytes start.
        public var truncationOffset: Int
        /// The four bytes, in hex.
        public var truncationBytes: String
        /// Those bytes as a number with the top bit cleared (RFC 4226 §5.3).
        public var truncated: UInt32
        public var code: String
    }

    public var command: String { "seed-show" }
    public var schemaVersion: Int { 2 }
    public var secretFingerprint: String
    public var secretBytes: Int
    /// Present only when the secret was asked for.
    public var secret: Secret?
    public var time: ReportTime
    public var periodSeconds: Int
    public var digits: Int
    public var t0: ReportTime
    public var counter: Int64
    public var counterHex: String
    public var hashes: [Hash]
    public var holdsSecrets: Bool { secret != nil }

    /// `time` must not be before T0 (the caller refuses it: no step has begun).
    public init(secret key: OTPCore.Secret, parameters: OTPParameters, at time: Double, showSecret: Bool) {
        secretFingerprint = key.fingerprint
        secretBytes = key.bytes.count
        secret = showSecret ? Secret(base32: Base32.encode(key.bytes), hex: Hex.encode(key.bytes),
                                     bits: key.bytes.map { byte in
                                         let binary = String(byte, radix: 2)
                                         return String(repeating: "0", count: 8 - binary.count) + binary
                                     }.joined(separator: " ")) : nil
        self.time = ReportTime(time)
        periodSeconds = parameters.period
        digits = parameters.digits
        t0 = ReportTime(parameters.t0)
        let step = parameters.counter(at: time)
        counter = step
        let derivations = HashAlgorithm.allCases.map { algorithm in
            CodeDerivation(secret: key, counter: UInt64(max(0, step)), algorithm: algorithm, digits: parameters.digits)
        }
        counterHex = Hex.encode(derivations[0].counterBytes)
        hashes = derivations.map { derivation in
            Hash(algorithm: derivation.algorithm.rawValue, hmac: Hex.encode(derivation.hmac), truncationOffset: derivation.offset,
                 truncationBytes: Hex.encode(derivation.truncationBytes), truncated: derivation.truncated, code: derivation.code)
        }
    }

    public var table: ReportTable {
        var summary: [(label: String, value: String)] = [("secret", "fingerprint \(secretFingerprint) (\(secretBytes) bytes, \(secretBytes * 8) bits)")]
        if let secret {
            summary += [("base32", secret.base32), ("hex", secret.hex), ("bits", secret.bits)]
        }
        summary += [("time", "\(time.utc) (Unix \(Int64(time.unix.rounded(.down))))"),
                    ("counter", "\(counter) = 0x\(counterHex) (\(periodSeconds) s steps from T0 \(formatSeconds(t0.unix)))")]
        let rows = hashes.map { hash in
            // The truncation bytes in brackets: the part of the HMAC the code is cut from.
            let start = hash.truncationOffset * 2
            let hex = Array(hash.hmac)
            let marked = String(hex[..<start]) + "[" + String(hex[start..<start + 8]) + "]" + String(hex[(start + 8)...])
            return [hash.algorithm, marked, String(hash.truncationOffset), String(hash.truncated), hash.code]
        }
        var notes = ["[…] marks the four bytes dynamic truncation takes: the HMAC's last hex digit is their offset."]
        if secret != nil { notes.append("The base32, hex and bits lines are the secret itself: anyone who sees them can make these codes.") }
        return ReportTable(title: "Seed data", summary: summary,
                           columns: ["algorithm", "HMAC of the counter", "offset", "31-bit value", "code (\(digits) digits)"],
                           rows: rows, notes: notes)
    }
}
