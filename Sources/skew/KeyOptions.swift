import ArgumentParser
import Foundation
import History
import OTPCore
import TokenProtocol
import Tokens

/// `--key-file` / `--key-env`: the customer key of a token whose writes it guards (Molto2), read
/// from a file or the environment only (never the command line, where it would show in the process
/// list). With the command's `--force`, it also gives the tries history that decides whether to
/// authenticate at all.
struct KeyOptions: ParsableArguments {
    @Option(help: "Molto2: read the customer key from this file (its bytes, one trailing newline dropped).")
    var keyFile: String?

    @Option(help: "Molto2: read the customer key from this environment variable.")
    var keyEnv: String?

    init() {}

    init(keyFile: String?, keyEnv: String?) {
        self.keyFile = keyFile
        self.keyEnv = keyEnv
    }

    /// The key's bytes; asked for only when a family needs it. `options` names the flags in messages.
    func key(as options: String = "--key-file/--key-env") throws -> [UInt8] {
        switch (keyFile, keyEnv) {
        case (let path?, nil):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIFailure(message: "\(path): cannot read the key file (missing or not readable). Fix: check the path and its permissions.", exitCode: .noInput)
            }
            return try Self.nonEmpty(Self.dropNewline(Array(data)), input: "--key-file \(path)")
        case (nil, let variable?):
            guard let value = ProcessInfo.processInfo.environment[variable] else {
                throw InputError(input: "--key-env \(variable)", problem: "the environment variable is not set", fix: "export \(variable) with the customer key first")
            }
            return try Self.nonEmpty(Array(value.utf8), input: "--key-env \(variable)")
        case (nil, nil):
            throw InputError(input: "customer key (\(options))", problem: "this write needs the token's customer key",
                             fix: "give it in a file or an environment variable (a new token's key is TOKEN2MOLTO1-KEY)")
        default:
            throw InputError(input: options, problem: "the key was given twice", fix: "give one of them")
        }
    }

    /// The key and the tries history in `store`; `force` authenticates at a low count.
    func access(history store: @escaping () throws -> any HistoryStore, force: Bool) -> KeyAccess {
        KeyAccess(key: { try key() }, lastTriesLeft: { try store().lastTriesLeft(token: $0) },
                  recordTriesLeft: { try store().recordTriesLeft(token: $0, triesLeft: $1, time: Date().timeIntervalSince1970) },
                  clearTries: { try store().clearTriesLeft(token: $0) }, force: force)
    }

    private static func dropNewline(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }

    private static func nonEmpty(_ bytes: [UInt8], input: String) throws(InputError) -> [UInt8] {
        guard !bytes.isEmpty else { throw InputError(input: input, problem: "the key is empty", fix: "put the customer key there") }
        return bytes
    }
}

/// `--profile N` / `--all-profiles`: the profiles of a multi-profile token a write addresses.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Molto2: the profile to write, 0–99.")
    var profile: Int?

    @Flag(help: "Molto2 sync: every profile, 0–99, each with its own write.")
    var allProfiles = false

    var selection: ProfileSelection? {
        if allProfiles { return .all }
        return profile.map(ProfileSelection.one)
    }

    func validate() throws {
        if allProfiles && profile != nil { throw ValidationError("give --profile N or --all-profiles, not both") }
    }
}
