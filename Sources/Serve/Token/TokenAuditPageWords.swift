import Tokens

/// The token layer's remedies in the token page's words: what to do, and where, on the page or
/// with the command line where the page has no control for it.
extension TokenRemedy {
    var pageText: String {
        switch self {
        case .inspectToken: "check the token's identity at the top of this page"
        case .writeAgain(let write): "\(write.rawValue) it again (preview, then write)"
        case .locateCode: "find the step of the code it shows (Window page)"
        case .rewriteUnfinishedProfiles: "write again the profiles that need it"
        case .deleteProfileAndBurn(let profile): "delete profile \(profile) and burn it again"
        case .changeCustomerKey: "change the customer key"
        }
    }
}

extension TokenAudit {
    /// The findings with the page's words for what would test them and what fixes them.
    var inPageWords: TokenAudit {
        var worded = self
        worded.findings = findings.map { finding in
            var finding = finding
            if finding.test != nil { finding.evidence += " The page's audit only reads; the command line's audit can test it." }
            if let remedy = finding.remedy { finding.fix += " Then \(remedy.pageText)." }
            finding.test = nil
            finding.remedy = nil
            return finding
        }
        return worded
    }
}
