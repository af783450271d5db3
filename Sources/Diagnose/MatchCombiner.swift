import Foundation
import OTPCore

/// Turns the raw hits of one scan job into explanations: picks, for each digit count, the sets of
/// hits (at most one per code) that one clock offset (or one run of HOTP presses) accounts for.
struct Context {
    let variants: [SecretVariant]
    let observations: [Observation]
    let timing: ObservationTiming
    let space: HypothesisSpace
    let model: ClockModel
    let infos: [JobInfo]
    let targetMeta: [(observation: Int, digits: Int)]

    func explanations(job: Int, hits: ArraySlice<CodeSearch.ScanHit>) -> [Explanation] {
        let info = infos[job]
        var byDigits: [Int: [[Int64]]] = [:]
        for hit in hits {
            let meta = targetMeta[hit.target]
            byDigits[meta.digits, default: Array(repeating: [], count: observations.count)][meta.observation].append(hit.counter)
        }
        var result: [Explanation] = []
        for (digits, perCode) in byDigits {
            for combination in combinations(perCode, info: info) {
                result.append(explanation(info: info, digits: digits, counters: combination))
            }
        }
        return result
    }

    // MARK: - Consistent combinations

    /// The δ interval (token − true time) for which code `index` shows counter `counter`.
    private func interval(_ index: Int, _ counter: Int64, period: Int, t0: Int64) -> ClosedRange<Double> {
        let seen = Diagnoser.effectiveTime(observations, index, timing, period)
        let start = Double(counter * Int64(period) + t0) - seen
        return start...(start + Double(period))
    }

    private func intersect(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>) -> ClosedRange<Double>? {
        guard let a else { return b }
        let lower = max(a.lowerBound, b.lowerBound), upper = min(a.upperBound, b.upperBound)
        return upper > lower ? lower...upper : nil
    }

    /// HOTP counters must rise: by exactly one for consecutive codes, by 1…gap presses for timed ones.
    private func hotpFollows(_ previous: Int64, _ next: Int64) -> Bool {
        switch timing {
        case .consecutive: next == previous + 1
        case .timed: next > previous && next - previous <= HypothesisSpace.Prior.hotpGap
        }
    }

    /// Maximal choices of at most one counter per code that fit together (at least one code explained).
    private func combinations(_ perCode: [[Int64]], info: JobInfo) -> [[Int64?]] {
        var found: [[Int64?]] = []
        func fits(_ chosen: [Int64?], _ index: Int, _ counter: Int64) -> Bool {
            switch info.mode {
            case .totp(let period, let t0):
                var common: ClosedRange<Double>? = interval(index, counter, period: period, t0: t0)
                for (other, value) in chosen.enumerated() {
                    guard let value else { continue }
                    common = intersect(common, interval(other, value, period: period, t0: t0))
                    if common == nil { return false }
                }
                return true
            case .hotp:
                var all = chosen.enumerated().compactMap { pair in pair.element.map { (pair.offset, $0) } }
                all.append((index, counter))
                all.sort { $0.0 < $1.0 }
                return zip(all, all.dropFirst()).allSatisfy { hotpFollows($0.1, $1.1) }
            }
        }
        func extend(_ chosen: [Int64?]) {
            let index = chosen.count
            if index == perCode.count {
                guard chosen.contains(where: { $0 != nil }) else { return }
                // Maximal: no unexplained code has a hit that would fit.
                for (code, value) in chosen.enumerated() where value == nil {
                    if perCode[code].contains(where: { fits(chosen, code, $0) }) { return }
                }
                found.append(chosen)
                return
            }
            for counter in perCode[index] where fits(chosen, index, counter) {
                extend(chosen + [counter])
            }
            extend(chosen + [nil])
        }
        extend([])
        return found
    }

    // MARK: - Weighing and wording

