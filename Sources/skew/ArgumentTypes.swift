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

/// `skew emulate --foreign-answer error|empty|timeout|drop`: how a command of another family is
/// answered; `error` (an error status) is the card's normal answer, the others go quiet.
struct ForeignAnswer: ExpressibleByArgument, Equatable {
    /// Nil for the error status answer, else the way the card goes quiet.
    var quiet: QuietAnswer?

    private init(quiet: QuietAnswer?) {
        self.quiet = quiet
    }

    init?(argument: String) {
        if argument == "error" {
            self.init(quiet: nil)
        } else if let quiet = QuietAnswer(rawValue: argument) {
            self.init(quiet: quiet)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { quiet?.rawValue ?? "error" }
    static var allValueStrings: [String] { ["error"] + QuietAnswer.allCases.map(\.rawValue) }
}

/// `skew emulate --lockout none|N`: wrong AUTHENTICATE answers before the key locks for good.
struct LockoutLimit: ExpressibleByArgument, Equatable {
    /// Nil: the key never locks.
    var tries: Int?

    static let none = LockoutLimit(tries: nil)

    private init(tries: Int?) {
        self.tries = tries
    }

    init?(argument: String) {
        if argument == "none" {
            self.init(tries: nil)
        } else if let tries = Int(argument), tries >= 1 {
            self.init(tries: tries)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { tries.map(String.init) ?? "none" }
}
