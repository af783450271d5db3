import Foundation
import OTPCore

/// Searches the hypothesis space for the observed codes and ranks what explains them.
///
/// Every (secret variant, algorithm, period, T0) is one scan job over the counters its clock-offset
/// range covers; one HMAC per counter is compared with every code at every digit count. Each match
/// (or set of matches consistent with one clock offset) gets a posterior weight: the prior of each
/// choice it makes times the prior mass of its offset interval, against "nothing explains it"
/// (an unrelated code, probability 10^-digits, with a prior as large as all named causes together).
/// Families of many hypotheses share their prior among them, so the more a search tries, the less
/// each chance match weighs; a random code is then rarely explained.
public enum Diagnoser {
    /// - Parameters:
    ///   - secretText: the secret as the person gave it (variants are built from this text).
    ///   - observations: one to three codes.
    ///   - timing: whether each code has its own time or they are consecutive from the first's time.
    public static func diagnose(secretText: String, encoding: SecretText.Encoding, observations: [Observation],
                                timing: ObservationTiming, space: HypothesisSpace,
                                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                explanationLimit: Int = 5) throws(InputError) -> Diagnosis {
        guard (1...3).contains(observations.count) else {
            throw InputError(input: "codes", problem: "\(observations.count) codes were given",
                             fix: "give one to three codes you saw")
        }
        var variants = SecretVariants.generate(text: secretText, encoding: encoding)
        if !space.secretVariants { variants = variants.filter(\.isAsGiven) }
        guard !variants.isEmpty else {
            throw InputError(input: "secret", problem: "the secret does not decode, and no single-character correction of it does either",
                             fix: "copy the secret again from its source; base32 uses A-Z and 2-7",
                             remedy: .chooseSecretEncoding)
        }
        let model = ClockModel(range: space.range, localOffset: space.localOffset, firstSeen: observations[0].time,
                               factorySpan: space.factorySpan)
        var targets: [CodeSearch.ScanTarget] = []
        var targetMeta: [(observation: Int, digits: Int)] = []
        for (index, observation) in observations.enumerated() {
            for digits in space.digitCounts(forLength: observation.length) {
                targets.append(.init(digits: digits, code: observation.value))
                targetMeta.append((index, digits))
            }
        }
        func search(threshold: Double) -> (jobs: [CodeSearch.ScanJob], context: Context, candidates: [Explanation]) {
            let (jobs, infos) = buildJobs(variants: variants, observations: observations, timing: timing, space: space,
                                          model: model, threshold: threshold)
            let hits = CodeSearch.scan(jobs: jobs, targets: targets, threads: threads)
            let context = Context(variants: variants, observations: observations, timing: timing, space: space,
                                  model: model, infos: infos, targetMeta: targetMeta)
            var candidates: [Explanation] = []
            var start = hits.startIndex
            while start < hits.endIndex {
                let job = hits[start].job
                var end = start
                while end < hits.endIndex, hits[end].job == job { end += 1 }
                candidates += context.explanations(job: job, hits: hits[start..<end])
                start = end
            }
            return (jobs, context, candidates)
        }
        // Branch and bound: search first what could be named for one code alone (a match at least
        // `nameable` times as likely as an unexplained code). If that already explains every code
        // well above what is left out, the rest cannot change the ranking; otherwise search
        // everything that could be named for all the codes. `--exhaustive` searches everything, and
        // names the same matches: those below the floor are chance matches in either search.
        let nothing = nothingWeight(observations)
        let floor = nothing * HypothesisSpace.Prior.nameable
        let everything = space.exhaustive ? 0 : floor
        let firstPass = space.exhaustive ? 0
            : (observations.map { nothingWeight([$0]) }.max() ?? 0) * HypothesisSpace.Prior.nameable
        var (jobs, context, candidates) = search(threshold: firstPass)
        let bestComplete = candidates.filter { $0.explainedCount == observations.count }.map(\.weight).max() ?? 0
        if firstPass > everything, bestComplete * refineMargin < firstPass {
            (jobs, context, candidates) = search(threshold: everything)
        }
        if observations.count == 1, let given = variants.first(where: \.isAsGiven) {
            candidates += CodeTypos.explanations(observation: observations[0], secret: given, space: space, model: model)
        }
        candidates = candidates.filter { $0.weight >= floor }
        let total = candidates.reduce(nothing) { $0 + $1.weight }
        candidates.sort { $0.weight > $1.weight }
        var ranked = Array(candidates.prefix(explanationLimit))
        for index in ranked.indices {
            ranked[index].probability = ranked[index].weight / total
            if !ranked[index].isCodeTypo { context.addFalseMatch(to: &ranked[index], jobs: jobs) }
        }
        let counted = jobs.reduce(Int64(0)) { sum, job in
            sum + job.ranges.reduce(Int64(0)) { $0 + max(0, $1.upperBound - max($1.lowerBound, 0) + 1) }
        }
        var diagnosis = Diagnosis(observations: observations, timing: timing, expected: space.expected,
                                  explanations: ranked, nothingProbability: nothing / total, advice: nil,
                                  secretVariantsSearched: variants.count, hmacsComputed: counted,
                                  hypothesesSearched: counted * Int64(max(1, targets.count)))
        diagnosis.advice = Advice.next(for: diagnosis)
        return diagnosis
    }

