import Foundation
import Files

/// The `--state` file: JSON, written atomically and readable only by its owner, since it holds
/// the virtual token's seed.
public enum EmulatorStateFile {
    public static func load(_ path: String) throws(EmulatorError) -> VirtualTokenState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .stateFile(path: path, reason: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(VirtualTokenState.self, from: data)
        } catch {
            throw .stateFile(path: path, reason: "is not a virtual-token state file (\(error))")
        }
    }

    public static func save(_ state: VirtualTokenState, to path: String) throws(EmulatorError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(state)
            try AtomicFile.write(Array(data), to: path, permissions: 0o600)
        } catch let error as AtomicFile.WriteError {
            throw .stateFile(path: path, reason: error.reason)
        } catch {
            throw .stateFile(path: path, reason: "cannot be encoded (\(error))")
        }
    }
}
