import CPCSC
import LibraryLoader
import TokenProtocol

/// Every way a PC/SC call can fail, grouped by what the person at the reader should do about it.
///
/// Each case says what happened and to which reader (the command line adds what to do next);
/// `failure` keeps the raw PC/SC status for traces and bug reports.
public enum PCSCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// pcscd is not running.
    case noService
    /// pcscd stopped (crashed or was killed) in the middle of a command.
    case serviceStopped(reader: String)
    /// pcscd runs but knows no reader at all.
    case noReaders
    /// The reader asked for is not one pcscd has.
    case unknownReader(name: String, available: [String])
    /// The reader exists but went away (unplugged, driver failure).
    case readerUnavailable(reader: String)
    /// No card on the reader (or on any reader when none was named), after waiting `waited` seconds.
    case noCard(readers: [String], waited: Double)
    /// The card left the field or the link dropped during a command.
    case cardRemoved(reader: String, detail: String)
    /// The card answered with fewer than the two status-word bytes: the link dropped mid-command.
    case shortResponse(reader: String, count: Int)
    /// The card does not respond to power-up or reset.
    case cardUnresponsive(reader: String)
    /// Another program holds the card exclusively.
    case sharingViolation(reader: String)
    /// A wait was cancelled (Ctrl-C).
    case cancelled
    /// Any other PC/SC status, named by pcsc-lite.
    case failure(function: String, code: Int, text: String)
    /// libpcsclite itself is not installed (it is opened on first use).
    case library(MissingLibrary)

    public var description: String {
        switch self {
        case .noService:
            return "pcscd is not running"
        case .serviceStopped(let reader):
            return "pcscd stopped while skew was talking to the token on reader '\(reader)'; the command may or may not have reached the token"
        case .noReaders:
            return "pcscd knows no smart-card reader"
        case .unknownReader(let name, let available):
            let list = available.isEmpty ? "none" : available.map { "'\($0)'" }.joined(separator: ", ")
            return "no reader is named '\(name)' (readers: \(list))"
        case .readerUnavailable(let reader):
            return "reader '\(reader)' is no longer available"
        case .noCard(let readers, let waited):
            let place = readers.count == 1 ? "on reader '\(readers[0])'" : "on any reader"
            let wait = waited > 0 ? " within \(waited) s" : ""
            return "no token \(place)\(wait)"
        case .cardRemoved(let reader, let detail):
            return "the token left reader '\(reader)' during the command (\(detail))"
        case .shortResponse(let reader, let count):
            return "the token on reader '\(reader)' answered with \(count) byte\(count == 1 ? "" : "s"), less than a status word: the link dropped mid-command"
        case .cardUnresponsive(let reader):
            return "the card on reader '\(reader)' does not respond"
        case .sharingViolation(let reader):
            return "another program holds the card on reader '\(reader)' exclusively"
        case .cancelled:
            return "cancelled"
        case .library(let missing):
            return "PC/SC is not available: \(missing)"
        case .failure(let function, let code, let text):
            return "\(function) failed: \(text) (PC/SC 0x\(String(UInt32(truncatingIfNeeded: code), radix: 16, uppercase: true)))"
        }
    }

    /// Maps a PC/SC status to the case that tells the user what to do.
    static func from(_ code: LONG, function: String, reader: String?) -> PCSCError {
        let name = reader ?? "?"
        switch code {
        case SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED:
            return .noService
        case SCARD_E_NO_READERS_AVAILABLE:
            return .noReaders
        case SCARD_E_UNKNOWN_READER:
            return .unknownReader(name: name, available: [])
        case SCARD_E_READER_UNAVAILABLE:
            return .readerUnavailable(reader: name)
        case SCARD_E_NO_SMARTCARD:
            return .noCard(readers: reader.map { [$0] } ?? [], waited: 0)
        case SCARD_W_REMOVED_CARD:
            return .cardRemoved(reader: name, detail: "card removed")
        case SCARD_E_NOT_TRANSACTED:
            return .cardRemoved(reader: name, detail: "the command did not reach the card")
        case SCARD_W_RESET_CARD:
            return .cardRemoved(reader: name, detail: "the card was reset by another program")
        case SCARD_W_UNPOWERED_CARD:
            return .cardRemoved(reader: name, detail: "the card lost power")
        case SCARD_E_COMM_DATA_LOST, SCARD_F_COMM_ERROR:
            return .cardRemoved(reader: name, detail: "communication with the card was lost")
        case SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNSUPPORTED_CARD:
            return .cardUnresponsive(reader: name)
        case SCARD_E_SHARING_VIOLATION:
            return .sharingViolation(reader: name)
        case SCARD_E_CANCELLED:
            return .cancelled
        default:
            let text = String(cString: pcsc_stringify_error(code)).trimmingSuffix(".")
            return .failure(function: function, code: Int(code), text: text)
        }
    }
}

extension PCSCError: UnansweredCommand {
    /// The card gave no answer (fewer than two bytes, a response timeout) or the link to it
    /// dropped; pcscd itself is fine.
    public var isUnanswered: Bool {
        switch self {
        case .shortResponse, .cardRemoved, .cardUnresponsive: return true
        case .failure(_, let code, _): return code == Int(SCARD_E_TIMEOUT)
        default: return false
        }
    }
}

extension PCSCError: UndeliveredCommand {
    /// pcscd refused the command because the card was already gone (removed before the command,
    /// or the reader could not start the exchange): the token did not receive it.
    public var commandNeverReachedCard: Bool {
        if case .cardRemoved(_, let detail) = self {
            return detail == "card removed" || detail == "the command did not reach the card"
        }
        return false
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
