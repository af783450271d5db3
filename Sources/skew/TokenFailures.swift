import PCSC
import TokenEmulator
import TokenProtocol
import Tokens

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

extension ProtectimusError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension TokenDetector.Unrecognized: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension TokenCapabilityError: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .badInput }
}

extension OTPEdgeMeter.Failure: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .negative }
}

extension ClockEdgeMeter.Failure: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus {
        switch self {
        case .noTick: return .unavailable
        case .clockJumped: return .ioError
        }
    }
}

/// A write that stopped part-way: the cause, then what the token now holds.
extension TokenWriteFailure: SkewFailure {
    var message: String {
        let cause = (underlying as? any SkewFailure)?.message ?? String(describing: underlying)
        return "\(cause)\nstate: \(progress.stateReport)\(note.map { "; \($0)" } ?? "")"
    }

    var exitCode: ExitStatus { (underlying as? any SkewFailure)?.exitCode ?? .software }
}

extension ClockStopped: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .negative }
}

extension AuthenticationRefused: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .noPermission }
}

extension TriesTooLow: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus { .noPermission }
}

extension Molto2Error: SkewFailure {
    var message: String { description }
    var exitCode: ExitStatus {
        switch self {
        case .unexpectedStatus, .malformedResponse, .seedLength, .allZeroSeed, .titleLength: return .badInput
        case .authenticationAlreadyAttempted, .notAuthenticated, .crypto: return .software
        }
    }
}

extension ProfileWritesInterrupted: SkewFailure {
    var message: String { "\((underlying as? any SkewFailure)?.message ?? String(describing: underlying))\n" + description.components(separatedBy: "\n").dropFirst().joined(separator: "\n") }
    var exitCode: ExitStatus { (underlying as? any SkewFailure)?.exitCode ?? .ioError }
}
