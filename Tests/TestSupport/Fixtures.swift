import Foundation

/// The package's own folders, found from this file's place in the tree, so tests run from any
/// working directory.
public enum Fixtures {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let root = packageRoot.appendingPathComponent("fixtures")

    /// `fixtures/RELATIVE`.
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// A JSON object from `fixtures/RELATIVE`.
    public static func json(_ relativePath: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(relativePath))) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return object
    }
}
