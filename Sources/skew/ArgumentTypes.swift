import ArgumentParser
import Reports
import SeedFiles
import TokenEmulator
import Tokens

// Library enums that options take by name. ArgumentParser parses them, lists their values in
// `--help` and completions, and refuses any other name with a usage error (exit 64), so no command
// compares option strings by hand.

/// `--format table|json|csv|html`, in any letter case.
extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `skew emulate --family token2|protectimus`.
extension TokenFamily: ExpressibleByArgument {}

/// `skew emulate --info-preset zeros|tlv-hypothesis`.
extension InfoPreset: ExpressibleByArgument {}

/// `skew seed export --to`: the seed file formats `export` writes (`list` is read only), in any case.
struct WritableSeedFormat: ExpressibleByArgument {
    var format: SeedFileFormat

    init?(argument: String) {
        guard let format = SeedFileFormat(rawValue: argument.lowercased()), SeedFileFormat.writable.contains(format) else { return nil }
        self.format = format
    }

    var defaultValueDescription: String { format.rawValue }
    static var allValueStrings: [String] { SeedFileFormat.writable.map(\.rawValue) }
}
