import TestSupport

/// Reads `fixtures/token/molto2-vectors.json`, computed with OpenSSL and xxd alone by
/// `fixtures/token/make-molto2-vectors.sh` (docs/token-protocol.md §14).
enum Molto2Fixtures {
    static var vectors: [String: Any] { (try? Fixtures.json("token/molto2-vectors.json")) ?? [:] }

    static func section(_ name: String) -> [String: Any] { vectors[name] as? [String: Any] ?? [:] }
    static func list(_ name: String) -> [[String: Any]] { vectors[name] as? [[String: Any]] ?? [] }
}
