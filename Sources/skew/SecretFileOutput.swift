import ArgumentParser
import Files
import Foundation

/// Where a command that makes or converts a secret puts it: a file readable by its owner only, or
/// standard output when asked for by name. Without either the secret goes nowhere, and the command
/// says so before doing anything.
struct SecretFileOutput: ParsableArguments {
    @Option(name: [.customShort("o"), .long], help: "Write the secret to this file (atomically, readable by you only).")
    var output: String?

    @Flag(help: "Print the secret on standard output (the terminal, its scroll-back and any pipe see it).")
    var showSecrets = false

    func validate() throws {
        guard (output != nil) != showSecrets else {
            throw ValidationError(output == nil ? "say where the secret goes: --output FILE (readable by you only) or --show-secrets"
                                                : "--output and --show-secrets both name a place for the secret; choose one")
        }
    }

    /// Writes the bytes to the file, or to standard output when `--show-secrets` asked for it.
    func deliver(_ bytes: [UInt8]) throws {
        if let output {
            try SecretFileOutput.refuseReportFolder(output)
            try AtomicFile.write(bytes, to: output, permissions: 0o600)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// Seed files are never written into the report folder: reports are made to be kept and shared,
    /// seeds are not. Symbolic links and `..` are resolved before comparing.
    static func refuseReportFolder(_ path: String, reportDir: String = "reports") throws {
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        let folder = resolved(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let reports = resolved(reportDir)
        guard folder == reports || folder.hasPrefix(reports + "/") else { return }
        throw CLIFailure(message: "\(path): refusing to write a secret into the report folder \(reportDir), whose files are made to be shared. Fix: write it to a folder of its own, such as ~/seeds/.",
                         exitCode: .cannotCreate)
    }
}
