import ArgumentParser
import Foundation
import OTPCore
import Reports
import Tokens

/// `skew token delete --profile N`: deletes one profile's seed on a token with profiles (Molto2),
/// after one authentication under the customer key, and reads the profile back.
struct TokenDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one profile's seed (Molto2), after one authentication; title and settings stay.",
        discussion: """
            Examples:
              skew token delete --profile 7 --key-file molto2.key --dry-run
              skew token delete --profile 7 --key-env MOLTO2_KEY
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption

    @Option(help: "The profile whose seed to delete, 0–99.")
    var profile: Int

    @OptionGroup var keyOptions: KeyOptions

    @Flag(help: "Authenticate even though the history saw 2 or fewer tries left on this token.")
    var force = false

    @Flag(help: "Read the profile, print every command a real run would send, and delete nothing.")
    var dryRun = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        let result = try token.deleteSeed(SeedDeleteRequest(profile: profile, keyAccess: keyOptions.access(history: historyOptions.open, force: force),
                                                            dryRun: dryRun))
        if dryRun { return print(result.dryRun.joined(separator: "\n")) }
        try output.emit(TokenDeleteReport(result))
        if result.seedAfter { throw CLIFailure(message: "profile \(profile) still holds a seed after DELETE SEED. Fix: check with `skew token info`", exitCode: .negative) }
    }
}

/// `skew token set-key`: changes the customer key (Molto2). The current and the new key come from
/// files or the environment; the token takes the change only after its ▲ button is pressed, and a
/// new session with the new key checks that it did.
struct TokenSetKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-key",
        abstract: "Change a Molto2's customer key: press ▲ on the token when asked; the new key is then verified.",
        discussion: """
            Examples:
              skew token set-key --key-file old.key --new-key-file new.key --dry-run
              skew token set-key --key-env OLD_KEY --new-key-env NEW_KEY --button-wait 20
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption
    @OptionGroup(title: "The current customer key") var keyOptions: KeyOptions

    @Option(help: "Read the new customer key from this file.")
    var newKeyFile: String?

    @Option(help: "Read the new customer key from this environment variable.")
    var newKeyEnv: String?

    @Option(help: "Wait this many seconds for the button press instead of asking for Enter.")
    var buttonWait: Double?

    @Flag(help: "Authenticate even though the history saw 2 or fewer tries left on this token.")
    var force = false

    @Flag(help: "Print every command a real run would send, and change nothing.")
    var dryRun = false

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let buttonWait, !(0...600).contains(buttonWait) {
            throw InputError(input: "--button-wait \(buttonWait)", problem: "is outside 0…600 s", fix: "give seconds, such as 5")
        }
        let newKey = KeyOptions(keyFile: newKeyFile, keyEnv: newKeyEnv)
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        let result = try token.changeKey(KeyChangeRequest(keyAccess: keyOptions.access(history: historyOptions.open, force: force),
                                                          newKey: { try newKey.key(as: "--new-key-file/--new-key-env") },
                                                          waitForButton: waitForButton, dryRun: dryRun))
        if dryRun { return print(result.dryRun.joined(separator: "\n")) }
        try output.emit(TokenKeyChangeReport(result))
        guard result.verified else {
            throw CLIFailure(message: "the new key was refused (\(result.triesLeft.map { "\($0) tries left" } ?? "tries left not given")): the change did not take, most likely because ▲ was not pressed. The old key still holds. Fix: run `skew token set-key` again and press ▲ when asked",
                             exitCode: .negative)
        }
    }

    private func waitForButton() throws {
        if let buttonWait { return Thread.sleep(forTimeInterval: buttonWait) }
        Console.info("Press ▲ on the token, then press Enter here.")
        guard readLine() != nil else {
            throw CLIFailure(message: "standard input ended before Enter: the key change may or may not have been confirmed on the token. Fix: check with `skew token set-key --dry-run`, then rerun with --button-wait SECONDS",
                             exitCode: .badInput)
        }
    }
}
