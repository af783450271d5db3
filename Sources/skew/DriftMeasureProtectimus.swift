import ArgumentParser
import Drift
import Foundation
import History
import OTPCore
import Reports
import TimeSources
import TokenProtocol

/// The options of measuring a token on a reader: which reader, which family, how fast to poll.
struct TokenMeasureOptions: ParsableArguments {
    @OptionGroup var readerOptions: ReaderOptions
    @OptionGroup var familyOption: TokenFamilyOption

    @Option(help: "Token on a reader: pause between READ OTP polls, in milliseconds (the edge is bracketed to about this plus one round trip).")
    var pollMs: Double = 2

    func validate() throws {
        guard pollMs >= 0, pollMs <= 1000 else { throw ValidationError("--poll-ms \(pollMs): give 0 to 1000 milliseconds") }
    }
}

extension DriftMeasureCommand {
    /// A token on a reader. A Protectimus token is measured from its own code: the moment the code
    /// changes, located with the secret (`OTPEdgeMeter`), recorded as method `otp-edge`.
    func measureTokenOnReader() throws {
        let (secret, resolvedParameters, uri) = try secret.resolve()
        var parameters = resolvedParameters
        guard parameters.digits == 6 else {
            throw InputError(input: "--digits", problem: "\(parameters.digits) digits, but a Protectimus token shows 6",
                             fix: "leave out --digits")
        }
        let hostOffset = try ntp.map { server in try SNTPClient(server: server).measure() }
        let connection = try tokenOptions.readerOptions.connect()
        defer { connection.close() }
        switch try tokenOptions.familyOption.detect(connection.session.transport) {
        case .token2:
            throw CLIFailure(message: "this is a Token2 token: its code cannot be read, so it is measured from its clock (GET INFO), which this build does not do yet. Fix: use --manual, or `skew token info` for a ±0.5 s offset.",
                             exitCode: .unavailable)
        case .protectimus(let info, _):
            parameters.period = try Self.protectimusPeriod(info: info, parameters: parameters,
                                                          periodGiven: self.secret.period != nil || uri?.period != nil)
        }
        let meter = OTPEdgeMeter(session: ProtectimusSession(transport: connection.session.transport),
                                 search: CodeSearch(secret: secret, parameters: parameters), range: range,
                                 pollInterval: tokenOptions.pollMs / 1000, sleep: { Thread.sleep(forTimeInterval: $0) })
        Console.info("Watching the token's code for its next change (up to \(parameters.period) s)…")
        let result = try meter.measure()
        connection.close()
        let observation = OffsetObservation(time: result.time, offset: result.offset, uncertainty: result.uncertainty)
        let token = "secret:\(secret.fingerprint)"
        let reference = hostOffset.map { "ntp:\($0.server)" } ?? "host"
        if !noRecord {
            try historyOptions.open().record(HistoryEvent(
                token: token, kind: .measurement, time: observation.time, offset: observation.offset,
                uncertainty: observation.uncertainty, reference: reference, hostOffset: hostOffset?.offset, method: "otp-edge"))
        }
        try output.emit(OffsetReport(
            token: token, method: "otp-edge", observation: observation, hostOffset: hostOffset?.offset,
            hostOffsetUncertainty: hostOffset?.uncertainty, reference: reference, measuringSeconds: result.elapsed,
            notes: ["Measured from the token's code: step \(result.counter) (code \(result.code)) began between two READ OTP polls \(String(format: "%.1f", result.uncertainty * 2000)) ms apart; \(result.readings) readings."]))
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
