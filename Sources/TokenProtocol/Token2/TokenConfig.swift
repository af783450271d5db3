import OTPCore

/// The WRITE CONFIG settings (docs/token-protocol.md §6): display timeout, clock, HMAC and step, sent as one
/// fixed 19-byte TLV. Every config write sets the clock.
public struct TokenConfig: Sendable, Equatable, Codable {
    public enum DisplayTimeout: UInt8, Sendable, Codable, CaseIterable {
        case seconds15 = 0x00, seconds30 = 0x01, seconds60 = 0x02, seconds120 = 0x03

        public var seconds: Int { [15, 30, 60, 120][Int(rawValue)] }
        public init?(seconds: Int) {
            guard let match = Self.allCases.first(where: { $0.seconds == seconds }) else { return nil }
            self = match
        }
    }

    public enum Algorithm: UInt8, Sendable, Codable, CaseIterable {
        case sha1 = 0x01, sha256 = 0x02

        public var hash: HashAlgorithm { self == .sha1 ? .sha1 : .sha256 }
    }

    public enum Step: UInt8, Sendable, Codable, CaseIterable {
        case seconds30 = 0x1E, seconds60 = 0x3C

        public var seconds: Int { Int(rawValue) }
    }

    public var displayTimeout: DisplayTimeout
    /// Unix seconds, UTC.
    public var time: UInt32
    public var algorithm: Algorithm
    public var step: Step

    /// The defaults every host uses (C2): SHA-1, 30 s step, 30 s display timeout.
    public init(time: UInt32, algorithm: Algorithm = .sha1, step: Step = .seconds30,
                displayTimeout: DisplayTimeout = .seconds30) {
        self.time = time
        self.algorithm = algorithm
        self.step = step
        self.displayTimeout = displayTimeout
    }

    /// `81 11 {1F 01 dd} {0F 04 time} 86 06 {0A 01 hh} {0D 01 ss}`.
    public var tlv: [UInt8] {
        [0x81, 0x11, 0x1F, 0x01, displayTimeout.rawValue, 0x0F, 0x04,
         UInt8(time >> 24), UInt8(time >> 16 & 0xFF), UInt8(time >> 8 & 0xFF), UInt8(time & 0xFF),
         0x86, 0x06, 0x0A, 0x01, algorithm.rawValue, 0x0D, 0x01, step.rawValue]
    }

    /// Parses exactly the layout hosts send; anything else (other lengths, orders or values) is nil.
    public init?(tlv: [UInt8]) {
        guard tlv.count == 19,
              tlv[0...3] == [0x81, 0x11, 0x1F, 0x01], tlv[5...6] == [0x0F, 0x04],
              tlv[11...14] == [0x86, 0x06, 0x0A, 0x01], tlv[16...17] == [0x0D, 0x01],
              let display = DisplayTimeout(rawValue: tlv[4]), let algorithm = Algorithm(rawValue: tlv[15]),
              let step = Step(rawValue: tlv[18])
        else { return nil }
        self.init(time: tlv[7...10].reduce(0) { $0 << 8 | UInt32($1) }, algorithm: algorithm, step: step,
                  displayTimeout: display)
    }
}
