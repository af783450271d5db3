import ArgumentParser
import TokenProtocol
import Tokens

/// `--family auto|token2|protectimus|molto2`: how a command finds out which family the token on the
/// reader belongs to. `auto` asks with reads only (`TokenDetector`); naming the family skips the
/// other families' probes altogether.
struct TokenFamilyOption: ParsableArguments {
    @Option(help: "The token's family: auto (detect with reads only: Token2 GET INFO, then Protectimus READ INFO, then Molto2 GET INFO; a reader named Molto asks the Molto2 first), \(TokenFamily.allCases.map(\.rawValue).joined(separator: ", ")).")
    var family: FamilyChoice = FamilyChoice(family: nil)

    /// The named family, nil for `auto`.
    var chosen: TokenFamily? { family.family }

    /// `would send: …` lines for --dry-run, noting that a later probe only follows a foreign answer.
    func dryRunLines() -> [String] { TokenDetector.dryRunLines(for: chosen) }
}

/// A `--family` value: `auto` or a family's name.
struct FamilyChoice: ExpressibleByArgument {
    var family: TokenFamily?

    init(family: TokenFamily?) {
        self.family = family
    }

    init?(argument: String) {
        if argument == "auto" {
            family = nil
        } else if let named = TokenFamily(rawValue: argument) {
            family = named
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { family?.rawValue ?? "auto" }
    static var allValueStrings: [String] { ["auto"] + TokenFamily.allCases.map(\.rawValue) }
}
