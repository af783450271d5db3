/// What can go wrong talking to a Molto2, above the transport. The description states the facts;
/// what to do next is the front end's to say (the CLI's `ExitStatus.swift`). A refused AUTHENTICATE is not here:
/// it is an outcome the session returns (`Molto2AuthenticationOutcome`), so callers must look at it.
public enum Molto2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A second AUTHENTICATE in one session: the host never sends it (each wrong one costs a try).
    case authenticationAlreadyAttempted
    case notAuthenticated(command: String)
    /// Any status word the protocol does not name for this command: reported raw, never mapped to a cause.
    case unexpectedStatus(command: String, sw: UInt16)
    case malformedResponse(command: String, problem: String)
    case seedLength(Int)
    /// A seed of zero bytes only: the vendor's reserved "clear" value, never sent (DELETE SEED clears).
    case allZeroSeed
    case titleLength(Int)
    case crypto(String)

    public var description: String {
        switch self {
        case .authenticationAlreadyAttempted:
            return "AUTHENTICATE was already sent in this session; skew never sends it twice (each wrong answer costs one of the token's tries)"
        case .notAuthenticated(let command):
            return "\(command) needs a successful AUTHENTICATE first in the same session"
        case .unexpectedStatus(let command, let sw):
            return "\(command): the Molto2 answered \(StatusWord.text(sw)), a status whose meaning nobody has documented. Nothing was retried"
        case .malformedResponse(let command, let problem):
            return "\(command): the answer does not parse (\(problem))"
        case .seedLength(let count):
            return "the seed is \(count) bytes; a Molto2 profile takes 1 to 63"
        case .allZeroSeed:
            return "the seed is all zero bytes, which the vendor reserves for clearing a profile"
        case .titleLength(let count):
            return "the title is \(count) bytes in UTF-8; a Molto2 shows 1 to 12"
        case .crypto(let detail):
            return detail
        }
    }
}

