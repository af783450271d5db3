import ArgumentParser

/// `skew token sync-protectimus`: the name `skew sync` had for Protectimus tokens before it set
/// every family. It does what `skew sync` does, refusing a token of another family before anything
/// is written, and says on standard error that it is an alias.
struct TokenSyncAliasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-protectimus",
        abstract: "Alias of `skew sync` for a Protectimus SLIM NFC: a token of another family is refused before anything is written.",
        // Written out: the usage ArgumentParser derives names the wrapped `sync` command as well.
        usage: "skew token sync-protectimus <options>",
        discussion: """
            Examples:
              skew token sync-protectimus -s slim.b32 --ntp pool.ntp.org
              skew token sync-protectimus -s slim.b32 --dry-run
            """)

    @OptionGroup var sync: SyncCommand

    func run() throws {
        Console.info("note: `skew token sync-protectimus` is an alias of `skew sync` that refuses other families")
        try sync.perform(requiring: .protectimus)
    }
}
