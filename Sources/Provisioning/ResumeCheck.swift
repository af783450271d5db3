import OTPCore
import SeedFiles
import Tokens

/// What the person is asked when a token's write was cut short: the code its display shows now.
public struct DisplayQuestion: Sendable {
    public var serial: String
    public var fingerprint: String
}

/// Decides, for a token whose journal says "about to write" (or "cut short") but not how it
/// ended, whether the journaled seed reached it, without writing anything (docs/provisioning.md,
/// "Resume"). A Token2 token cannot be asked for its seed or its code, only for its clock, and
/// a write sends the config (which sets the clock) before the seed:
///
/// 1. The clock still shows the offset journaled before the write, and that offset was large
///    (3 s or more): the config never arrived, so neither did the seed. Write.
/// 2. Otherwise the clock cannot tell (the config may have arrived, or the token was on time
///    already), so the display decides: a code of the journaled seed within one step of the
///    token's clock means the seed is on it (nothing is written); any other code, or none,
///    means it is not (the same seed is written). No answer leaves the token undecided.
public struct ResumeCheck {
    public enum Decision: Equatable {
        /// The seed is not on the token; `how` is `clock` or `display`; `offset` is the token's now.
        case notWritten(how: String, offset: Double?)
        case onToken
        case unanswered
    }

    /// Offsets at least this far from the reference make the clock a witness of the config write.
    public static let telltaleOffset = 3.0
    /// How close the clock must still be to its journaled offset (two whole-second readings).
    public static let unchangedWithin = 1.5

    let reference: ReferenceClock
    let readDisplay: (DisplayQuestion) -> String?

    public func decide(_ token: any TokenDevice, intent: JournalEntry, record: SeedRecord) throws -> Decision {
        let reading = try token.clockReading()
        let offsetNow = reading.map { $0.offsetEstimate - reference.correction }
        if let before = intent.offsetBeforeSeconds, let offsetNow, abs(before) >= Self.telltaleOffset,
           abs(offsetNow - before) <= Self.unchangedWithin {
            return .notWritten(how: "clock", offset: offsetNow)
        }
        guard let answer = readDisplay(DisplayQuestion(serial: record.serial, fingerprint: record.secret.fingerprint)) else {
            return .unanswered
        }
        let tokenTime = reading.map { Double($0.info.time) } ?? reference.now()
        return Self.shows(answer, record: record, at: tokenTime) ? .onToken : .notWritten(how: "display", offset: offsetNow)
    }

    /// Whether `answer` is the record's code within one step of `time` (the token's own clock).
    public static func shows(_ answer: String, record: SeedRecord, at time: Double) -> Bool {
        let digits = answer.filter { !$0.isWhitespace }
        guard digits.count == record.parameters.digits, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        let totp = TOTP(secret: record.secret, parameters: record.parameters)
        let step = record.parameters.counter(at: time)
        return (step - 1...step + 1).contains { totp.code(counter: $0) == digits }
    }
}
