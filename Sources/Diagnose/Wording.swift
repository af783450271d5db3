import Foundation
import OTPCore

/// Plain words for an explanation and its fix. Secrets appear only as positions, the look-alike
/// characters the person typed, and fingerprints.
struct Wording {
    let expected: OTPParameters
    let observations: [Observation]
    let variants: [SecretVariant]

    func describe(_ explanation: Explanation) -> (summary: String, fixes: [Guidance]) {
        var sentences: [String] = []
        var fixes: [Guidance] = []
        if explanation.isNoProblem {
            let steps = explanation.stepOffsets.compactMap { $0 }.map(signed).joined(separator: ", ")
            sentences.append("no problem found: the code\(observations.count > 1 ? "s match" : " matches") the secret and parameters at step offset \(steps) from when \(observations.count > 1 ? "they were" : "it was") seen (token clock offset \(offsetRange(explanation.clockOffset)))")
            fixes.append(explanation.stepOffsets.contains { ($0 ?? 0) != 0 }
                ? Guidance("nothing to fix for most verifiers (±1 step is usually accepted); a strict verifier needs the token's clock set to UTC",
                           remedy: .syncTokenClock)
                : Guidance("nothing to fix here; if the verifier still rejects it, check the verifier's clock and window"))
        }
        for cause in explanation.causes {
            let (sentence, fix) = words(for: cause, in: explanation)
            sentences.append(sentence)
            fixes.append(fix)
        }
        let unexplained = explanation.counters.enumerated().filter { $0.element == nil }.map { "#\($0.offset + 1)" }
        if !unexplained.isEmpty {
            sentences.append("code \(unexplained.joined(separator: ", ")) is not explained (mistyped, or from another moment)")
        }
        return (sentences.joined(separator: "; "), fixes)
    }

    private func words(for cause: Explanation.Cause, in explanation: Explanation) -> (String, Guidance) {
        let (sentence, fix) = plainWords(for: cause, in: explanation)
        return (sentence, Guidance(fix, remedy: Self.remedy(for: cause)))
    }

    /// The remedy a front end applies for a cause, when the fix is one of its own controls.
    static func remedy(for cause: Explanation.Cause) -> Guidance.Remedy? {
        switch cause {
        case .secret(.base32ReadAsHex): .markHexSecret
        case .clock(let clock) where clock != .inSync: .syncTokenClock
        default: nil
        }
    }

    private func plainWords(for cause: Explanation.Cause, in explanation: Explanation) -> (String, String) {
        let fingerprint = explanation.secret.secret.fingerprint
        let recopy = "copy the secret again from its source and enrol the token and the verifier with the same copy (the token's secret has fingerprint \(fingerprint))"
        switch cause {
        case .secret(let kind):
            switch kind {
            case .asGiven:
                return ("the secret is as given", "")
            case .lookAlike(let position, let typed, let meant):
                return ("the token's secret has \(name(meant)) at character \(position) where the given secret has \(name(typed)): a look-alike was typed",
                        "correct character \(position) (\(name(typed)) → \(name(meant))) in the copy that is wrong; \(recopy)")
            case .lookAlikesEverywhere(let count):
                return ("the \(count) characters base32 does not use (0, 1, 8) are the letters O, I/L and B in the token's secret",
                        "replace 0 with O, 1 with I or L, and 8 with B in the secret")
            case .missingCharacter(let position):
                return ("the given secret lacks one character at position \(position) that the token's secret has", recopy)
            case .extraCharacter(let position):
                return ("character \(position) of the given secret is one too many: the token's secret lacks it", recopy)
            case .swappedNeighbours(let position):
                return ("characters \(position) and \(position + 1) of the given secret are swapped", recopy)
            case .hexReadAsBase32:
                return ("the hex secret was loaded as base32 text on the token side",
                        "load the secret as hex on both sides (the otpauth URI needs the base32 of the bytes)")
            case .base32ReadAsHex:
                return ("the secret was loaded as hex where it is base32 (or the reverse)",
                        "load it in the encoding it is written in on both sides")
            case .textAsASCII:
                return ("the secret's text itself (its ASCII characters) was used as the key instead of the decoded bytes",
                        "load the decoded secret, not its text (e.g. the token tool's base32 or hex mode)")
            case .cut(let bytes):
                let full = variants.first(where: \.isAsGiven)?.secret.bytes.count ?? bytes
                return ("only the first \(bytes) of the secret's \(full) bytes were loaded into the token",
                        "use a secret of at most \(bytes) bytes on both sides, or a token that takes \(full) bytes")
            }
        case .algorithm(let algorithm):
            return ("the token uses HMAC-\(algorithm); the verifier expects \(expected.algorithm)",
                    "set the verifier to \(algorithm) (algorithm=\(algorithm) in the otpauth URI) or re-enrol the token with \(expected.algorithm)")
        case .digits(let digits):
            return ("the token shows \(digits) digits; the verifier expects \(expected.digits)",
                    "set the verifier to \(digits) digits (digits=\(digits)) or the token to \(expected.digits)")
        case .leadingZerosDropped(let digits):
            return ("the code has \(digits) digits starting with zero, and the leading zeros were dropped when it was typed or stored",
                    "type every digit including leading zeros; keep codes as text, not numbers")
        case .period(let period):
            return ("the token changes its code every \(period) s; the verifier expects \(expected.period) s",
                    "set the verifier's period to \(period) s (period=\(period)) or re-enrol the token with \(expected.period) s")
        case .t0(let t0):
            return ("the token counts steps from T0 = \(t0) (\(Timestamp.iso(Double(t0)))); the verifier from T0 = \(expected.t0)",
                    "set T0 = \(t0) on the verifier, or reprogram the token with T0 = \(expected.t0)")
        case .codeTypo(let typo):
            let shown = Advice.code(explanation, counter: explanation.counters.compactMap { $0 }.first ?? 0)
            let slip = switch typo {
            case .replaced(let position, let typed, let shown): "digit \(position) was typed as \(typed) where the token showed \(shown)"
            case .swapped(let position): "digits \(position) and \(position + 1) were typed in the wrong order"
            }
            return ("the code was mistyped: the token showed \(shown) (clock right, step offset \(signed(explanation.stepOffsets.compactMap { $0 }.first ?? 0))) and \(slip)",
                    "type the code again, digit by digit; nothing else needs fixing if it is then accepted")
        case .hotp:
            let counter = explanation.counters.compactMap { $0 }.last ?? 0
            return ("the codes come from an HOTP (counter) token at counter \(counter): it counts button presses, not time",
                    "register it as HOTP with the next counter \(counter + 1), or use a TOTP token for a TOTP verifier")
        case .clock(let clock):
            return clockWords(clock, explanation.clockOffset)
        }
    }

