import Drift
import Files
import History
import LibraryLoader
import OTPCore
import PCSC
import ProbeVerifiers
import Provisioning
import QRCodes
import Reports
import SeedFiles
import TimeSources
import TokenEmulator
import TokenProtocol
import Tokens

/// The exit codes of `skew` (sysexits.h values where one fits), documented in the README and in
/// docs/commands.md ("Exit codes").
///
/// The rule that keeps one mistake on one code: a command line that cannot run as written (an
/// unknown, missing, repeated or conflicting option, or an option value outside what that option
/// takes) is `usage`, 64; data that `skew` was asked to work on and that is wrong (a secret, URI,
/// code, time, the account's digits/period/T0/algorithm, a file's contents, a token's or server's
/// answer) is `badInput`, 65, wherever it came from (a flag, a URI or a file).
enum ExitStatus: Int32 {
    case success = 0
    /// The command ran, and the answer is no: code not found, check failed.
    case negative = 1
    /// The answer is "soon": `skew fleet` found tokens to resync before long, none failing yet.
    case attention = 2
    /// The command line cannot run as written (also ArgumentParser's own code).
    case usage = 64
    /// The input data is wrong: a secret, time, code, URI or response that does not parse.
    case badInput = 65
    /// An input file is missing or unreadable.
    case noInput = 66
    /// A service is not there: pcscd not running, verifier unreachable, no reader.
    case unavailable = 69
    /// A bug or an impossible state inside skew.
    case software = 70
    /// An output file cannot be created.
    case cannotCreate = 73
    /// Input/output failed part-way: card removed, link dropped.
    case ioError = 74
    /// Authentication refused or the token is locked.
    case noPermission = 77
    /// A setting cannot work as given: `probe`'s acceptance rule called a wrong code accepted.
    case misconfigured = 78
    /// Interrupted by Ctrl-C while waiting (128 + SIGINT, as shells report it).
    case interrupted = 130
}

/// An error the CLI knows how to explain and which exit code it has.
///
/// Library errors state facts (`facts`, by default their description); the command line adds
/// `advice`, which may name flags and `skew` commands, and prints "facts. Fix: advice".
protocol SkewFailure: Error {
    var facts: String { get }
    var advice: String? { get }
    var exitCode: ExitStatus { get }
}

extension SkewFailure {
    var facts: String { String(describing: self) }
    var advice: String? { nil }
    var message: String { advice.map { "\(facts). Fix: \($0)" } ?? facts }
}

/// A command line that cannot run as written, in the words of `InputError`: the option, the
/// problem and the fix. Exit 64 like ArgumentParser's own usage errors.
struct UsageError: SkewFailure {
    var input: String
    var problem: String
    var fix: String

    var facts: String { "\(input): \(problem)" }
    var advice: String? { "\(fix)." }
    var exitCode: ExitStatus { .usage }
}

/// A failure raised by the CLI itself (files, environment), with its own exit code.
struct CLIFailure: SkewFailure {
    var facts: String
    var exitCode: ExitStatus

    init(message: String, exitCode: ExitStatus) {
        facts = message
        self.exitCode = exitCode
    }
}

/// Exit quietly with a status, after the output has been written (e.g. `locate` found nothing).
struct QuietExit: SkewFailure {
    var facts: String { "" }
    var exitCode: ExitStatus
}

// MARK: - Input, files and randomness

/// The library's fix, with the flag or command that applies it when the remedy is a setting.
extension InputError: SkewFailure {
    var facts: String { "\(input): \(problem)" }
    var advice: String? { "\(commandLineFix)." }
    var exitCode: ExitStatus { .badInput }

    /// The fix in the command line's words.
    var commandLineFix: String {
        switch remedy {
        case nil: return fix
        case .readAsHex: return "add --hex to \(fix)"
        case .readAsBase32: return "\(fix) (leave out --hex)"
        case .chooseSecretEncoding: return "\(fix) (a hex secret with --hex)"
        case .digits(let count): return "add --digits \(count) if the token shows \(count) digits"
        case .writeFormat(let format): return "\(fix) (--to \(format))"
        case .tokenMakerAndModel: return "\(fix) (--manufacturer and --model)"
        case .newSeed: return "\(fix) (skew seed new)"
        case .presharedKeyOrPassword: return "\(fix) (--key-file or --key-env, --password-file or --password-env)"
        case .password: return "\(fix) with --password-file or --password-env"
        case .presharedKey: return "\(fix) with --key-file or --key-env"
        case .customerKey: return "\(fix) with --key-file PATH or --key-env VAR"
        case .chooseProfiles(let all): return all ? "give --profile N (0–99) or --all-profiles" : "give --profile N (0–99)"
        case .freeProfile(let number):
            return "delete it on purpose first with `skew token delete --profile \(number)`, or pick a free profile (`skew token info` lists them)"
        case .freeProfiles: return "delete profiles you no longer need with `skew token delete --profile N`, or burn fewer accounts"
        case .checkSeedFile(let path): return "\(fix): `skew seed import \(path)` lists each problem"
        }
    }

