import ArgumentParser

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Make, show and convert TOTP seeds, and read and write seed files (Entra CSV and JSON, PSKC, privacyIDEA).",
        subcommands: [SeedNewCommand.self, SeedShowCommand.self, SeedConvertCommand.self, SeedImportCommand.self, SeedExportCommand.self])
}
