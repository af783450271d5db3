import OTPCore
import TokenProtocol

/// Everything the virtual Molto2 keeps across power cycles, as its `--state` file holds it: the
/// device clock, the clock model, K_M (never the customer key, which the device never learns),
/// the tries left, the screen lock and the 100 profiles.
public struct VirtualMolto2State: Sendable, Equatable, Codable {
    public var serial: String
    public var clock: SimulatedClock
    public var clockModel: Molto2ClockModel
    public var keyHex: String
    /// The try count a right answer restores; the count a fresh token starts with.
    public var maxTries: Int
    public var triesLeft: Int
    public var screenLocked: Bool
    public var profiles: [VirtualMolto2Profile]

    public init(serial: String, clock: SimulatedClock, clockModel: Molto2ClockModel, key: Molto2Key = .factory, maxTries: Int = 8) {
        self.serial = serial
        self.clock = clock
        self.clockModel = clockModel
        keyHex = Hex.encode(key.bytes)
        self.maxTries = maxTries
        triesLeft = maxTries
        screenLocked = false
        profiles = Array(repeating: .empty, count: Molto2Profile.count)
    }

    public var key: Molto2Key {
        get { Molto2Key(derived: (try? Hex.decode(keyHex)) ?? Molto2Key.factory.bytes) }
        set { keyHex = Hex.encode(newValue.bytes) }
    }

    /// The time profile `index` counts from at host time `host`: its own under the per-profile
    /// model once written, else the device clock.
    public func time(profile index: Int, atHost host: Double) -> Double {
        (profiles[index].clock ?? clock).time(atHost: host)
    }

    enum CodingKeys: String, CodingKey {
        case serial, clock, clockModel = "clock_model", keyHex = "key_hex", maxTries = "max_tries", triesLeft = "tries_left",
             screenLocked = "screen_locked", profiles
    }
}
