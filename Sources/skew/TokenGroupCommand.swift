import ArgumentParser

struct TokenGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Programmable hardware tokens over PC/SC: readers, serial, model and clock; Molto2 profiles and keys.",
        subcommands: [TokenListCommand.self, TokenInfoCommand.self, TokenSyncAliasCommand.self, TokenAuditCommand.self, TokenDeleteCommand.self, TokenSetKeyCommand.self])
}
