import Foundation
import OTPCore

/// Calls back at once and then at the start of every step, so a page's table moves to the next code
/// when the token does. The time passed is the moment of the call, never before the step's start.
public struct StepTicker: Sendable {
    public var parameters: OTPParameters
    public var now: @Sendable () -> Double

    public init(parameters: OTPParameters, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.parameters = parameters
        self.now = now
    }

    /// Runs until cancelled or until `tick` throws.
    public func run(_ tick: (Double) async throws -> Void) async throws {
        var time = now()
        while true {
            try await tick(time)
            let next = Double(parameters.startOfStep(parameters.counter(at: time) + 1))
            let wait = next - now()
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            // A sleep that ends a hair early still shows the new step.
            time = max(now(), next)
        }
    }
}
