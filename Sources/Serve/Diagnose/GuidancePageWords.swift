import Diagnose

/// Diagnose's advice in the page's words: the library says what to do, the page names its own
/// control that does it (the command line names its commands and options instead: a person on the
/// page has no terminal).
extension Guidance {
    public var pageText: String {
        switch remedy {
        case nil: text
        case .syncTokenClock: "\(text): put the token on a reader and use Sync on the Token page"
        case .markHexSecret: "\(text) (choose \"hex\" under \"Seed text is\" only for hex secrets)"
        case .addNextCode: "\(text) (add the next code the token shows under \"Codes seen\")"
        case .timeEachCode: "\(text) (give each code the time it was seen)"
        }
    }
}

extension Diagnosis {
    /// Every explanation's fixes and the advice, worded for the page.
    var inPageWords: Diagnosis {
        var worded = self
        worded.explanations = explanations.map { explanation in
            var explanation = explanation
            explanation.fixes = explanation.fixes.map { Guidance($0.pageText) }
            return explanation
        }
        worded.advice = advice.map { Guidance($0.pageText) }
        return worded
    }
}
