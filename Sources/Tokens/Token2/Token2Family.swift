import TokenProtocol

/// The Token2 single-profile family before a token answers: recognised by GET INFO, its documented
/// harmless read.
extension Token2Device: FamilyDriver {
    static let displayName = "Token2 single-profile token"
    static let shortName = "Token2"
    static var probe: CommandAPDU { TokenCommand.getInfo }
    static let historyMethods: Set<String> = [measurementMethod, readbackMethod]
    static func recordedModel(token: String) -> String? { TokenModel.identify(serial: token)?.name }

    static func identify(_ link: TokenLink) throws -> any TokenDevice {
        let session = TokenSession(transport: link.transport)
        return Token2Device(link: link, session: session, reading: try session.getInfo())
    }

    /// An error status or a malformed GET INFO answer: a token of another family.
    static func foreignAnswer(_ error: any Error) -> String? {
        guard let error = error as? TokenError else { return nil }
        switch error {
        case .unexpectedStatus(_, let sw): return "status \(StatusWord.text(sw))"
        case .malformedResponse: return error.description
        default: return nil
        }
    }

    static func auditDryRun(allowAuthCheck: Bool, allowTimeWrite: Bool) -> String {
        "nothing more\(allowAuthCheck ? ", except \(TokenCommand.getChallenge.maskedHex) [GET CHALLENGE] and one 80 CE 00 00 10 … [AUTHENTICATE] with the published key" : "")"
    }

    /// None without the token: the plan depends on its model (GET INFO's serial).
    static func clockWriteDryRun(_ request: ClockWriteRequest, afterProbes: Bool) throws -> [String]? { nil }
}
