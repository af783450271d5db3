import Foundation
import OTPCore

/// Sends at once and then at the start of every step, so a page's table moves to the next code when
/// the token does. What is sent at a step's start is prepared half a step before it begins (the codes
/// of a step do not depend on when they are computed), so at the boundary, where every open page
/// sends at the same moment, all that is left is the sending.
public struct StepTicker: Sendable {
    public var parameters: OTPParameters
    public var now: @Sendable () -> Double

    public init(parameters: OTPParameters, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.parameters = parameters
        self.now = now
    }

    /// `prepare` gets the moment its result is for: now, then each step's start. Runs until
    /// cancelled or until either closure throws.
    public func run<Prepared>(prepare: (Double) throws -> Prepared, send: (Prepared) async throws -> Void) async throws {
        var time = now()
        var prepared = try prepare(time)
        while true {
            try await send(prepared)
            time = Double(parameters.startOfStep(parameters.counter(at: time) + 1))
            try await sleep(until: time - Double(parameters.period) / 2)
            prepared = try prepare(time)
            try await sleep(until: time)
        }
    }

    private func sleep(until moment: Double) async throws {
        let wait = moment - now()
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
    }
}
