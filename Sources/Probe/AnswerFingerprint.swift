/// A verifier's whole answer (status or exit code, and body or output) reduced to what comparing two
/// answers needs, so a replay that the acceptance rule calls accepted can be told apart from the first
/// acceptance of that step (HTTP 200 `{"ok":true}` versus HTTP 200 `{"ok":false,"error":"code already
/// used"}` under `status:200`).
///
/// The body itself is never kept: it may echo the code or carry a session token. The digest is Swift's
/// `Hasher` (SipHash under a seed drawn at random for each process), so equal answers in one run have
/// equal digests while nothing about the body can be read back from a report or matched across runs
/// (unless SWIFT_DETERMINISTIC_HASHING is set, which fixes the seed).
public struct AnswerFingerprint: Sendable, Equatable, Codable, CustomStringConvertible {
    /// "HTTP 200" or "exit 0": the part of the answer a person can read.
    public var status: String
    public var bodyBytes: Int
    /// Eight hex digits of the per-run keyed hash of the status and the body.
    public var digest: String

    public init(status: String, body: String) {
        self.status = status
        bodyBytes = body.utf8.count
        var hasher = Hasher()
        hasher.combine(status)
        hasher.combine(body)
        let value = UInt32(truncatingIfNeeded: hasher.finalize())
        let hex = String(value, radix: 16)
        digest = String(repeating: "0", count: 8 - hex.count) + hex
    }

    public var description: String { "\(status), \(bodyBytes) bytes #\(digest)" }

    enum CodingKeys: String, CodingKey {
        case status, bodyBytes = "body_bytes", digest
    }
}
