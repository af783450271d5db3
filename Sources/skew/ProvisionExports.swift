import ArgumentParser
import Files
import OTPCore
import Provisioning
import Reports
import SeedFiles

/// `--export FORMAT:FILE`: the files a batch keeps up to date for the verifier, each rebuilt from
/// the journal's verified tokens after every token, atomically and readable by the owner only.
enum ProvisionExports {
    /// The `FORMAT` words: the seed file formats, with PSKC once per protection.
    static let formats: [String: (SeedFileFormat, String)] = [
        "entra-csv": (.entraCSV, "none"), "entra-json": (.entraJSON, "none"), "privacyidea": (.privacyIDEA, "none"),
        "pskc": (.pskc, "none"), "pskc-key": (.pskc, "preshared-key"), "pskc-password": (.pskc, "password"),
    ]

    static func parse(_ specs: [String], reportDir: String) throws -> [ExportTarget] {
        let targets = try specs.map { spec throws -> ExportTarget in
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty, let (format, protection) = formats[parts[0].lowercased()] else {
                throw InputError(input: "--export \(spec)", problem: "not FORMAT:FILE with a known FORMAT",
                                 fix: "use one of \(formats.keys.sorted().joined(separator: ", ")), such as --export entra-csv:batch.csv")
            }
            try SecretFileOutput.refuseReportFolder(parts[1], reportDir: reportDir)
            return ExportTarget(format: format.rawValue, protection: protection, path: parts[1])
        }
        let paths = targets.map(\.path)
        guard Set(paths).count == paths.count else {
            throw InputError(input: "--export", problem: "two exports name the same file", fix: "give every export its own file")
        }
        return targets
    }

    /// The PSKC key or password each target needs, from the encryption options; refuses a target
    /// whose key was not given.
    static func protections(for targets: [ExportTarget], keys: SeedExportKeyOptions) throws -> [PSKCProtection] {
        let key = try keys.presharedKey(), password = try keys.passwordKey()
        return try targets.map { target throws -> PSKCProtection in
            switch target.protection {
            case "preshared-key":
                guard let key else { throw missing(target, options: "--encrypt-key-file or --encrypt-key-env") }
                return key
            case "password":
                guard let password else { throw missing(target, options: "--encrypt-password-file or --encrypt-password-env") }
                return password
            default:
                if target.format == SeedFileFormat.pskc.rawValue {
                    Console.warning("\(target.path) will hold the seeds unencrypted; export pskc-key:FILE or pskc-password:FILE to protect them")
                }
                return .none
            }
        }
    }

    /// Writes every target from `records`.
    static func write(_ records: [SeedRecord], to targets: [ExportTarget], protections: [PSKCProtection]) throws {
        for (target, protection) in zip(targets, protections) {
            guard let format = SeedFileFormat(rawValue: target.format) else {
                throw InputError(input: "the journal's export \(target.path)", problem: "format \(target.format) is unknown", fix: "resume with the skew that started the batch")
            }
            try AtomicFile.write(try format.write(records, protection: protection), to: target.path, permissions: 0o600)
        }
    }

    private static func missing(_ target: ExportTarget, options: String) -> InputError {
        InputError(input: "--export for \(target.path)", problem: "a \(target.protection) PSKC export needs its key", fix: "give \(options)")
    }
}
