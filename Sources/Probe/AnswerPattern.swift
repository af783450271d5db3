/// A `regex:` rule's pattern, compiled once when the rule is parsed.
///
/// Swift's `Regex` rather than `NSRegularExpression`: on Linux the Foundation one leaked about
/// 680 bytes on every compile (found by the verifier-answer fuzz target), and a probe matches
/// every answer it gets. The syntax is the PCRE/ICU-style one both accept for ordinary patterns.
/// `@unchecked` because `AnyRegexOutput` is not marked Sendable; the pattern is never mutated after
/// init, and the standard library compiles a `Regex` program lazily under an atomic.
public struct AnswerPattern: @unchecked Sendable, Equatable {
    public let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Throws Swift's own description of what is wrong with `source`, such as an unclosed group or a
    /// feature (conditionals, callouts) the engine does not support.
    public init(_ source: String) throws {
        self.source = source
        self.regex = try Regex(source)
    }

    /// Whether the pattern occurs anywhere in `body`.
    public func matches(_ body: String) -> Bool {
        (try? regex.firstMatch(in: body)).flatMap { $0 } != nil
    }

    public static func == (lhs: AnswerPattern, rhs: AnswerPattern) -> Bool { lhs.source == rhs.source }
}
