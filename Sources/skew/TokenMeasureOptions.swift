import ArgumentParser

/// The options of measuring a token: which family, and how fast to poll a token measured from its code.
struct TokenMeasureOptions: ParsableArguments {
    @OptionGroup var familyOption: TokenFamilyOption

    @Option(help: "Protectimus: pause between READ OTP polls, in milliseconds (the code's change is bracketed to about this plus one round trip).")
    var pollMs: Double = 2

    func validate() throws {
        guard pollMs >= 0, pollMs <= 1000 else { throw ValidationError("--poll-ms \(pollMs): give 0 to 1000 milliseconds") }
    }
}
