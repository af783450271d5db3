import ArgumentParser
import Drift
import Foundation
import OTPCore

/// `--verifier NAME|FILE`: built-in verifier profiles by name, or a file of one's own in the same format.
struct VerifierOptions: ParsableArguments {
    @Option(name: .customLong("verifier"),
            help: ArgumentHelp("A verifier profile: a built-in name (\(VerifierOptions.builtInNames)) or a JSON file of profiles (all of them are used). Repeat for several.",
                               valueName: "name|file"))
    var verifiers: [String] = []

    static var builtInNames: String { VerifierProfileFile.builtIn.profiles.map(\.id).joined(separator: ", ") }

    /// The chosen profiles in the order given, or `defaults` (built-in names) when none were.
    func profiles(defaults: [String] = []) throws -> [VerifierProfile] {
        try (verifiers.isEmpty ? defaults : verifiers).flatMap { try Self.resolve($0) }
    }

    /// Each profile's window for tokens of `period` seconds; a profile without one is an input error.
    static func windows(_ profiles: [VerifierProfile], period: Int) throws -> [(VerifierProfile, StepWindow)] {
        try profiles.map { profile in
            guard let window = profile.window(period: period) else {
                let listed = profile.windows.compactMap(\.period).map { "\($0) s" }
                let measure = "measure the window with skew probe and add it to a profile file of your own"
                if listed.isEmpty {
                    throw InputError(input: "--verifier \(profile.id)", problem: "the profile gives no window: none is published", fix: measure)
                }
                throw InputError(input: "--verifier \(profile.id)",
                                 problem: "the profile has no window for \(period) s steps, only for \(listed.joined(separator: ", "))",
                                 fix: "give the tokens' step length with --period, or \(measure)")
            }
            return (profile, window)
        }
    }

    private static func resolve(_ argument: String) throws -> [VerifierProfile] {
        if let builtIn = VerifierProfileFile.builtIn.profiles.first(where: { $0.id == argument }) { return [builtIn] }
        let looksLikeFile = argument.contains("/") || argument.lowercased().hasSuffix(".json")
        guard looksLikeFile || FileManager.default.fileExists(atPath: argument) else {
            throw UsageError(input: "--verifier \(argument)", problem: "no built-in profile has this name",
                             fix: "use one of \(builtInNames), or give the path of a profile file")
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw CLIFailure(message: "\(argument): cannot read this verifier profile file. Fix: check the path (built-in profiles: \(builtInNames)).",
                             exitCode: .noInput)
        }
        return try VerifierProfileFile(json: data, origin: argument).profiles
    }
}
