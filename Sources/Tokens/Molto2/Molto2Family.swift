import TokenProtocol

/// The Token2 Molto2 family before a token answers: recognised by its own GET INFO
/// (`80 41 00 00 00`) answering a serial and a clock.
extension Molto2Device: FamilyDriver {
    static let displayName = "Token2 Molto2"
    static let shortName = "Molto2"
    static var probe: CommandAPDU { Molto2Command.getInfo }
    static let historyMethods: Set<String> = [measurementMethod, readbackMethod]
    /// A Molto2's serial names no model: there is one.
    static func recordedModel(token: String) -> String? { "Molto2" }

    static func identify(_ link: TokenLink) throws -> any TokenDevice {
        let session = Molto2Session(transport: link.transport)
        return Molto2Device(link: link, session: session, reading: try session.getInfo())
    }

    /// An error status or an answer that is not a GET INFO layout: a token of another family.
    static func foreignAnswer(_ error: any Error) -> String? {
        switch error as? Molto2Error {
        case .unexpectedStatus(_, let sw)?: return "status \(StatusWord.text(sw))"
        case .malformedResponse?: return "\(error)"
        default: return nil
        }
    }

    static func auditDryRun(allowAuthCheck: Bool, allowTimeWrite: Bool) -> String {
        "\(Molto2Command.readPublicData(Molto2Profile(0)!).maskedHex) … for profiles 0–99 [READ PUBLIC DATA]"
            + (allowAuthCheck ? ", \(Molto2Command.getChallenge.maskedHex) [GET CHALLENGE] and one 80 CE 00 00 10 … [AUTHENTICATE] with the factory key" : "")
            + "; with a profile allowed for the delete check, 80 E6 00 NN 00 [DELETE SEED] on that profile only, then its READ PUBLIC DATA"
    }

    static func clockWriteDryRun(_ request: ClockWriteRequest, afterProbes: Bool) throws -> [String]? { nil }
}
