import Foundation
import OTPCore

/// Which extra observation would tell the leading explanations apart. Every claim about what a
/// further code would show is checked against the codes each explanation predicts.
enum Advice {
    /// Explanations within this factor of the best are "not separated".
    static let closeFactor = 20.0
    /// How far after the last code a code read at a known time is looked for.
    static let horizon = 3_600.0

    static func next(for diagnosis: Diagnosis) -> Guidance? {
        let explanations = diagnosis.explanations
        let single = diagnosis.observations.count == 1
        guard let first = diagnosis.best else {
            if single, let likeliest = explanations.first {
                return Guidance("one code is not enough: the likeliest explanation (\(short(likeliest))) is less likely than a chance match, because many hypotheses were searched; type the next code the token shows too",
                                remedy: .addNextCode)
            }
            return Guidance("nothing searched explains the code\(single ? "" : "s"): check that the secret belongs to this account and token, and give two or three codes read one after another")
        }
        if first.explainedCount < diagnosis.observations.count {
            return Guidance("not every code fits one explanation: to check whether one was mistyped, type the next code shown", remedy: .addNextCode)
        }
        let typo = single && !first.isCodeTypo ? explanations.first(where: \.isCodeTypo) : nil
        let typoNote = typo.map { "; the code is also one typing slip away from \(code($0, counter: $0.counters[0] ?? 0)), which the token shows when all is right" } ?? ""
        guard explanations.count > 1, explanations[1].weight * closeFactor > first.weight else {
            if single, first.probability < 0.99 || typo != nil {
                return Guidance("type the next code the token shows too: a chance match is then a million times less likely\(typoNote)", remedy: .addNextCode)
            }
            return nil
        }
        let second = explanations[1]
        let (firstNext, secondNext) = (nextCode(first), nextCode(second))
        if firstNext != secondNext {
            return Guidance("one code cannot separate the two best explanations: type the next code the token shows too; \(firstNext) means the first (\(short(first))), \(secondNext) the second (\(short(second)))\(typoNote)",
                            remedy: .addNextCode)
        }
        if first.mode != second.mode {
            return Guidance("both explanations predict \(firstNext) next: read a code again at a known time a few minutes later without pressing the button: a clock-driven (TOTP) code changes by itself, an HOTP code does not",
                            remedy: .timeEachCode)
        }
        let last = diagnosis.observations.map(\.time).max() ?? 0
        if let (time, firstCode, secondCode) = separatingTime(first, second, after: last) {
            return Guidance("both explanations predict \(firstNext) as the next code, but not at the same time: a code read at \(Timestamp.iso(time)) (\(Int(time - last)) s after the last one) separates them: \(firstCode) means the first (\(short(first))), \(secondCode) the second (\(short(second)))",
                            remedy: .timeEachCode)
        }
        return Guidance("the two best explanations predict the same code at every second of the next hour, so no code read then separates them: check the token's settings (T0, clock) with its vendor tool")
    }

    /// The first whole second after `after` (within the horizon) at which the two explanations each
    /// predict one code, and different ones.
    static func separatingTime(_ first: Explanation, _ second: Explanation,
                               after: Double) -> (time: Double, first: String, second: String)? {
        var seconds = 1.0
        while seconds <= horizon {
            let time = (after + seconds).rounded(.down)
            if let a = predicted(first, at: time), let b = predicted(second, at: time), a != b { return (time, a, b) }
            seconds += 1
        }
        return nil
    }

    /// The code a TOTP explanation predicts at `time`, or nil when its clock-offset interval leaves
    /// two steps possible (or it is HOTP, which does not follow time).
    static func predicted(_ explanation: Explanation, at time: Double) -> String? {
        guard explanation.mode == .totp, let offsets = explanation.clockOffset else { return nil }
        let parameters = explanation.parameters
        let earliest = parameters.counter(at: time + offsets.lowerBound)
        let latest = parameters.counter(at: time + offsets.upperBound - 1e-6)
        return earliest == latest ? code(explanation, counter: earliest) : nil
    }

    /// The code of the step (or press) after the last explained one.
    static func nextCode(_ explanation: Explanation) -> String {
        code(explanation, counter: (explanation.counters.compactMap { $0 }.last ?? 0) + 1)
    }

    /// The code an explanation's secret and parameters give at `counter`.
    static func code(_ explanation: Explanation, counter: Int64) -> String {
        let value = HOTP.code(secret: explanation.secret.secret, counter: UInt64(max(counter, 0)),
                              algorithm: explanation.parameters.algorithm, digits: explanation.parameters.digits)
        return explanation.parameters.format(value)
    }

    private static func short(_ explanation: Explanation) -> String {
        explanation.summary.split(separator: ";").first.map(String.init) ?? explanation.summary
    }
}
