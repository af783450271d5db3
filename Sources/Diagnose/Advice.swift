import OTPCore

/// Which extra observation would tell the leading explanations apart.
enum Advice {
    /// Explanations within this factor of the best are "not separated".
    static let closeFactor = 20.0

    static func next(for diagnosis: Diagnosis) -> String? {
        let explanations = diagnosis.explanations
        guard let first = diagnosis.best else {
            return "nothing searched explains the code\(diagnosis.observations.count > 1 ? "s" : ""): check that the secret belongs to this account and token, and give two or three codes read one after another"
        }
        if first.explainedCount < diagnosis.observations.count {
            return "not every code fits one explanation: type the next code shown (another --code) to check whether one was mistyped"
        }
        guard explanations.count > 1, explanations[1].weight * closeFactor > first.weight else {
            if diagnosis.observations.count == 1, first.probability < 0.99 {
                return "type the next code the token shows too (a second --code): a chance match is then a million times less likely"
            }
            return nil
        }
        let second = explanations[1]
        let (firstNext, secondNext) = (nextCode(first), nextCode(second))
        if firstNext != secondNext {
            return "one code cannot separate the two best explanations: type the next code the token shows too; \(firstNext) means the first (\(short(first))), \(secondNext) the second (\(short(second)))"
        }
        if first.mode != second.mode {
            return "both explanations predict \(firstNext) next: read a code again at a known time a few minutes later without pressing the button (pass it with --at): a clock-driven (TOTP) code changes by itself, an HOTP code does not"
        }
        return "the two best explanations produce the same codes at every time, so no further code separates them: check the token's settings (T0, clock) with its vendor tool"
    }

    /// The code of the step (or press) after the last explained one.
    static func nextCode(_ explanation: Explanation) -> String {
        let counter = (explanation.counters.compactMap { $0 }.last ?? 0) + 1
        let value = HOTP.code(secret: explanation.secret.secret, counter: UInt64(max(counter, 0)),
                              algorithm: explanation.parameters.algorithm, digits: explanation.parameters.digits)
        return explanation.parameters.format(value)
    }

    private static func short(_ explanation: Explanation) -> String {
        explanation.summary.split(separator: ";").first.map(String.init) ?? explanation.summary
    }
}
