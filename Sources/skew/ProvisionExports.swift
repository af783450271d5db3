import ArgumentParser
import Files
import OTPCore
import Provisioning
import Reports
import SeedFiles

/// The keys of `--export pskc-key:FILE` and `pskc-password:FILE`, from the encryption options
/// (the formats and the writing are `ExportTarget`'s, in Provisioning).
enum ProvisionExports {
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

    private static func missing(_ target: ExportTarget, options: String) -> InputError {
        InputError(input: "--export for \(target.path)", problem: "a \(target.protection) PSKC export needs its key", fix: "give \(options)")
    }
}
