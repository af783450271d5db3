import ArgumentParser
import Foundation
import OTPCore
import TokenEmulator
import Tokens

/// `skew emulate` options for choosing the family, the Protectimus seed, interval and answer to
/// foreign commands, and the command log. The seed is read from a file or the environment only,
/// never from the command line.
struct EmulateFamilyOptions: ParsableArguments {
    @Option(help: "Token family: token2 (Token2 single-profile), protectimus (Protectimus SLIM NFC) or molto2 (Token2 Molto2, 100 profiles).")
    var family: TokenFamily = .token2

    @Option(help: "protectimus: read the seed (base32 or an otpauth:// URI) from this environment variable.")
    var seedEnv: String?

    @Option(help: "protectimus: read the seed (base32 or an otpauth:// URI) from this file.")
    var seedFile: String?

    @Option(help: "protectimus: OTP interval in seconds, 30 (default) or 60. 1 to 29 are for fast tests only: no real token has them.")
    var interval: Int?

    @Option(help: "protectimus, molto2: how a command of another family (Token2's single-profile GET INFO; for molto2 also a Protectimus frame) is answered: error (an error status, default), empty (no bytes), timeout (nothing for 2 s, then the link closes) or drop (the card leaves the reader for 1 s without answering).")
    var foreignAnswer: ForeignAnswer?

    @Flag(help: "Log every command the card receives on standard error (seed ciphertext, MACs and cryptograms masked).")
    var logApdus = false
}

extension EmulateCommand {
    /// The Protectimus card: seed from file or environment, the simulated clock of --offset/--drift-ppm.
    func runProtectimus(options: EmulatorOptions) throws {
        if let unsupported = [("--state", state), ("--model", model), ("--serial", serial)].first(where: { $0.1 != nil }) {
            throw UsageError(input: unsupported.0, problem: "does not apply to --family protectimus",
                             fix: "leave it out with --family protectimus (the virtual Protectimus keeps its state in memory)")
        }
        try molto2Options.refuse(for: .protectimus)
        let interval = familyOptions.interval ?? 30
        guard interval == 30 || interval == 60 || (1...29).contains(interval) else {
            throw UsageError(input: "--interval", problem: "\(interval) s is not 30 or 60 (or 1–29 for tests)", fix: "give 30 or 60")
        }
        let foreignAnswer = familyOptions.foreignAnswer?.quiet
        let seed = try readSeed()
        let now = Date().timeIntervalSince1970
        let card = VirtualProtectimus(clock: SimulatedClock(offset: offset ?? 0, driftPPM: driftPpm ?? 0, start: now), seed: seed,
                                      interval: interval, foreignAnswer: foreignAnswer)
        Console.info("emulate: virtual Protectimus SLIM NFC (seed \(seed.fingerprint), \(interval) s interval, foreign commands: \(foreignAnswer?.rawValue ?? "error")), connecting to vpcd at 127.0.0.1:\(port)")
        try VirtualTokenEmulator(token: card, options: options).run()
    }


    private func readSeed() throws -> Secret {
        let (text, source) = try SecretSource(noun: "seed", fileOption: "--seed-file", file: familyOptions.seedFile,
                                              environmentOption: "--seed-env", variable: familyOptions.seedEnv).read()
        return try SecretText.parse(text, encoding: .base32, input: source).secret
    }
}