    /// The same error with the command line's fix, for errors a report shows rather than throws.
    var inCommandLineWords: InputError { InputError(input: input, problem: problem, fix: commandLineFix) }
}

extension AtomicFile.WriteError: SkewFailure {
    var exitCode: ExitStatus { .cannotCreate }
}

extension InputFile.Unreadable: SkewFailure {
    var exitCode: ExitStatus { .noInput }
}

extension SecureRandom.Failure: SkewFailure {
    var advice: String? { "run skew on a kernel with getrandom (Linux 3.17 or later)" }
    var exitCode: ExitStatus { .software }
}

/// No code in a readable picture is a negative answer (1), like `locate` finding nothing; a file
/// that is not a picture is bad input (65); a missing file is 66; a missing zbar or decoder is 69.
extension QRImageError: SkewFailure {
    var exitCode: ExitStatus {
        switch reason {
        case .missingFile: return .noInput
        case .notAnImage: return .badInput
        case .noCode: return .negative
        case .missingLibrary: return .unavailable
        }
    }
}

/// A C library opened on first use (QR pictures, HTTP, PC/SC) is not installed: 69, like a
/// service that is not there.
extension MissingLibrary: SkewFailure {
    var advice: String? { "install it: apt install \(library.package)" }
    var exitCode: ExitStatus { .unavailable }
}

extension VerifierProfileFile.Invalid: SkewFailure {
    var exitCode: ExitStatus { .badInput }
}

// MARK: - History and drift

extension HistoryFailure: SkewFailure {
    var advice: String? {
        switch self {
        case .cannotOpen: return "check the folder exists and is writable, or pass --history PATH."
        case .locked: return "wait for the other skew to finish, or pass --history PATH."
        case .readOnly: return "make the history writable (file mode, or the database user's INSERT and UPDATE rights), or pass --history for another; reading commands still work."
        case .corrupt: return "move it aside (keep it for recovery) or pass --history PATH."
        case .missing: return "check --history (or SKEW_HISTORY); measurements are recorded by skew drift and skew sync."
        case .unknownToken: return "check the serial, or secret:FINGERPRINT for manual measurements."
        case .unknownMeasurement: return "take the id from `skew drift history TOKEN`."
        case .alreadyRecorded: return "record each event once (give a new event a new uid)."
        case .newerSchema: return "use the newer skew that wrote it, or pass --history for another history."
        case .serverUnavailable: return "start the PostgreSQL server or check the host and port in --history/SKEW_HISTORY."
        case .loginRefused: return "put the password in ~/.pgpass (mode 0600), the file PGPASSFILE names, or PGPASSWORD, and check the user in the URL."
        case .keptForLater(_, let location, _, _): return "when the history takes writes again, run `skew history flush --history \(location)`."
        case .notKept(let cause, _): return cause.advice
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .cannotOpen: return .cannotCreate
        case .locked, .serverUnavailable, .readOnly, .keptForLater: return .unavailable
        case .notKept(let cause, _): return cause.exitCode
        case .corrupt, .unknownToken, .unknownMeasurement, .newerSchema, .alreadyRecorded: return .badInput
        case .missing: return .noInput
        case .loginRefused: return .noPermission
        }
    }
}

extension DriftFit.Failure: SkewFailure {
    var advice: String? {
        switch self {
        case .tooFewObservations: return "measure again later (days apart give a precise rate)"
        case .noTimeSpan: return "measure again later"
        case .tooFewAfterJump: return "measure again later, or pass --since before the jump to fit across it"
        }
    }

    var exitCode: ExitStatus { .negative }
}

// MARK: - Time servers

extension SNTPClient.Failure: SkewFailure {
    var facts: String {
        if case .badServer(let text) = self { return "--ntp \(text): not a server" }
        return description
    }

    var advice: String? {
        switch self {
        case .badServer: return "give HOST or HOST:PORT, for example pool.ntp.org or 127.0.0.1:12300."
        case .unreachable: return "check the address and that UDP is allowed."
        case .noAnswer: return "check the server and port, or use another server."
        case .rejected: return "wait until the server is synchronised, or use another server."
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .badServer: return .usage
        case .unreachable, .noAnswer, .rejected: return .unavailable
        }
    }
}

