import ArgumentParser

struct TokenGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Programmable hardware tokens over PC/SC: readers, serial, model and clock.",
        subcommands: [TokenListCommand.self, TokenInfoCommand.self, TokenSyncAliasCommand.self, TokenAuditCommand.self])
}
