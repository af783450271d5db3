import ArgumentParser
import Foundation
import OTPCore
import QRCodes
import Reports
import Tokens

struct BurnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burn",
        abstract: "Program a token with an account's seed and settings (config then seed, one session), then verify its clock and codes.",
        discussion: """
            The seed comes from --secret/--secret-file/--secret-env (base32, hex with --hex, or an otpauth URI) \
            or from a QR picture (--qr FILE, with --account N when it holds several accounts). What the token \
            cannot do (digits other than 6, SHA512, periods other than 30/60 s, seeds over 63 bytes) is refused \
            before the token is touched.

            Examples:
              skew burn -s alice.txt --dry-run
              skew burn --qr enrolment.png --account 2 --confirm-code -
              skew burn --family molto2 --accounts export.png --key-env MOLTO2_KEY
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption
    @OptionGroup(title: "Seed and TOTP settings") var secret: SecretOptions

    @Option(help: "Take the seed from the QR code in this picture (PNG or JPEG).")
    var qr: String?

    @Option(help: "With --qr: which account to burn when the picture holds several (1-based, as listed).")
    var account: Int?

    @Option(help: "The code the token shows after the burn ('-': ask for it after writing); checked within ±2 steps.")
    var confirmCode: String?

    @Option(help: "Molto2: burn every account of this file onto the free profiles, with their titles, in one session: a Google Authenticator export (QR picture, or a file holding its otpauth-migration:// URI) or a plain PSKC file.")
    var accounts: String?

    @Option(help: "Molto2: the free profile to burn, 0–99.")
    var profile: Int?

    @Option(help: "Molto2: the title the profile shows, 1 to 12 bytes of UTF-8 (no secrets: anyone can read it).")
    var title: String?

    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var referenceOptions: ReferenceClockOptions
    @OptionGroup var writeOptions: TokenWriteOptions
    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let accounts { return try burnAccounts(accounts) }
        let (seed, parameters) = try seedAndParameters()
        let request = try BurnRequest(seed: seed, parameters: parameters, displayTimeout: writeOptions.display, model: writeOptions.model,
                                      dryRun: writeOptions.dryRun, showSecrets: writeOptions.showSecrets, profile: profile, title: title,
                                      keyAccess: keyOptions.access(history: historyOptions.open, force: referenceOptions.force))
        if let confirmCode, confirmCode != "-" { _ = try Locator.parseCode(confirmCode, digits: parameters.digits, input: "--confirm-code") }
        let reference = try referenceOptions.resolve()
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        let write = TokenWrite(command: "burn", writeOptions: writeOptions, historyOptions: historyOptions, output: output)
        var confirmed: (confirmation: TokenWriteReport.Confirmation, current: String)?
        guard try write.run(try token.planBurn(request, reference: reference), on: token, confirm: { result in
            guard let codes = result.seedCodes, let confirmCode else { return nil }
            let confirmation = try confirm(confirmCode, codes: codes)
            confirmed = (confirmation, codes.expected[1].code)
            return confirmation
        }) != nil else { return }
        if let confirmed, !confirmed.confirmation.matched {
            throw CLIFailure(message: "the token shows \(confirmed.confirmation.code), which is none of the codes within ±2 steps of its clock for the seed just written (current \(confirmed.current)). The seed or settings on the token are not the ones intended: check the display again, then run `skew burn` again",
                             exitCode: .negative)
        }
    }

    /// `--accounts`: everything read and checked first, then one plan for the token.
    private func burnAccounts(_ path: String) throws {
        if secret.isGiven || qr != nil || profile != nil || title != nil || confirmCode != nil {
            throw ValidationError("--accounts takes the seeds, titles and profiles from the file: leave out --secret/--qr/--profile/--title/--confirm-code")
        }
        let request = AccountsBurnRequest(accounts: try BurnAccountsSource.read(path), displayTimeout: writeOptions.display,
                                          keyAccess: keyOptions.access(history: historyOptions.open, force: referenceOptions.force),
                                          dryRun: writeOptions.dryRun)
        let reference = try referenceOptions.resolve()
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        let write = TokenWrite(command: "burn", writeOptions: writeOptions, historyOptions: historyOptions, output: output)
        try write.run(try token.planAccountsBurn(request, reference: reference), on: token)
    }

    /// Finds the code the person read within ±2 steps of the token's read-back step.
    private func confirm(_ given: String, codes: SeedCodes) throws -> TokenWriteReport.Confirmation {
        var text = given
        if given == "-" {
            Console.info("Type the code the token shows now, then press Enter:")
            guard let line = readLine() else {
                throw CLIFailure(message: "--confirm-code -: standard input ended before a code was typed. The burn itself is done; check the code with `skew window`.",
                                 exitCode: .badInput)
            }
            text = line.trimmingCharacters(in: .whitespaces)
        }
        let code = try Locator.parseCode(text, digits: codes.totp.parameters.digits, input: "--confirm-code")
        let offset = codes.stepOffset(of: code)
        return TokenWriteReport.Confirmation(code: codes.totp.parameters.format(code), matched: offset != nil, offsetSteps: offset)
    }

    /// The seed and its parameters: from a QR picture, or from the secret options.
    private func seedAndParameters() throws -> (Secret, OTPParameters) {
        guard let qr else {
            if account != nil { throw ValidationError("--account only applies with --qr") }
            let resolved = try secret.resolve()
            return (resolved.secret, resolved.parameters)
        }
        if secret.isGiven { throw ValidationError("give the seed once: either --qr or --secret/--secret-file/--secret-env") }
        let chosen = try QRAccountChoice.choose(from: QRDecoder.decode(path: qr), file: qr, number: account)
        guard chosen.kind == .totp else {
            throw InputError(input: "--qr \(qr)", problem: "the account is HOTP (counter-based); the token only does TOTP",
                             fix: "burn a TOTP account")
        }
        guard var parameters = chosen.parameters else {
            throw InputError(input: "--qr \(qr)", problem: chosen.problem ?? "the account's algorithm \(chosen.algorithmName) is unknown",
                             fix: "burn an account with SHA1 or SHA256")
        }
        parameters.algorithm = try secret.chosenAlgorithm() ?? parameters.algorithm
        parameters.digits = secret.digits ?? parameters.digits
        parameters.period = secret.period ?? parameters.period
        if let warning = chosen.secret.strengthWarning { Console.warning(warning) }
        return (chosen.secret, parameters)
    }
}

/// Picking one account out of everything a QR picture holds.
enum QRAccountChoice {
    static func choose(from payloads: [QRPayload], file: String, number: Int?) throws -> OTPAccount {
        let accounts = payloads.flatMap(\.accounts)
        guard !accounts.isEmpty else {
            let what = payloads.map(\.explanation).joined(separator: "; ")
            throw InputError(input: "--qr \(file)", problem: "the picture holds no authenticator key (\(what))",
                             fix: "use the QR code the service shows when you add an authenticator app")
        }
        let listing = accounts.enumerated().map { index, account in
            "\(index + 1). \(account.issuer.map { "\($0): " } ?? "")\(account.label) (\(account.kind.rawValue), fingerprint \(account.secret.fingerprint))"
        }.joined(separator: "; ")
        guard let number else {
            guard accounts.count == 1 else {
                throw InputError(input: "--qr \(file)", problem: "the picture holds \(accounts.count) accounts: \(listing)",
                                 fix: "pick one with --account N")
            }
            return accounts[0]
        }
        guard accounts.indices.contains(number - 1) else {
            throw InputError(input: "--account \(number)", problem: "the picture holds \(accounts.count) account\(accounts.count == 1 ? "" : "s"): \(listing)",
                             fix: "give a number from 1 to \(accounts.count)")
        }
        return accounts[number - 1]
    }
}
