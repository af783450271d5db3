import Tokens

/// The token layer's remedies in the command line's words: the commands and options that apply them.
extension TokenRemedy {
    var commandLineText: String {
        switch self {
        case .inspectToken: "check with `skew token info`"
        case .writeAgain(let write): "run `skew \(write.rawValue)` again"
        case .locateCode: "find the step of the code it shows with `skew locate`"
        case .rewriteUnfinishedProfiles: "rerun for the profiles that need it"
        case .deleteProfileAndBurn(let profile): "delete the profile (`skew token delete --profile \(profile)`) and burn again"
        case .changeCustomerKey: "`skew token set-key`"
        }
    }
}

extension TokenAdvice {
    /// The remedies worded and joined in order, nil when there are none.
    var commandLineRemedies: String? {
        remedies.isEmpty ? nil : remedies.map(\.commandLineText).joined(separator: ", then ")
    }

    /// As an error message: "sentence. Fix: remedies".
    var commandLineMessage: String { commandLineRemedies.map { "\(text). Fix: \($0)" } ?? text }

    /// As a clause of a longer line: "sentence; remedies".
    var commandLineClause: String { commandLineRemedies.map { "\(text); \($0)" } ?? text }
}

extension AuditRequest.Permission {
    /// The sentence that tells how to allow the check.
    var commandLineText: String {
        switch self {
        case .timeWrite: "Test it with --allow-time-write and the secret."
        case .authenticationCheck: "Try it with --allow-auth-check."
        case .deleteCheck: "Test it with --allow-delete-check N, naming a profile whose seed you can lose."
        }
    }
}

extension TokenAudit {
    /// The findings with the options that test them and the commands that fix them worded in.
    var inCommandLineWords: TokenAudit {
        var worded = self
        worded.findings = findings.map { finding in
            var finding = finding
            if let test = finding.test { finding.evidence += " " + test.commandLineText }
            if let remedy = finding.remedy { finding.fix += " Use \(remedy.commandLineText)." }
            finding.test = nil
            finding.remedy = nil
            return finding
        }
        return worded
    }
}
