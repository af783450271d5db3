import PCSC
import TokenEmulator
import TokenProtocol

/// Exit codes of PC/SC failures: the service or reader missing is 69, a wrong `--reader` is bad
/// input (65), a card that leaves mid-command is an I/O failure (74), Ctrl-C is 130.
extension PCSCError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus {
        switch self {
        case .unknownReader: return .badInput
        case .cardRemoved, .shortResponse, .serviceStopped: return .ioError
        case .cancelled: return .interrupted
        case .noService, .noReaders, .readerUnavailable, .noCard, .cardUnresponsive, .sharingViolation, .failure:
            return .unavailable
        }
    }
}

extension TokenError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus {
        switch self {
        case .lockedOrWrongKey, .writeRefused: return .noPermission
        case .shortResponse: return .ioError
        case .unexpectedStatus, .malformedResponse, .seedLength: return .badInput
        case .authenticationAlreadyAttempted, .notAuthenticated, .crypto: return .software
        }
    }
}

extension EmulatorError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus {
        switch self {
        case .vpcdUnreachable: return .unavailable
        case .linkClosedByReader: return .ioError
        case .stateFile: return .cannotCreate
        }
    }
}
