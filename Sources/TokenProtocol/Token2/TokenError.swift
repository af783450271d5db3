/// What can go wrong talking to a token, above the transport.
public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// AUTHENTICATE answered `69 83`: the token is locked or does not use the Token2 key.
    case lockedOrWrongKey
    /// A second AUTHENTICATE in one session was refused by the host (each wrong answer may count
    /// toward a permanent lock).
    case authenticationAlreadyAttempted
    /// A secure command was asked for before a successful AUTHENTICATE.
    case notAuthenticated(command: String)
    /// A secure command answered `69 83`.
    case writeRefused(command: String)
    /// Any other status word.
    case unexpectedStatus(command: String, sw: UInt16)
    case malformedResponse(command: String, problem: String)
    /// Fewer than two response bytes.
    case shortResponse(count: Int)
    /// A seed outside what WRITE SEED can carry.
    case seedLength(Int)
    /// OpenSSL could not run SM4.
    case crypto(String)

    public var description: String {
        switch self {
        case .lockedOrWrongKey:
            return "AUTHENTICATE: the token answered 69 83: it is locked, or it does not use the Token2 single-profile key (a Molto or ExcelSecu token?). skew does not try again: each wrong answer may count toward a permanent lock"
        case .authenticationAlreadyAttempted:
            return "AUTHENTICATE was already sent in this session; skew never sends it twice"
        case .notAuthenticated(let command):
            return "\(command) needs a successful AUTHENTICATE first in the same session"
        case .writeRefused(let command):
            return "\(command): the token answered 69 83 (not authenticated, bad MAC, or locked). Nothing was retried"
        case .unexpectedStatus(let command, let sw):
            return "\(command): the token answered \(StatusWord.text(sw)) instead of 90 00"
        case .malformedResponse(let command, let problem):
            return "\(command): the token's answer does not parse (\(problem))"
        case .shortResponse(let count):
            return "the token answered with \(count) byte\(count == 1 ? "" : "s"), less than a status word: the link dropped mid-command"
        case .seedLength(let count):
            return "the seed is \(count) bytes; a token takes 1 to 63"
        case .crypto(let detail):
            return detail
        }
    }
}

extension TokenError: UnansweredCommand {
    /// Fewer bytes than a status word came back.
    public var isUnanswered: Bool {
        if case .shortResponse = self { return true }
        return false
    }
}
