import Drift
import Foundation
import OTPCore
import TokenProtocol

/// A Protectimus SLIM NFC behind the family-neutral face. It reports no serial and no clock: its
/// clock is measured from its code (read over NFC, located with the secret) and set with SET TIME,
/// which needs no authentication and keeps the seed (docs/token-protocol.md §11.2). Every workflow
/// that reads codes needs the account's secret.
public final class ProtectimusDevice: TokenDevice {
    /// The history's `method` for a code-edge measurement, and for a sync's read-back.
    static let measurementMethod = "otp-edge"
    static let readbackMethod = "otp-readback"

    public let session: ProtectimusSession
    /// The READ INFO answer detection got.
    public let info: ProtectimusInfo
    public let identity: TokenIdentity
    let infoExchange: APDUExchange
    let link: TokenLink

    init(link: TokenLink, session: ProtectimusSession, info: ProtectimusInfo, infoExchange: APDUExchange) {
        self.link = link
        self.session = session
        self.info = info
        self.infoExchange = infoExchange
        identity = TokenIdentity(family: .protectimus, reader: link.reader, model: "Protectimus SLIM NFC", firmware: info.firmware)
    }

    /// READ INFO's fields and the code read now with READ OTP.
    public func describe() throws -> TokenDescription {
        let otp = try session.readOTP()
        return TokenDescription(identity: identity, roundTrip: infoExchange.roundTrip, detail: ProtectimusInfoDetail(info: info, code: otp))
    }

    public func reread() throws -> APDUExchange { try session.readInfo().exchange }

    /// Times the code changing (`OTPEdgeMeter`), recorded as method `otp-edge` under the secret's
    /// fingerprint (the token reports no serial).
    public func measureOffset(_ request: OffsetRequest) throws -> OffsetMeasurement {
        let account = try request.account()
        guard account.parameters.digits == 6 else {
            throw TokenRequestError.protectimusDigits(account.parameters.digits)
        }
        var parameters = account.parameters
        parameters.period = try period(for: account)
        let meter = OTPEdgeMeter(session: session, search: CodeSearch(secret: account.secret, parameters: parameters), range: request.range,
                                 pollInterval: request.pollInterval, clock: link.clock)
        link.notice("Watching the token's code for its next change (up to \(parameters.period) s)…")
        let result = try meter.measure()
        let observation = OffsetObservation(time: result.time, offset: result.offset, uncertainty: result.uncertainty)
        return OffsetMeasurement(token: "secret:\(account.secret.fingerprint)", method: Self.measurementMethod, observation: observation,
                                 seconds: result.elapsed,
                                 notes: ["Measured from the token's code: step \(result.counter) (code \(result.code)) began between two READ OTP polls \(String(format: "%.1f", result.uncertainty * 2000)) ms apart; \(result.readings) readings on \(link.reader)."])
    }

    /// SET TIME of a whole reference second, verified by reading the code back, which needs the secret.
    public func planClockWrite(_ request: ClockWriteRequest) throws -> ClockWritePlan {
        if request.profiles != nil { throw TokenCapabilityError.noProfiles(.protectimus, request: .profiles) }
        link.notice("The token on \(link.reader) is a Protectimus SLIM NFC: its clock is set with SET TIME, which needs no authentication.")
        guard let account = request.account else {
            throw TokenRequestError.protectimusSecretNeeded
        }
        let listing = request.dryRun ? Self.setTimeDryRun(period: account.parameters.period, now: link.clock.now(), afterProbes: false) : []
        return ClockWritePlan(identity: identity, summary: nil, warnings: [], dryRun: listing) { [self] in
            let result = try clockSync(account: account, reference: request.reference, range: request.range).run()
            return ClockWriteResult(identity: identity, reference: request.reference, offsetAfter: result.offsetAfter,
                                    uncertainty: result.uncertainty, time: result.time, verified: result.verified,
                                    unverified: TokenAdvice("the code read back after SET TIME is not the secret's code for the reference time: the token ignored the write, or its seed is not this secret",
                                                            remedies: [.inspectToken, .locateCode]),
                                    historyToken: "secret:\(account.secret.fingerprint)", historyMethod: Self.readbackMethod,
                                    detail: result, seedCodes: nil)
        }
    }

    public func setClock(_ plan: ClockWritePlan) throws -> ClockWriteResult { try plan.perform() }

    public func planBurn(_ request: BurnRequest, reference: ReferenceClock) throws -> ClockWritePlan {
        throw TokenCapabilityError(family: .protectimus, intent: "burn",
                                   reason: "how its seed is written is unknown (docs/token-protocol.md §11.2). Fix: burn a Token2 token, or enrol this one with its vendor's tools")
    }

    /// The clock write of an account on this token: its step checked against the token's interval.
    func clockSync(account: TokenAccount, reference: ReferenceClock, range: Int64) throws -> ProtectimusClockSync {
        var parameters = account.parameters
        parameters.period = try period(for: account)
        guard parameters.digits == 6, (1...255).contains(parameters.period) else {
            throw TokenRequestError.protectimusSettings(digits: parameters.digits, period: parameters.period)
        }
        return ProtectimusClockSync(session: session, search: CodeSearch(secret: account.secret, parameters: parameters),
                                    referenceOffset: reference.correction, range: range, clock: link.clock)
    }

    /// The step length: the token's own (READ INFO) unless the account's is given, in which case
    /// they must agree.
    func period(for account: TokenAccount) throws(TokenRequestError) -> Int {
        guard let interval = info.intervalSeconds else { return account.parameters.period }
        if !account.periodGiven { return interval }
        guard interval == account.parameters.period else {
            throw .periodDisagrees(given: account.parameters.period, token: interval)
        }
        return interval
    }

    /// READ OTP, SET TIME of the next whole second and READ OTP again, as a dry run lists them.
    static func setTimeDryRun(period: Int, now: Double, afterProbes: Bool) -> [String] {
        let time = ProtectimusClockSync.plannedTime(reference: now, interval: period)
        return [
            "\(afterProbes ? "then" : "would send"): \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: round trip, and proof the token answers]",
            "then at the next whole second: \(ProtectimusCommand.setTime(time).maskedHex)  [SET TIME, e.g. \(Timestamp.iso(Double(time.time))) = \(time.counter) × \(time.interval) + \(time.remainder)]",
            "then: \(ProtectimusCommand.readOTP.maskedHex)  [READ OTP: verify]",
        ]
    }
}
