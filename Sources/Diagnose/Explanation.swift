import OTPCore

/// One way the observed codes can have come about, with its probability and what to do.
public struct Explanation: Sendable {
    /// A single thing that differs from what the verifier expects.
    public enum Cause: Sendable, Equatable {
        case secret(SecretVariant.Kind)
        case algorithm(HashAlgorithm)
        case digits(Int)
        case leadingZerosDropped(digits: Int)
        case period(Int)
        case t0(Int64)
        case clock(ClockCause)
        case hotp
        case codeTypo(CodeTypo)
    }

    /// One slip typing a code the token showed.
    public enum CodeTypo: Sendable, Equatable {
        /// Digit `position` (1-based) was typed as `typed` where the token showed `shown`.
        case replaced(position: Int, typed: Character, shown: Character)
        /// Digits `position` and `position + 1` were typed in the wrong order.
        case swapped(position: Int)
    }

    public enum Mode: Sendable, Equatable { case totp, hotp }

    public var causes: [Cause]
    public var secret: SecretVariant
    /// Algorithm, digits (the token's), period and T0 under this explanation.
    public var parameters: OTPParameters
    public var mode: Mode
    /// The counter (step or press) that produced each observed code; nil for a code it does not explain.
    public var counters: [Int64?]
    /// Steps between each code's counter and the step of the time it was seen (TOTP only).
    public var stepOffsets: [Int64?]
    /// The token's clock offset (token − true time, seconds) consistent with every explained code.
    public var clockOffset: ClosedRange<Double>?
    public var clockCause: ClockCause?
    /// Posterior probability among every match found and "nothing explains the codes".
    public var probability: Double
    /// Unnormalised posterior weight (prior × likelihood), for ranking.
    public var weight: Double
    /// Probability that a match of this kind turns up by chance in the space searched.
    public var falseMatchProbability: Double
    /// Hypotheses of this kind searched (steps × secrets × parameters × digit counts).
    public var hypothesesOfThisKind: Double
    public var summary: String
    /// What to do about each cause, in the order of `causes`.
    public var fixes: [Guidance]
    /// The fixes' words joined, without their remedies (a front end words those: see `Guidance`).
    public var fix: String { fixes.map(\.text).joined(separator: "; ") }

    public var explainedCount: Int { counters.compactMap { $0 }.count }

    /// True when the codes match the secret as given, the expected parameters and the right time (±1 step).
    public var isNoProblem: Bool { causes.isEmpty }

    /// The code the token showed when this explanation says the observed one was mistyped.
    public var isCodeTypo: Bool { causes.contains { if case .codeTypo = $0 { true } else { false } } }
}

/// `diagnose`'s answer: the explanations found, best first.
public struct Diagnosis: Sendable {
    public var observations: [Observation]
    public var timing: ObservationTiming
    public var expected: OTPParameters
    public var explanations: [Explanation]
    /// Probability that nothing searched explains the codes (mistyped, another account's secret…).
    public var nothingProbability: Double
    /// What to observe next when the best explanations cannot be told apart, or nil.
    public var advice: Guidance?
    public var secretVariantsSearched: Int
    /// HMACs computed (counters × secret variants × algorithms × periods × T0s; digit counts share them).
    public var hmacsComputed: Int64
    /// Hypotheses searched: HMACs × the digit counts compared against each.
    public var hypothesesSearched: Int64

    /// The best explanation when it is more likely than "nothing explains the codes" and accounts
    /// for every code, or for at least two (one code of several fitting alone is no explanation).
    public var best: Explanation? {
        guard let first = explanations.first, first.probability > nothingProbability,
              first.explainedCount == observations.count || first.explainedCount >= 2 else { return nil }
        return first
    }
}

extension Explanation.Cause {
    /// Stable machine-readable names of causes, for JSON consumers and tests.
    public var name: String {
        switch self {
        case .secret(let kind):
            switch kind {
            case .asGiven: "secret-as-given"
            case .lookAlike: "secret-look-alike"
            case .lookAlikesEverywhere: "secret-look-alikes"
            case .missingCharacter: "secret-missing-character"
            case .extraCharacter: "secret-extra-character"
            case .swappedNeighbours: "secret-swapped-neighbours"
            case .hexReadAsBase32: "secret-hex-read-as-base32"
            case .base32ReadAsHex: "secret-base32-read-as-hex"
            case .textAsASCII: "secret-text-as-ascii"
            case .cut(let bytes): "secret-cut-to-\(bytes)-bytes"
            }
        case .algorithm: "algorithm"
        case .digits: "digits"
        case .leadingZerosDropped: "leading-zeros-dropped"
        case .period: "period"
        case .t0: "t0"
        case .hotp: "hotp"
        case .codeTypo: "code-typo"
        case .clock(let clock):
            switch clock {
            case .inSync: "clock-in-sync"
            case .offset: "clock-offset"
            case .timeZone: "clock-time-zone"
            case .daylightSaving: "clock-daylight-saving"
            case .localTime: "clock-local-time"
            case .factoryDate(let date): "clock-factory-\(date.rawValue)"
            }
        }
    }
}
