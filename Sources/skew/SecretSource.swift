import Foundation
import OTPCore

/// Reads a secret's text from the one place it was given: a file, an environment variable,
/// standard input (`-`) or the command line itself (with a warning, where the command offers it).
/// Every command's `--secret…` options and `skew emulate`'s `--seed-…` options read through it, so
/// they refuse the same mistakes with the same words and exit codes.
struct SecretSource {
    /// What is read, for messages: "secret" or "seed".
    var noun: String
    /// The option that takes the value itself (`--secret`), nil where there is none.
    var argumentOption: String?
    var argument: String?
    var fileOption: String
    var file: String?
    var environmentOption: String
    var variable: String?

    /// The text exactly as given, and where it came from (for messages).
    func read() throws -> (text: String, source: String) {
        let given = [argument != nil, file != nil, variable != nil].filter { $0 }.count
        guard given == 1 else {
            let ways = ["\(fileOption) PATH", "\(environmentOption) VAR"]
                + (argumentOption.map { ["\($0) - (standard input)", "\($0) VALUE"] } ?? [])
            throw UsageError(input: noun, problem: given == 0 ? "no \(noun) was given" : "the \(noun) was given more than once",
                             fix: "give exactly one of " + ways.dropLast().joined(separator: ", ") + " or " + ways.last!)
        }
        if let path = file { return (try Self.contents(ofFile: path, option: fileOption, noun: noun), "\(fileOption) \(path)") }
        if let variable { return (try Self.value(ofVariable: variable, option: environmentOption), "\(environmentOption) \(variable)") }
        let option = argumentOption ?? ""
        let value = argument!
        if value == "-" {
            return (String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), "standard input")
        }
        Console.warning("a \(noun) on the command line shows in the process list and shell history; prefer \(fileOption), \(environmentOption) or \(option) -")
        return (value, option)
    }

    /// A secret file's text. A secret, key or URI is a few hundred bytes, so a large file is
    /// refused rather than read by mistake. (`stat`, not `FileManager.attributesOfItem`, which also
    /// looks up the owner's and group's names: an NSS lookup on every start.)
    static func contents(ofFile path: String, option: String, noun: String) throws -> String {
        var status = stat()
        if stat(path, &status) == 0, status.st_size > 65_536 {
            let size = status.st_size
            throw InputError(input: "\(option) \(path)", problem: "the file is \(size) bytes, far more than a \(noun)",
                             fix: "point \(option) at a file holding only the \(noun)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(message: "\(path): cannot read the \(noun) file (missing or not readable). Fix: check the path and its permissions.",
                             exitCode: .noInput)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// An environment variable's value; an unset variable is missing data (65), an empty one is
    /// returned for the parser to refuse.
    static func value(ofVariable variable: String, option: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable] else {
            throw InputError(input: "\(option) \(variable)", problem: "the environment variable is not set",
                             fix: "export \(variable) before running skew, or pass another variable name")
        }
        return value
    }
}
