import Diagnose

/// Diagnose's advice in the command line's words: the library says what to do, the CLI adds the
/// command or option that does it (the same split as `InputError.commandLineFix`).
extension Guidance {
    var commandLineText: String {
        switch remedy {
        case nil: text
        case .syncTokenClock: "\(text): run `skew sync`"
        case .markHexSecret: "\(text) (--hex only for hex secrets)"
        case .addNextCode: "\(text) (another --code)"
        case .timeEachCode: "\(text) (give each code its own --at)"
        }
    }

    /// The same advice with the remedy worded in, for reports that print the text.
    var inCommandLineWords: Guidance { Guidance(commandLineText) }
}

extension Diagnosis {
    /// Every explanation's fixes and the advice, worded for the command line.
    var inCommandLineWords: Diagnosis {
        var worded = self
        worded.explanations = explanations.map { explanation in
            var explanation = explanation
            explanation.fixes = explanation.fixes.map(\.inCommandLineWords)
            return explanation
        }
        worded.advice = advice?.inCommandLineWords
        return worded
    }
}
