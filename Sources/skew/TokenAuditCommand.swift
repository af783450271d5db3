import ArgumentParser
import Foundation
import OTPCore
import Reports
import Tokens

/// `skew token audit`: non-destructive security checks of the token on a reader, as findings.
///
/// It sends reads only, except two opt-in steps: `--allow-time-write` writes the current true time
/// (never another) to a Protectimus token to see whether an unauthenticated time write is taken,
/// `--allow-auth-check` tries the published access key once on a Token2 token or the factory key on a
/// Molto2, and `--allow-delete-check N` deletes the seed of a Molto2 profile the person named as
/// expendable, without authenticating. Nothing is ever written to a Token2 token.
struct TokenAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a token for readable codes, unauthenticated time writes, seeds kept across time writes and public access keys.",
        discussion: """
            Exit status 1 when a high-severity weakness is shown on the token or inherent to its design, 0 otherwise.

            Examples:
              skew token audit
              skew token audit --family protectimus -s slim.b32 --allow-time-write
              skew token audit --family molto2 --allow-auth-check --allow-delete-check 99
            """)

    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption

    @Flag(help: "Protectimus: test the unauthenticated time write by writing the current true time (host clock or --ntp), never another time. Needs the secret (--secret-file/--secret-env) to verify the code read back.")
    var allowTimeWrite = false

    @Flag(help: "Token2 and Molto2: try the published (factory) key once (GET CHALLENGE + AUTHENTICATE, no write). A refused AUTHENTICATE costs a try (Molto2) or may count toward a permanent lockout (older Token2 tokens), so it is never tried unasked.")
    var allowAuthCheck = false

    @Option(name: .customLong("allow-delete-check"),
            help: "Molto2: delete the seed of this profile (0–99), which you name as expendable, without authenticating, to test whether the token allows it. Without it the check is reported as not tested.")
    var expendableProfile: Int?

    @OptionGroup var secret: SecretOptions

    @OptionGroup(title: "True time for --allow-time-write (default: the host clock)")
    var referenceOptions: ReferenceClockOptions

    @Flag(help: "Show what the audit would send, and send nothing.")
    var dryRun = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        if dryRun {
            TokenDetector.auditDryRunLines(for: familyOption.chosen, allowAuthCheck: allowAuthCheck, allowTimeWrite: allowTimeWrite)
                .forEach { print($0) }
            return
        }
        let connection = try readerOptions.connect()
        defer { connection.close() }
        let token = try connection.detect(family: familyOption.chosen)
        if let expendableProfile, !(0...99).contains(expendableProfile) {
            throw InputError(input: "--allow-delete-check \(expendableProfile)", problem: "is not a profile number", fix: "give a profile from 0 to 99")
        }
        let audit = try token.audit(AuditRequest(allowTimeWrite: allowTimeWrite, allowAuthCheck: allowAuthCheck, expendableProfile: expendableProfile,
                                                 reference: { try referenceOptions.resolve() }, account: { try TokenAccount(secret) }))
        connection.close()
        try output.emit(TokenAuditReport(audit.inCommandLineWords))
        if audit.hasHighRisk { throw QuietExit(exitCode: .negative) }
    }
}
