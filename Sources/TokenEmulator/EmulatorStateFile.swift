import Foundation
import Files

/// The `--state` file of a virtual token of any family: JSON, written atomically and readable only
/// by its owner, since it holds the virtual token's seeds.
public enum EmulatorStateFile {
    public static func load<State: Decodable>(_ path: String, as type: State.Type) throws(EmulatorError) -> State? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .stateFile(path: path, reason: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .stateFile(path: path, reason: "is not a virtual-token state file (\(error))")
        }
    }

    public static func save(_ state: some Encodable, to path: String) throws(EmulatorError) {
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
