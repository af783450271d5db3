import ArgumentParser
import Drift
import Foundation
import OTPCore
import TokenProtocol

/// The options of measuring a token whose family may be Protectimus: which family, how fast to poll.
struct TokenMeasureOptions: ParsableArguments {
    @OptionGroup var familyOption: TokenFamilyOption

    @Option(help: "Protectimus: pause between READ OTP polls, in milliseconds (the code's change is bracketed to about this plus one round trip).")
    var pollMs: Double = 2

    func validate() throws {
        guard pollMs >= 0, pollMs <= 1000 else { throw ValidationError("--poll-ms \(pollMs): give 0 to 1000 milliseconds") }
    }
}

extension DriftMeasureCommand {
    /// A Protectimus token is measured from its own code: the moment the code changes, located with
    /// the secret (`OTPEdgeMeter`), recorded as method `otp-edge` under the secret's fingerprint
    /// (the token reports no serial).
    func measureProtectimus(info: ProtectimusInfo, connection: TokenConnection) throws -> Measured {
        let (secret, resolvedParameters, uri) = try secret.resolve()
        var parameters = resolvedParameters
        guard parameters.digits == 6 else {
            throw InputError(input: "--digits", problem: "\(parameters.digits) digits, but a Protectimus token shows 6",
                             fix: "leave out --digits")
        }
        parameters.period = try Self.protectimusPeriod(info: info, parameters: parameters,
                                                       periodGiven: self.secret.period != nil || uri?.period != nil)
        let meter = OTPEdgeMeter(session: ProtectimusSession(transport: connection.session.transport),
                                 search: CodeSearch(secret: secret, parameters: parameters), range: range,
                                 pollInterval: tokenOptions.pollMs / 1000, sleep: { Thread.sleep(forTimeInterval: $0) })
        Console.info("Watching the token's code for its next change (up to \(parameters.period) s)…")
        let result = try meter.measure()
        let observation = OffsetObservation(time: result.time, offset: result.offset, uncertainty: result.uncertainty)
        return Measured(token: "secret:\(secret.fingerprint)", method: "otp-edge", observation: observation, seconds: result.elapsed,
                        notes: ["Measured from the token's code: step \(result.counter) (code \(result.code)) began between two READ OTP polls \(String(format: "%.1f", result.uncertainty * 2000)) ms apart; \(result.readings) readings on \(connection.reader)."])
    }

    /// The step length: the token's own (READ INFO) unless --period or the URI says otherwise, in
    /// which case they must agree.
    static func protectimusPeriod(info: ProtectimusInfo, parameters: OTPParameters, periodGiven: Bool) throws(InputError) -> Int {
        guard let interval = info.intervalSeconds else { return parameters.period }
        if !periodGiven { return interval }
        guard interval == parameters.period else {
            throw InputError(input: "--period", problem: "\(parameters.period) s, but the token reports a \(interval) s interval",
                             fix: "give --period \(interval) or leave it out")
        }
        return interval
    }
}