// MARK: - PC/SC, tokens and the emulator

/// The service or reader missing is 69, a wrong `--reader` is bad input (65: which readers exist
/// is known only to pcscd), a card that leaves mid-command is an I/O failure (74), Ctrl-C is 130.
extension PCSCError: SkewFailure {
    var facts: String {
        guard case .unknownReader(let name, let available) = self else { return description }
        return "--reader '\(name)': no such reader (readers: \(available.isEmpty ? "none" : available.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    var advice: String? {
        switch self {
        case .noService: return "start it with `pcscd` (or `systemctl start pcscd`)"
        case .serviceStopped: return "start pcscd again (`pcscd`, or `systemctl start pcscd`) and run the command again"
        case .noReaders: return "plug in an NFC reader (or start a virtual one: pcscd with vsmartcard-vpcd and `skew emulate`)"
        case .unknownReader: return "pass a name that `skew token list` shows"
        case .readerUnavailable: return "reconnect the reader and run the command again"
        case .noCard: return "switch the token on (hold its button until the display lights), place it on the reader, or pass --wait SECONDS"
        case .cardRemoved, .shortResponse: return "hold the token still on the reader and run the command again"
        case .cardUnresponsive: return "take it off the reader, switch it on again and place it back"
        case .sharingViolation: return "close that program and run the command again"
        case .library(let missing): return missing.advice
        case .cancelled, .failure: return nil
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .unknownReader: return .badInput
        case .cardRemoved, .shortResponse, .serviceStopped: return .ioError
        case .cancelled: return .interrupted
        case .noService, .noReaders, .readerUnavailable, .noCard, .cardUnresponsive, .sharingViolation, .failure, .library:
            return .unavailable
        }
    }
}

extension TokenError: SkewFailure {
    var advice: String? {
        switch self {
        case .lockedOrWrongKey: return "check the model with `skew token info`"
        case .authenticationAlreadyAttempted: return "lift the token off the reader and start a new command"
        case .writeRefused: return "lift the token, switch it on again and rerun; check the written values with `skew token info`"
        case .unexpectedStatus: return "check that this is a Token2 single-profile programmable token (`skew token info`)"
        case .malformedResponse: return "check that this is a Token2 single-profile programmable token"
        case .seedLength: return "use a secret of at most 63 bytes"
        case .shortResponse, .notAuthenticated, .crypto: return nil
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .lockedOrWrongKey, .writeRefused: return .noPermission
        case .shortResponse: return .ioError
        case .unexpectedStatus, .malformedResponse, .seedLength: return .badInput
        case .authenticationAlreadyAttempted, .notAuthenticated, .crypto: return .software
        }
    }
}

extension ProtectimusError: SkewFailure {
    var exitCode: ExitStatus { .badInput }
}

extension TokenDetector.Unrecognized: SkewFailure {
    var advice: String? { "check the token is switched on and supported; --trace shows the bytes" }
    var exitCode: ExitStatus { .badInput }
}

/// Each case in `InputError`'s words: the option (or token) at fault, the facts, the fix.
extension TokenRequestError: SkewFailure {
    var facts: String { "\(input): \(description)" }

    private var input: String {
        switch self {
        case .protectimusDigits: return "--digits"
        case .protectimusSettings: return "--digits/--period"
        case .periodDisagrees: return "--period"
        case .protectimusSecretNeeded: return "secret"
        case .unknownModel, .modelContradictsSerial: return "--model"
        case .unknownPrefix(let serial, _), .seedWouldBeErased(let serial, _, _): return "token \(serial)"
        }
    }

    var advice: String? {
        switch self {
        case .protectimusDigits: return "leave out --digits."
        case .protectimusSettings: return "leave out --digits, and give the token's interval (30 or 60) as --period."
        case .periodDisagrees(_, let token): return "give --period \(token) or leave it out."
        case .protectimusSecretNeeded: return "give --secret-file, --secret-env or --secret -."
        case .unknownModel(_, let known): return "use one of \(known.joined(separator: ", "))."
        case .modelContradictsSerial: return "leave out --model; it is only for serial prefixes skew does not know."
        case .unknownPrefix(_, let known):
            return "check the model printed on the token and pass --model NAME if you are sure (\(known.joined(separator: ", ")))."
        case .seedWouldBeErased:
            return "give the seed too (--secret-file, --secret-env or --secret -) so config and seed are written in one session, or use `skew burn`."
        }
    }

