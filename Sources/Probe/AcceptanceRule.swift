import Foundation
import OTPCore

/// How a verifier's answer is read: an HTTP status (or a command's exit code), a value in a JSON
/// body, or a pattern in the output; `!` in front negates a rule.
public indirect enum AcceptanceRule: Sendable, Equatable, CustomStringConvertible {
    case status(Int)
    case json(path: [String], value: String)
    case regex(AnswerPattern)
    case not(AcceptanceRule)

    /// Parses `status:200`, `exit:0`, `json:PATH=VALUE` (PATH like `result.ok` or `$.items.0.state`),
    /// `regex:PATTERN`, each optionally prefixed by `!`.
    public static func parse(_ text: String, input: String) throws(InputError) -> AcceptanceRule {
        // One `!` at most, read without recursion: fuzzing fed thousands of them.
        guard text.hasPrefix("!") else { return try parsePlain(text, input: input) }
        let rest = String(text.dropFirst())
        guard !rest.hasPrefix("!") else {
            throw InputError(input: input, problem: "'\(text)' has more than one '!'", fix: "negate a rule with a single '!'")
        }
        return .not(try parsePlain(rest, input: input))
    }

    private static func parsePlain(_ text: String, input: String) throws(InputError) -> AcceptanceRule {
        guard let colon = text.firstIndex(of: ":") else {
            throw InputError(input: input, problem: "'\(text)' has no kind", fix: Self.fix)
        }
        let kind = text[..<colon].lowercased()
        let argument = String(text[text.index(after: colon)...])
        switch kind {
        case "status", "exit":
            guard let value = Int(argument) else {
                throw InputError(input: input, problem: "'\(argument)' is not a number", fix: "give a status such as status:200 or exit:0")
            }
            return .status(value)
        case "json":
            guard let equals = argument.firstIndex(of: "=") else {
                throw InputError(input: input, problem: "'\(argument)' has no '=VALUE'", fix: "write json:PATH=VALUE, such as json:result.ok=true")
            }
            var path = String(argument[..<equals])
            if path.hasPrefix("$.") { path.removeFirst(2) } else if path == "$" { path = "" }
            return .json(path: path.split(separator: ".").map(String.init),
                         value: String(argument[argument.index(after: equals)...]))
        case "regex":
            do { return .regex(try AnswerPattern(argument)) } catch {
                throw InputError(input: input, problem: "'\(argument)' is not a valid regular expression (\(error))",
                                 fix: "check the pattern's brackets and escapes")
            }
        default:
            throw InputError(input: input, problem: "'\(kind)' is not a rule kind", fix: Self.fix)
        }
    }

    private static let fix = "use status:CODE, exit:CODE, json:PATH=VALUE or regex:PATTERN (prefix ! to negate)"

    /// Whether an answer with this status (or exit code) and body satisfies the rule.
    public func matches(status: Int, body: String) -> Bool {
        switch self {
        case .status(let expected):
            return status == expected
        case .regex(let pattern):
            return pattern.matches(body)
        case .json(let path, let expected):
            guard let value = Self.value(at: path, in: body) else { return false }
            return Self.text(of: value) == expected
        case .not(let rule):
            return !rule.matches(status: status, body: body)
        }
    }

    public var description: String {
        switch self {
        case .status(let value): return "status:\(value)"
        case .json(let path, let value): return "json:\(path.joined(separator: "."))=\(value)"
        case .regex(let pattern): return "regex:\(pattern.source)"
        case .not(let rule): return "!\(rule)"
        }
    }

    private static func value(at path: [String], in body: String) -> JSONValue? {
        guard var current = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) else { return nil }
        for component in path {
            switch current {
            case .object(let object) where object[component] != nil: current = object[component]!
            case .array(let array) where Int(component).map(array.indices.contains) == true: current = array[Int(component)!]
            default: return nil
            }
        }
        return current
    }

    /// JSON scalars as they are written in a rule: true, false, null, 42, 1.5, text.
    private static func text(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .string(let string): return string
        case .array, .object: return ""
        }
    }
}

/// A parsed JSON document, so rules can tell `true` from `1` and `"1"` on every platform.
enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSONValue]),
         object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Int64.self) { self = .integer(number) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let array = try? container.decode([JSONValue].self) { self = .array(array) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}

/// Reads a verifier's answer into an outcome: rate-limited first, then accepted, else rejected.
public struct AnswerRules: Sendable {
    public var accept: AcceptanceRule
    public var rateLimited: AcceptanceRule?

    public init(accept: AcceptanceRule, rateLimited: AcceptanceRule?) {
        self.accept = accept
        self.rateLimited = rateLimited
    }

    public func outcome(status: Int, body: String) -> Outcome {
        if let rateLimited, rateLimited.matches(status: status, body: body) { return .rateLimited }
        return accept.matches(status: status, body: body) ? .accepted : .rejected
    }

    /// The response for an answer, with `label` ("HTTP 200", "exit 1") as its detail and a
    /// fingerprint of the whole answer.
    public func response(label: String, status: Int, body: String) -> VerifierResponse {
        VerifierResponse(outcome(status: status, body: body), detail: label,
                         answer: AnswerFingerprint(status: label, body: body))
    }
}
