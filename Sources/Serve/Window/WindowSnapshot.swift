import OTPCore
import Reports

/// What the window page shows at one moment: the codes around it exactly as `skew window -f json`
/// reports them, and the seed data panel exactly as `skew seed show --show-secrets` does.
public struct WindowSnapshot: Encodable {
    public var type = "window"
    public var window: WindowReport
    /// Nil before T0, where no step has begun.
    public var seed: SeedShowReport?

    public init(secret: Secret, parameters: OTPParameters, time: Double, radius: Int) {
        window = WindowReport(window: CodeWindow(totp: TOTP(secret: secret, parameters: parameters), time: time, radius: radius))
        seed = time >= Double(parameters.t0)
            ? SeedShowReport(secret: secret, parameters: parameters, at: time, showSecret: true) : nil
    }
}

/// The window page's request: the seed, and how many steps each side to show.
public struct WindowRequest: Decodable, Sendable {
    public var seed: SeedInput
    public var steps: Int?

    /// The same limit as `skew window --steps`, less the CLI's far end: a page shows at most 50 rows each side.
    static let radiusRange = 0...50

    func radius() throws(InputError) -> Int {
        let radius = steps ?? 3
        guard Self.radiusRange.contains(radius) else {
            throw InputError(input: "steps", problem: "\(radius) is outside 0…50", fix: "show up to 50 steps each side")
        }
        return radius
    }
}