    /// A model name not in the table is an option value outside its list (64); the rest are facts
    /// about this token and account (65).
    var exitCode: ExitStatus {
        if case .unknownModel = self { return .usage }
        return .badInput
    }
}

extension TokenCapabilityError: SkewFailure {
    var advice: String? {
        switch unusedProfileRequest {
        case nil: nil
        case .profile: "leave out --profile"
        case .profiles: "leave out --profile/--all-profiles"
        case .profileOrTitle: "leave out --profile/--title"
        case .expendableProfile: "leave out --allow-delete-check"
        case .accounts: "leave out --accounts"
        }
    }

    var exitCode: ExitStatus { .badInput }
}

extension OTPEdgeMeter.Failure: SkewFailure {
    var advice: String? {
        switch self {
        case .noChange: return "check the step length (--period) and that the token is awake (skew token info twice)"
        case .notFound: return "check the secret and --algorithm/--period, or widen --range"
        case .ambiguous: return "narrow --range"
        }
    }

    var exitCode: ExitStatus { .negative }
}

extension ClockEdgeMeter.Failure: SkewFailure {
    var advice: String? {
        switch self {
        case .noTick: return "check the token is awake and its clock runs (skew token info twice, a few seconds apart)"
        case .clockJumped: return "measure again"
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .noTick: return .unavailable
        case .clockJumped: return .ioError
        }
    }
}

extension ClockStopped: SkewFailure {
    var advice: String? { "check the token with `skew token info`" }
    var exitCode: ExitStatus { .negative }
}

/// A write that stopped part-way: the cause, then what the token now holds.
extension TokenWriteFailure: SkewFailure {
    var facts: String {
        let cause = (underlying as? any SkewFailure)?.message ?? String(describing: underlying)
        return "\(cause)\nstate: \(progress.state.commandLineClause)\(note.map { "; \($0.commandLineClause)" } ?? "")"
    }

    var exitCode: ExitStatus { (underlying as? any SkewFailure)?.exitCode ?? .software }
}

extension AuthenticationRefused: SkewFailure {
    var advice: String? {
        "check --key-file/--key-env; the count is kept in the history and a run refuses to try at \(KeyAccess.minimumTries) or fewer without --force"
    }

    var exitCode: ExitStatus { .noPermission }
}

extension TriesTooLow: SkewFailure {
    var advice: String? { "make sure the customer key is right, then rerun with --force" }
    var exitCode: ExitStatus { .noPermission }
}

extension ProvisionStopped: SkewFailure {
    var advice: String? { "check the token is a supported model that is not locked, then resume the batch with --resume" }
    var exitCode: ExitStatus { .noPermission }
}

extension Molto2Error: SkewFailure {
    var advice: String? {
        switch self {
        case .authenticationAlreadyAttempted: "start a new command"
        case .unexpectedStatus: "check the profile with `skew token info` and rerun with --trace"
        case .malformedResponse: "check that this is a Token2 Molto2 (`skew token info --family molto2`)"
        case .seedLength: "use a secret of at most 63 bytes"
        case .allZeroSeed: "use a real secret; `skew token delete --profile N` clears a profile"
        case .titleLength: "give a shorter --title"
        case .notAuthenticated, .crypto: nil
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .unexpectedStatus, .malformedResponse, .seedLength, .allZeroSeed, .titleLength: return .badInput
        case .authenticationAlreadyAttempted, .notAuthenticated, .crypto: return .software
        }
    }
}

/// A run of profile writes cut short: the cause, then which profiles were written.
extension ProfileWritesInterrupted: SkewFailure {
    var facts: String {
        let cause = (underlying as? any SkewFailure)?.message ?? String(describing: underlying)
        return "\(cause)\n" + description.components(separatedBy: "\n").dropFirst().joined(separator: "\n")
    }

    var advice: String? { [TokenRemedy.inspectToken, .rewriteUnfinishedProfiles].map(\.commandLineText).joined(separator: ", then ") }

    var exitCode: ExitStatus { (underlying as? any SkewFailure)?.exitCode ?? .ioError }
}

extension EmulatorError: SkewFailure {
    var facts: String {
        if case .stateFile(let path, let reason) = self { return "--state \(path): \(reason)" }
        return description
    }

    var advice: String? {
        switch self {
        case .vpcdUnreachable: return "start pcscd with the vsmartcard-vpcd driver (`pcscd --foreground &`), or pass the --port vpcd listens on"
        case .stateFile: return "pass a writable path, or delete a damaged state file to start fresh"
        case .linkClosedByReader: return nil
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .vpcdUnreachable: return .unavailable
        case .linkClosedByReader: return .ioError
        case .stateFile: return .cannotCreate
        }
    }
}
