/// Where observed codes sit relative to a reference time: `skew locate`'s answer.
public struct LocateResult: Sendable {
    public struct Match: Sendable, Equatable {
        /// Counter of the step that produced the first code.
        public var counter: Int64
        /// Steps from the reference time's step (positive = the code's clock is ahead).
        public var offsetSteps: Int64
        public var offsetSeconds: Int64
        public var start: Int64
    }

    public var referenceCounter: Int64
    public var range: Int64
    public var stepsSearched: Int64
    public var matches: [Match]
    /// Probability that at least one match in this range is a coincidence.
    public var chanceProbability: Double
}

public enum Locator {
    /// Searches ±`range` steps around `time` for `codes` observed in consecutive steps.
    /// `codeInput` and `rangeInput` name the inputs in errors, as the caller's user knows them.
    public static func locate(codes: [String], search: CodeSearch, time: Double, range: Int64,
                              threads: Int? = nil, codeInput: String = "code",
                              rangeInput: String = "range") throws(InputError) -> LocateResult {
        let parameters = search.parameters
        let numeric = try codes.enumerated().map { (index, text) throws(InputError) -> UInt64 in
            try parseCode(text, digits: parameters.digits, input: codes.count > 1 ? "\(codeInput) #\(index + 1)" : codeInput)
        }
        guard range >= 0 else {
            throw InputError(input: rangeInput, problem: "\(range) is negative", fix: "give the search radius in steps, such as 10 or 1000000")
        }
        let reference = parameters.counter(at: time)
        let lower = reference - range
        let upper = reference + range
        let counters = threads.map { search.find(codes: numeric, in: lower...upper, threads: $0) }
            ?? search.find(codes: numeric, in: lower...upper)
        let matches = counters.map { counter in
            LocateResult.Match(counter: counter, offsetSteps: counter - reference,
                               offsetSeconds: (counter - reference) * Int64(parameters.period),
                               start: parameters.startOfStep(counter))
        }
        let searched = upper - max(lower, 0) + 1
        return LocateResult(referenceCounter: reference, range: range, stepsSearched: searched, matches: matches,
                            chanceProbability: search.chanceProbability(steps: searched, codeCount: codes.count))
    }

    /// A code as typed: digits only (spaces allowed, as some tokens display `123 456`).
    public static func parseCode(_ text: String, digits: Int, input: String = "code") throws(InputError) -> UInt64 {
        let compact = text.filter { !$0.isWhitespace && $0 != "-" }
        guard !compact.isEmpty, compact.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InputError(input: input, problem: "'\(text)' is not a code of digits",
                             fix: "type the digits shown on the token or app")
        }
        guard compact.count == digits else {
            throw InputError(input: input, problem: "the code has \(compact.count) digits but \(digits) are expected",
                             fix: compact.count >= 6 && compact.count <= 10
                                ? "count \(compact.count) digits per code if the token shows \(compact.count) digits"
                                : "check that the whole code was typed",
                             remedy: compact.count >= 6 && compact.count <= 10 ? .digits(compact.count) : nil)
        }
        return UInt64(compact)!
    }
}
