import ArgumentParser
import Files
import Reports
import SeedFiles

struct SeedExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Convert a seed file for a verifier: Entra CSV, Entra Graph JSON, PSKC (plain or encrypted) or privacyIDEA.",
        discussion: """
            Reads what seed import reads, checks every seed, and writes the export readable by you only \
            (never into the report folder); the report (standard output, or --output) names each token by \
            fingerprint. Nothing is written when any token has a problem. --format chooses the report's \
            format, --to the export's.

            Examples:
              skew seed export token2-batch.csv --to entra-json --write graph-body.json
              skew seed export seeds.csv --hex --model C302 --to pskc \\
                --encrypt-password-env PSKC_PASSWORD --write batch.pskc
            """)

    @OptionGroup var input: SeedFileInput

    @Option(help: "Export format.")
    var to: WritableSeedFormat

    @Option(help: "The export file to write (atomically, readable by you only).")
    var write: String

    @OptionGroup var encryption: SeedExportKeyOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let format = to.format
        guard format == .pskc || !encryption.encrypts else {
            throw ValidationError("--encrypt-… applies to --to pskc only; \(format.rawValue) files have no encryption")
        }
        try SecretFileOutput.refuseReportFolder(write, reportDir: output.reportDir)
        let protection = try encryption.protection()
        let (sourceFormat, entries) = try input.read()
        let encryptionName: String? = switch (format, protection) {
        case (.pskc, .none): "none"
        case (.pskc, .presharedKey): "pre-shared key (AES-128-CBC)"
        case (.pskc, .password): "password (PBKDF2, AES-128-CBC)"
        default: nil
        }
        let report = SeedFileReport(source: input.file, sourceFormat: sourceFormat, entries: entries,
                                    destination: write, destinationFormat: format, encryption: encryptionName)
        guard report.problems == 0 else {
            try output.emit(SeedFileReport(source: input.file, sourceFormat: sourceFormat, entries: entries))
            Console.error("\(input.file): \(report.problems) of \(entries.count) tokens have problems, so \(write) was not written. Fix: correct them (see the check column) and export again.")
            throw QuietExit(exitCode: .badInput)
        }
        let records = entries.compactMap(\.record)
        let text = try format.write(records, protection: protection)
        try AtomicFile.write(text, to: write, permissions: 0o600)
        if format == .entraJSON {
            let unassigned = EntraGraphJSON.unassigned(records)
            if !unassigned.isEmpty {
                Console.warning("Graph assigns tokens by user object ID: \(unassigned.joined(separator: ", ")) named a UPN and \(unassigned.count == 1 ? "is" : "are") left unassigned")
            }
        }
        if encryptionName == "none" { Console.warning("\(write) holds the seeds unencrypted; add --encrypt-password-env or --encrypt-key-file to protect them") }
        try output.emit(report)
    }
}