    /// The scan jobs: clock offsets for every variant × algorithm × period, T0 variants, factory dates
    /// and HOTP counters for the secret as given. Unless the space is exhaustive, offset pieces (and
    /// HOTP) whose prior could not lift a match above `threshold` are left out.
    static func buildJobs(variants: [SecretVariant], observations: [Observation], timing: ObservationTiming,
                          space: HypothesisSpace, model: ClockModel,
                          threshold: Double) -> ([CodeSearch.ScanJob], [JobInfo]) {
        var jobs: [CodeSearch.ScanJob] = []
        var infos: [JobInfo] = []
        let t0s = [space.expected.t0] + space.alternativeT0s.filter { $0 != space.expected.t0 }
        let periods = Array(Set(space.periods + [space.expected.period])).sorted()
        let algorithms = space.algorithms.contains(space.expected.algorithm) ? space.algorithms
            : space.algorithms + [space.expected.algorithm]
        for (index, variant) in variants.enumerated() {
            for algorithm in algorithms {
                for period in periods {
                    let times = observations.indices.map { effectiveTime(observations, $0, timing, period) }
                    let earliest = times.min()!, latest = times.max()!
                    for t0 in variant.isAsGiven ? t0s : [space.expected.t0] {
                        func counters(_ offsets: ClosedRange<Double>) -> ClosedRange<Int64> {
                            let lower = Int64(((earliest + offsets.lowerBound - Double(t0)) / Double(period)).rounded(.down))
                            let upper = Int64(((latest + offsets.upperBound - Double(t0)) / Double(period)).rounded(.down))
                            return lower...upper
                        }
                        let factory = variant.isAsGiven && t0 == space.expected.t0
                        let prior = variant.prior * space.algorithmPrior(algorithm) * space.periodPrior(period)
                            * space.t0Prior(t0)
                        let ranges = model.intervals(period: period, prior: prior, threshold: threshold, factory: factory)
                            .map(counters)
                        guard !ranges.isEmpty else { continue }
                        jobs.append(.init(key: variant.secret.bytes, algorithm: algorithm, ranges: merged(ranges)))
                        infos.append(JobInfo(variant: index, algorithm: algorithm, mode: .totp(period: period, t0: t0),
                                             factory: factory))
                    }
                }
                let hotpPrior = variant.prior * space.algorithmPrior(algorithm) * HypothesisSpace.Prior.hotp
                    / Double(space.hotpCounters.count)
                if variant.isAsGiven, hotpPrior >= threshold {
                    let extra = HypothesisSpace.Prior.hotpGap * Int64(observations.count - 1)
                    let counters = space.hotpCounters.lowerBound...(space.hotpCounters.upperBound + extra)
                    jobs.append(.init(key: variant.secret.bytes, algorithm: algorithm, ranges: [counters]))
                    infos.append(JobInfo(variant: index, algorithm: algorithm, mode: .hotp, factory: false))
                }
            }
        }
        return (jobs, infos)
    }

    /// How far the best complete explanation of the first pass must stand above everything it left
    /// out (whose priors are below the first pass's threshold) for the second pass to be skipped.
    static let refineMargin = 1e-3

    /// Weight of "nothing searched explains the codes": each is an unrelated (random) number.
    static func nothingWeight(_ observations: [Observation]) -> Double {
        observations.reduce(1.0) { $0 * HypothesisSpace.Prior.unexplained * pow(10, -Double($1.length)) }
    }

    /// When code `index` was seen; consecutive codes follow the first by one period each.
    static func effectiveTime(_ observations: [Observation], _ index: Int, _ timing: ObservationTiming,
                              _ period: Int) -> Double {
        switch timing {
        case .timed: observations[index].time
        case .consecutive: observations[0].time + Double(index * period)
        }
    }

    static func merged(_ ranges: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
