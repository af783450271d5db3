import Foundation
import OTPCore

/// The "mistyped code" family: the token is right (secret as given, expected parameters, clock
/// within the in-sync spike) and one digit of the code it showed was typed wrong, or two
/// neighbouring digits were swapped. Its prior is split evenly between the two kinds of slip and
/// within each over the codes it can produce, so it claims only the few codes one slip away.
enum CodeTypos {
    static func explanations(observation: Observation, secret: SecretVariant, space: HypothesisSpace,
                             model: ClockModel) -> [Explanation] {
        let expected = space.expected
        guard observation.length == expected.digits, expected.digits > 1,
              let inSync = model.pieces.first(where: { $0.cause == .inSync }) else { return [] }
        let steps = counters(around: observation.time, within: inSync.lower...inSync.upper, parameters: expected)
        let slips = Double(9 * expected.digits + expected.digits - 1)
        let perKind = HypothesisSpace.Prior.codeTypo / 2
        var result: [Explanation] = []
        for counter in steps {
            let shown = expected.format(HOTP.code(secret: secret.secret, counter: UInt64(max(counter, 0)),
                                                  algorithm: expected.algorithm, digits: expected.digits))
            guard let typo = slip(from: Array(shown), to: Array(observation.code)) else { continue }
            let share = if case .replaced = typo { perKind / Double(9 * expected.digits) } else { perKind / Double(expected.digits - 1) }
            let start = Double(counter * Int64(expected.period) + expected.t0) - observation.time
            let offsets = start...(start + Double(expected.period))
            var explanation = Explanation(
                causes: [.codeTypo(typo)], secret: secret, parameters: expected, mode: .totp, counters: [counter],
                stepOffsets: [counter - expected.counter(at: observation.time)], clockOffset: offsets, clockCause: .inSync,
                probability: 0, weight: share * model.mass(of: offsets).mass, falseMatchProbability: 0,
                hypothesesOfThisKind: Double(steps.count) * slips, summary: "", fixes: [])
            explanation.falseMatchProbability = -expm1(-explanation.hypothesesOfThisKind * pow(10, -Double(expected.digits)))
            (explanation.summary, explanation.fixes) = Wording(expected: expected, observations: [observation], variants: [secret])
                .describe(explanation)
            result.append(explanation)
        }
        return result
    }

    /// The steps whose codes the token shows when its clock is off by an offset within `offsets`.
    static func counters(around time: Double, within offsets: ClosedRange<Double>, parameters: OTPParameters) -> ClosedRange<Int64> {
        parameters.counter(at: time + offsets.lowerBound)...parameters.counter(at: time + offsets.upperBound)
    }

    /// The slip that turns `shown` into `typed`, if it is one replaced digit or one swapped pair.
    static func slip(from shown: [Character], to typed: [Character]) -> Explanation.CodeTypo? {
        let differing = shown.indices.filter { shown[$0] != typed[$0] }
        if differing.count == 1, let index = differing.first {
            return .replaced(position: index + 1, typed: typed[index], shown: shown[index])
        }
        if differing.count == 2, differing[1] == differing[0] + 1,
           shown[differing[0]] == typed[differing[1]], shown[differing[1]] == typed[differing[0]] {
            return .swapped(position: differing[0] + 1)
        }
        return nil
    }
}
