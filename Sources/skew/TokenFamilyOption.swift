import ArgumentParser
import Reports
import TokenProtocol

/// `--family auto|token2|protectimus`: how a command finds out which family the token on the
/// reader belongs to. `auto` asks with reads only (`FamilyDetector`); naming the family skips the
/// other family's probe altogether.
struct TokenFamilyOption: ParsableArguments {
    @Option(help: "The token's family: auto (detect with reads only: Token2 GET INFO, then Protectimus READ INFO), token2 or protectimus.")
    var family = "auto"

    func validate() throws {
        guard family == "auto" || TokenFamily(rawValue: family) != nil else {
            throw ValidationError("--family '\(family)': use auto, token2 or protectimus")
        }
    }

    /// The commands detection would send, for --dry-run.
    var probes: [CommandAPDU] {
        switch TokenFamily(rawValue: family) {
        case .token2: return [TokenCommand.getInfo]
        case .protectimus: return [ProtectimusCommand.readInfo]
        case nil: return FamilyDetector.probes
        }
    }

    func detect(_ transport: any APDUTransport) throws -> DetectedToken {
        switch TokenFamily(rawValue: family) {
        case .token2: return .token2(try TokenSession(transport: transport).getInfo())
        case .protectimus:
            let (info, exchange) = try ProtectimusSession(transport: transport).readInfo()
            return .protectimus(info, exchange)
        case nil: return try FamilyDetector.detect(transport)
        }
    }

    /// `would send: …` lines for --dry-run, noting that the second probe only follows a non-Token2 answer.
    func dryRunLines() -> [String] {
        probes.enumerated().map { index, command in
            (index == 0 ? "would send: " : "then, only if that got no Token2 answer: ") + "\(command.maskedHex)  [\(command.name)]"
        }
    }
}

extension ProtectimusError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension FamilyDetector.Unrecognized: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension OTPEdgeMeter.Failure: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .negative }
}
