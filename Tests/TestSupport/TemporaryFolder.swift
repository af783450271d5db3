import Foundation

/// A fresh folder under the system's temporary directory, removed with everything in it when the
/// object goes away (keep it in a test's property, or let it live for one test function).
public final class TemporaryFolder {
    public let url: URL
    public var path: String { url.path }

    /// `purpose` names the folder (`skew-PURPOSE-UUID`), so a leftover says which test made it.
    public init(_ purpose: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("skew-\(purpose)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The URL of `name` inside the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` to `name` (mode 0755 when `executable`) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let target = file(name)
        try text.write(to: target, atomically: true, encoding: .utf8)
        if executable { chmod(target.path, 0o755) }
        return target.path
    }
}
