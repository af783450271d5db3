import Foundation
import OTPCore

/// What `diagnose` searches: secret variants × algorithms × digit counts × periods × T0 × clock
/// offsets (and HOTP counters), with the prior of each choice.
public struct HypothesisSpace: Sendable {
    /// What the verifier expects.
    public var expected: OTPParameters
    /// Half-width of the flat clock-offset search, in seconds.
    public var range: Double = 86_400
    public var algorithms: [HashAlgorithm] = HashAlgorithm.allCases
    public var digitCounts: [Int] = [6, 7, 8]
    public var periods: [Int] = [15, 30, 60, 90, 120]
    /// T0 values tried besides the expected one, with the secret as given.
    public var alternativeT0s: [Int64] = [0, FactoryDate.y2000.unixTime]
    /// The local zone's offset from UTC in seconds (a hint for "local time written as UTC").
    public var localOffset: Int64 = 0
    /// How long ago a reset to a factory date may have happened, in seconds.
    public var factorySpan: Double = 30 * 86_400
    /// HOTP counters tried for a token that is really HOTP.
    public var hotpCounters: ClosedRange<Int64> = 0...1_000
    /// Whether to try typo variants of the secret.
    public var secretVariants = true
    /// Search every hypothesis, even those whose prior is too small to ever beat "nothing explains
    /// the codes" (for measuring the whole space; the answer is the same).
    public var exhaustive = false

    public init(expected: OTPParameters) {
        self.expected = expected
    }

    /// Priors of each family of hypotheses, relative to "the secret, algorithm and period are as
    /// expected" (1). A family of several members (other algorithms, other periods, HOTP counters,
    /// code typos) spreads its total over them, so searching more of them does not make a chance
    /// match look likelier.
    enum Prior {
        static let otherAlgorithms = 0.1
        static let otherPeriods = 0.2
        static let zeroT0 = 0.1
        static let otherT0 = 0.02
        static let leadingZerosDropped = 0.01
        static let hotp = 0.02
        /// One digit of a code the token showed was typed wrong, or two neighbours swapped.
        static let codeTypo = 0.1
        /// A code no searched hypothesis produced: another account's, another secret altogether,
        /// or mistyped beyond one digit. It is as likely as all the named causes together, because
        /// `diagnose` is run on codes that were rejected; with it, a random code is rarely explained.
        static let unexplained = 1.0
        /// Matches less than this fraction as likely as an unexplained code are not named: they are
        /// chance matches among the many unlikely hypotheses, and they are not searched by default.
        static let nameable = 0.01
        /// For timed HOTP codes: the presses between two observations, 1 to this many.
        static let hotpGap: Int64 = 20
    }

    func algorithmPrior(_ algorithm: HashAlgorithm) -> Double {
        algorithm == expected.algorithm ? 1 : Prior.otherAlgorithms / Double(max(1, Set(algorithms).subtracting([expected.algorithm]).count))
    }

    func periodPrior(_ period: Int) -> Double {
        period == expected.period ? 1 : Prior.otherPeriods / Double(max(1, Set(periods).subtracting([expected.period]).count))
    }

    func t0Prior(_ t0: Int64) -> Double {
        if t0 == expected.t0 { return 1 }
        return t0 == 0 ? Prior.zeroT0 : Prior.otherT0
    }

    /// The digit counts a code typed with `length` digits may come from: its own length, and longer
    /// ones whose leading zeros were dropped.
    func digitCounts(forLength length: Int) -> [Int] {
        var counts = Set(digitCounts + [expected.digits])
        if OTPParameters.digitRange.contains(length) { counts.insert(length) }
        return counts.filter { $0 >= length }.sorted()
    }

    func digitsPrior(_ digits: Int, length: Int) -> Double { digits == length ? 1 : Prior.leadingZerosDropped }
}

/// One scan unit's meaning: which secret, algorithm, period, T0 and mode its counters are read in.
struct JobInfo: Sendable {
    enum Mode: Sendable, Equatable {
        case totp(period: Int, t0: Int64)
        case hotp
    }

    var variant: Int
    var algorithm: HashAlgorithm
    var mode: Mode
    /// Whether the factory-date offsets were searched in this job (not only the main range).
    var factory: Bool
}