    private func explanation(info: JobInfo, digits: Int, counters: [Int64?]) -> Explanation {
        let variant = variants[info.variant]
        let expected = space.expected
        var weight = variant.prior * space.algorithmPrior(info.algorithm)
        var causes: [Explanation.Cause] = []
        if !variant.isAsGiven { causes.append(.secret(variant.kind)) }
        if info.algorithm != expected.algorithm { causes.append(.algorithm(info.algorithm)) }
        let lengths = observations.map(\.length)
        let explainedLengths = zip(lengths, counters).compactMap { $1 == nil ? nil : $0 }
        if explainedLengths.contains(where: { $0 < digits }) {
            causes.append(.leadingZerosDropped(digits: digits))
        } else if digits != expected.digits {
            causes.append(.digits(digits))
        }
        for (length, counter) in zip(lengths, counters) {
            weight *= counter == nil ? HypothesisSpace.Prior.unexplained * pow(10, -Double(length))
                : space.digitsPrior(digits, length: length)
        }
        var parameters = OTPParameters(algorithm: info.algorithm, digits: digits, period: expected.period, t0: expected.t0)
        var clockOffset: ClosedRange<Double>?
        var clockCause: ClockCause?
        var stepOffsets: [Int64?] = counters.map { _ in nil }
        let mode: Explanation.Mode
        switch info.mode {
        case .totp(let period, let t0):
            mode = .totp
            parameters.period = period
            parameters.t0 = t0
            weight *= space.periodPrior(period) * space.t0Prior(t0)
            if period != expected.period { causes.append(.period(period)) }
            if t0 != expected.t0 { causes.append(.t0(t0)) }
            var common: ClosedRange<Double>?
            for (index, counter) in counters.enumerated() {
                guard let counter else { continue }
                common = intersect(common, interval(index, counter, period: period, t0: t0)) ?? common
                let seen = Diagnoser.effectiveTime(observations, index, timing, period)
                stepOffsets[index] = counter - parameters.counter(at: seen)
            }
            let offsets = common ?? 0...0
            let (mass, cause) = model.mass(of: offsets)
            weight *= mass
            clockOffset = offsets
            let withinOneStep = stepOffsets.allSatisfy { ($0 ?? 0).magnitude <= 1 }
            clockCause = cause == .inSync && !withinOneStep ? .offset : cause
            if clockCause != .inSync { causes.append(.clock(clockCause!)) }
        case .hotp:
            mode = .hotp
            causes.append(.hotp)
            let count = Double(space.hotpCounters.count)
            weight *= HypothesisSpace.Prior.hotp / count
            let explained = counters.compactMap { $0 }.count
            if timing == .timed, explained > 1 {
                weight *= pow(1 / Double(HypothesisSpace.Prior.hotpGap), Double(explained - 1))
            }
        }
        var result = Explanation(causes: causes, secret: variant, parameters: parameters, mode: mode, counters: counters,
                                 stepOffsets: stepOffsets, clockOffset: clockOffset, clockCause: clockCause,
                                 probability: 0, weight: weight, falseMatchProbability: 0, hypothesesOfThisKind: 0,
                                 summary: "", fixes: [])
        let words = Wording(expected: expected, observations: observations, variants: variants)
        (result.summary, result.fixes) = words.describe(result)
        return result
    }

    /// Counts the hypotheses of the same kind searched (same kind of secret mistake, same parameter
    /// deviations, same clock cause) and the chance that one of them matches as many codes.
    func addFalseMatch(to explanation: inout Explanation, jobs: [CodeSearch.ScanJob]) {
        let kind = Self.kindKey(explanation.secret.kind)
        let expected = space.expected
        let droppedZeros = explanation.causes.contains { if case .leadingZerosDropped = $0 { true } else { false } }
        var count = 0.0
        for info in infos where Self.kindKey(variants[info.variant].kind) == kind
            && (info.algorithm == expected.algorithm) == (explanation.parameters.algorithm == expected.algorithm) {
            switch (info.mode, explanation.mode) {
            case (.hotp, .hotp):
                count += Double(space.hotpCounters.count)
            case (.totp(let period, let t0), .totp):
                guard (period == expected.period) == (explanation.parameters.period == expected.period),
                      (t0 == expected.t0) == (explanation.parameters.t0 == expected.t0),
                      let cause = explanation.clockCause else { continue }
                if case .factoryDate = cause, !info.factory { continue }
                count += model.width(of: cause) / Double(period) + 1
            default: continue
            }
        }
        let lengths = observations.map(\.length)
        let digitOptions = droppedZeros
            ? Double(space.digitCounts(forLength: lengths.min() ?? 6).count - 1) : 1
        count *= max(digitOptions, 1)
        explanation.hypothesesOfThisKind = count
        let perHypothesis = pow(10, -Double(explanation.parameters.digits * explanation.explainedCount))
        explanation.falseMatchProbability = -expm1(-count * perHypothesis)
    }

    static func kindKey(_ kind: SecretVariant.Kind) -> String {
        switch kind {
        case .asGiven: "as-given"
        case .lookAlike, .lookAlikesEverywhere: "look-alike"
        case .missingCharacter: "missing"
        case .extraCharacter: "extra"
        case .swappedNeighbours: "swapped"
        case .hexReadAsBase32, .base32ReadAsHex: "encoding"
        case .textAsASCII: "ascii"
        case .cut: "cut"
        }
    }
}
