import Foundation
import OTPCore
import TestSupport

/// Reads `fixtures/token/vectors.json`, the golden vectors computed with OpenSSL (docs/token-protocol.md §14).
enum TokenFixtures {
    static var vectors: [String: Any] { (try? Fixtures.json("token/vectors.json")) ?? [:] }

    static func section(_ name: String) -> [String: Any] { vectors[name] as? [String: Any] ?? [:] }
    static func list(_ name: String) -> [[String: Any]] { vectors[name] as? [[String: Any]] ?? [] }
}

extension Dictionary where Key == String, Value == Any {
    func hex(_ key: String) throws -> [UInt8] {
        guard let text = self[key] as? String else { throw CocoaError(.coderValueNotFound) }
        return try Hex.decode(text, input: key)
    }

    func string(_ key: String) -> String { self[key] as? String ?? "" }
    func int(_ key: String) -> Int { self[key] as? Int ?? -1 }
}