    private func clockWords(_ cause: ClockCause, _ offsets: ClosedRange<Double>?) -> (String, String) {
        let sync = "set the token's clock to UTC"
        switch cause {
        case .inSync:
            return ("the token's clock is right", "")
        case .offset:
            let middle = ((offsets?.lowerBound ?? 0) + (offsets?.upperBound ?? 0)) / 2
            return ("the token's clock is about \(Int(middle.magnitude.rounded())) s \(middle >= 0 ? "ahead" : "behind") (\(offsetRange(offsets)))",
                    sync)
        case .timeZone(let seconds):
            return ("the token's clock is \(seconds.magnitude) s \(seconds > 0 ? "ahead" : "behind"): it was set to the local time of a UTC\(zone(seconds)) zone instead of UTC",
                    sync)
        case .daylightSaving(let seconds):
            return ("the token's clock is \(seconds.magnitude) s \(seconds > 0 ? "ahead" : "behind"): daylight saving time was applied to it (or undone); TOTP counts in UTC, which has none",
                    sync)
        case .localTime(let seconds):
            return ("the token's clock is \(seconds.magnitude) s \(seconds > 0 ? "ahead" : "behind"): it was set to local time (UTC\(zone(seconds))) written as UTC",
                    sync)
        case .factoryDate(let date):
            let offset = offsets.map { ($0.lowerBound + $0.upperBound) / 2 } ?? 0
            let reset = Double(date.unixTime) - offset
            let ago = (observations[0].time - reset) / 86_400
            return ("the token's clock was reset to its factory date \(date.rawValue) about \(String(format: "%.1f", ago)) days ago (around \(Timestamp.iso(reset))) and has counted from there",
                    "the token lost its time (battery or reset): \(sync)")
        }
    }

    private func name(_ character: Character) -> String {
        character.isNumber ? "the digit \(character)" : "the letter \(character)"
    }

    private func zone(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = seconds.magnitude / 60
        return minutes % 60 == 0 ? "\(sign)\(minutes / 60)" : "\(sign)\(minutes / 60):\(String(format: "%02d", minutes % 60))"
    }
}

func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : String(value) }

/// "between -12 s and +18 s".
func offsetRange(_ offsets: ClosedRange<Double>?) -> String {
    guard let offsets else { return "unknown" }
    func text(_ value: Double) -> String { signed(Int64(value.rounded())) + " s" }
    return "between \(text(offsets.lowerBound)) and \(text(offsets.upperBound))"
}
