import ArgumentParser
import Foundation
import OTPCore
import SeedFiles

/// The key or password of an encrypted PSKC file being read. Like secrets, they come from a file or
/// an environment variable, never the command line.
struct SeedFileKeyOptions: ParsableArguments {
    @Option(help: "Read the PSKC pre-shared AES key (hex) from this file.")
    var keyFile: String?

    @Option(help: "Read the PSKC pre-shared AES key (hex) from this environment variable.")
    var keyEnv: String?

    @Option(help: "Read the PSKC password from this file (its first line).")
    var passwordFile: String?

    @Option(help: "Read the PSKC password from this environment variable.")
    var passwordEnv: String?

    func keySource() throws -> PSKCKeySource {
        try KeyMaterial.source(keyFile: keyFile, keyEnv: keyEnv, passwordFile: passwordFile, passwordEnv: passwordEnv,
                               optionPrefix: "--")
    }
}

/// The key or password a PSKC export is encrypted with, from a file or environment variable.
struct SeedExportKeyOptions: ParsableArguments {
    @Option(help: "Encrypt the PSKC export with the pre-shared AES-128 key (32 hex digits) in this file.")
    var encryptKeyFile: String?

    @Option(help: "Encrypt the PSKC export with the pre-shared AES-128 key (32 hex digits) in this environment variable.")
    var encryptKeyEnv: String?

    @Option(help: "Encrypt the PSKC export with a key derived (PBKDF2) from the password in this file.")
    var encryptPasswordFile: String?

    @Option(help: "Encrypt the PSKC export with a key derived (PBKDF2) from the password in this environment variable.")
    var encryptPasswordEnv: String?

    @Option(help: "PBKDF2 iterations for a password-encrypted export.")
    var iterations = PSKCProtection.defaultIterations

    @Option(help: "The name the PSKC file gives its key or password, so the receiver knows which one to use.")
    var keyName = "Pre-shared-key"

    var encrypts: Bool { [encryptKeyFile, encryptKeyEnv, encryptPasswordFile, encryptPasswordEnv].contains { $0 != nil } }

    func protection() throws -> PSKCProtection {
        let key = try presharedKey(), password = try passwordKey()
        guard key == nil || password == nil else {
            throw InputError(input: "--encrypt-key-… and --encrypt-password-…", problem: "more than one key or password was given",
                             fix: "give exactly one")
        }
        return key ?? password ?? .none
    }

    /// The pre-shared key protection, when `--encrypt-key-file` or `--encrypt-key-env` gives one.
    func presharedKey() throws -> PSKCProtection? {
        guard case .presharedKey(let key) = try KeyMaterial.source(keyFile: encryptKeyFile, keyEnv: encryptKeyEnv, passwordFile: nil,
                                                                    passwordEnv: nil, optionPrefix: "--encrypt-") else { return nil }
        guard key.count == 16 else {
            throw InputError(input: "the pre-shared key", problem: "it is \(key.count) bytes, not the 16 of AES-128",
                             fix: "give 32 hex digits, such as the output of: openssl rand -hex 16")
        }
        return .presharedKey(key, name: keyName)
    }

    /// The PBKDF2 password protection, when `--encrypt-password-file` or `--encrypt-password-env` gives one.
    func passwordKey() throws -> PSKCProtection? {
        guard (1...10_000_000).contains(iterations) else {
            throw UsageError(input: "--iterations", problem: "\(iterations) is outside 1…10000000", fix: "use 100000 or more")
        }
        guard case .password(let password) = try KeyMaterial.source(keyFile: nil, keyEnv: nil, passwordFile: encryptPasswordFile,
                                                                     passwordEnv: encryptPasswordEnv, optionPrefix: "--encrypt-") else { return nil }
        return .password(password, iterations: iterations, name: keyName)
    }
}

/// Reads a key or password from the one place given, naming the place (never the value) in errors.
enum KeyMaterial {
    static func source(keyFile: String?, keyEnv: String?, passwordFile: String?, passwordEnv: String?,
                       optionPrefix: String) throws -> PSKCKeySource {
        let given = [keyFile, keyEnv, passwordFile, passwordEnv].filter { $0 != nil }.count
        guard given <= 1 else {
            throw UsageError(input: "\(optionPrefix)key-… and \(optionPrefix)password-…", problem: "more than one key or password was given",
                             fix: "give exactly one")
        }
        if let keyFile {
            let text = try SecretSource.contents(ofFile: keyFile, option: "\(optionPrefix)key-file", noun: "key")
            return .presharedKey(try Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines), input: "\(optionPrefix)key-file \(keyFile)"))
        }
        if let keyEnv {
            return .presharedKey(try Hex.decode(try SecretSource.value(ofVariable: keyEnv, option: "\(optionPrefix)key-env"), input: "\(optionPrefix)key-env \(keyEnv)"))
        }
        if let passwordFile {
            let firstLine = try SecretSource.contents(ofFile: passwordFile, option: "\(optionPrefix)password-file", noun: "key").split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return .password(String(firstLine).trimmingCharacters(in: CharacterSet(charactersIn: "\r")))
        }
        if let passwordEnv { return .password(try SecretSource.value(ofVariable: passwordEnv, option: "\(optionPrefix)password-env")) }
        return .none
    }
}
