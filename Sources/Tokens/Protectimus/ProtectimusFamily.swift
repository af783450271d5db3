import OTPCore
import TokenProtocol

/// The Protectimus SLIM NFC family before a token answers: recognised by READ INFO.
extension ProtectimusDevice: FamilyDriver {
    static let displayName = "Protectimus SLIM NFC"
    static let shortName = "Protectimus"
    static var probe: CommandAPDU { ProtectimusCommand.readInfo }
    static let historyMethods: Set<String> = [measurementMethod, readbackMethod]
    /// The history names a Protectimus token by its secret's fingerprint; no model follows from it.
    static func recordedModel(token: String) -> String? { nil }

    static func identify(_ link: TokenLink) throws -> any TokenDevice {
        let session = ProtectimusSession(transport: link.transport)
        let (info, exchange) = try session.readInfo()
        return ProtectimusDevice(link: link, session: session, info: info, infoExchange: exchange)
    }

    /// Any answer that is not a READ INFO frame: a token of another family.
    static func foreignAnswer(_ error: any Error) -> String? {
        (error as? ProtectimusError)?.description
    }

    static func auditDryRun(allowAuthCheck: Bool, allowTimeWrite: Bool) -> String {
        "\(ProtectimusCommand.readOTP.maskedHex)  [READ OTP]\(allowTimeWrite ? ", and one SET TIME of the current true second (86 0A 12 …), then READ OTP to verify" : "")"
    }

    /// The clock write's `--dry-run` listing without a token: the period comes from the account.
    static func clockWriteDryRun(_ request: ClockWriteRequest, afterProbes: Bool) throws -> [String]? {
        guard let account = request.account else {
            throw TokenRequestError.protectimusSecretNeeded
        }
        return setTimeDryRun(period: account.parameters.period, now: request.reference.clock.now(), afterProbes: afterProbes)
    }
}
