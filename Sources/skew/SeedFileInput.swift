import ArgumentParser
import Foundation
import OTPCore
import SeedFiles

/// The seed file `seed import` and `seed export` read, and what a plain seed list leaves out.
struct SeedFileInput: ParsableArguments {
    @Argument(help: "The seed file: PSKC (plain or encrypted), Entra-style CSV (as Token2 ships), or serial,secret[,account] lines.")
    var file: String

    @OptionGroup var keys: SeedFileKeyOptions

    @Flag(help: "The secrets of a serial,secret list are hexadecimal, not base32.")
    var hex = false

    @Option(help: "For a serial,secret list: the HMAC algorithm, sha1, sha256 or sha512.")
    var algorithm = "sha1"

    @Option(help: "For a serial,secret list: the code length, 6 to 10.")
    var digits = 6

    @Option(help: "For a serial,secret list: the time step in seconds.")
    var period = 30

    @Option(help: "For a serial,secret list: the tokens' manufacturer.")
    var manufacturer: String?

    @Option(help: "For a serial,secret list: the tokens' model.")
    var model: String?

    /// The file's format and its entries, each a record or the problem that stops it.
    func read() throws -> (format: SeedFileFormat, entries: [SeedEntry]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIFailure(message: "\(file): cannot read the seed file (missing or not readable). Fix: check the path and its permissions.",
                             exitCode: .noInput)
        }
        let hash = try hashAlgorithm(named: algorithm)
        let defaults = SeedList.Defaults(parameters: OTPParameters(algorithm: hash, digits: digits, period: period),
                                         manufacturer: manufacturer, model: model, encoding: hex ? .hex : .base32)
        let entries = try SeedFileFormat.read(data, keys: try keys.keySource(), listDefaults: defaults, input: file).map { entry in
            var shown = entry
            shown.outcome = entry.outcome.mapError(\.inCommandLineWords)
            return shown
        }
        return (SeedFileFormat.detect(data), entries)
    }
}
