import ArgumentParser
import Reports

struct SeedImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a vendor's seed file and check every seed (decodes, length, settings, no repeats); print fingerprints, never seeds.",
        discussion: """
            Reads PSKC (RFC 6030: plain, or AES-CBC under a pre-shared key or a PBKDF2 password, with \
            every MAC checked), Entra-style CSV as Token2 ships it, and serial,secret[,account] lines. \
            The key or password comes from a file or an environment variable. Exits 65 when any token \
            has a problem (the report names each).

            Examples:
              skew seed import token2-batch.csv
              skew seed import vendor.pskc --password-env PSKC_PASSWORD -f json
            """)

    @OptionGroup var input: SeedFileInput

    @OptionGroup var output: OutputOptions

    func run() throws {
        let (format, entries) = try input.read()
        let report = SeedFileReport(source: input.file, sourceFormat: format, entries: entries)
        try output.emit(report)
        if report.problems > 0 {
            Console.error("\(input.file): \(report.problems) of \(entries.count) tokens have problems (see the check column)")
            throw QuietExit(exitCode: .badInput)
        }
    }
}
