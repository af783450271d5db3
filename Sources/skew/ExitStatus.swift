import Files
import OTPCore
import SeedFiles

/// The exit codes of `skew` (sysexits.h values where one fits), documented in the README.
enum ExitStatus: Int32 {
    case success = 0
    /// The command ran, and the answer is no: code not found, check failed.
    case negative = 1
    /// The answer is "soon": `skew fleet` found tokens to resync before long, none failing yet.
    case attention = 2
    /// Command-line usage (ArgumentParser's own code).
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
protocol SkewFailure: Error {
    var message: String { get }
    var exitCode: ExitStatus { get }
}

extension InputError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension AtomicFile.WriteError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .cannotCreate }
}

/// A failure raised by the CLI itself (files, environment), with its own exit code.
struct CLIFailure: SkewFailure {
    var message: String
    var exitCode: ExitStatus
}

/// Exit quietly with a status, after the output has been written (e.g. `locate` found nothing).
struct QuietExit: SkewFailure {
    var message: String { "" }
    var exitCode: ExitStatus
}

extension SecureRandom.Failure: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .software }
}
