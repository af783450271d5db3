import Probe

/// The probe's notes in the command line's words: each setting a note names becomes its option.
extension ProbeSetting {
    var option: String {
        switch self {
        case .acceptanceRule: "--accept"
        case .resetCommand: "--reset-cmd"
        case .verifierCommand: "--cmd"
        case .range: "--range"
        case .centre: "--center"
        case .maxWait: "--max-wait"
        case .maxAttempts: "--max-attempts"
        case .maxFailures: "--max-failures"
        }
    }
}

extension ProbeNote {
    var commandLineText: String { worded(\.option) }
}

extension ProbeResult {
    /// The notes and the stop reason with options named, for the report.
    var inCommandLineWords: ProbeResult {
        var worded = self
        worded.notes = notes.map { ProbeNote(stringLiteral: $0.commandLineText) }
        worded.stopReason = stopReason.map { ProbeNote(stringLiteral: $0.commandLineText) }
        return worded
    }
}
