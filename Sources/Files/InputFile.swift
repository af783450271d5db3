import Foundation

/// A file a person named as input (a seed file, a list of accounts), read whole.
public enum InputFile {
    /// The file is missing, a folder, or not readable. Front ends give it their own exit status
    /// (the CLI's 66) and name the input their own way.
    public struct Unreadable: Error, CustomStringConvertible {
        public var path: String
        /// What the file was meant to be, such as "seed file".
        public var role: String
        public var description: String { "\(path): cannot read the \(role) (missing or not readable). Fix: check the path and its permissions." }
    }

    public static func read(_ path: String, role: String) throws(Unreadable) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw Unreadable(path: path, role: role) }
        return data
    }
}
