/// SNTP (RFC 4330) packets: 48 bytes, timestamps as 32.32 fixed-point seconds since 1900.
///
/// Pure bytes in, bytes out; the client decides how they travel and which clock stamps them.
public struct SNTPPacket: Sendable, Equatable {
    /// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix).
    public static let unixEpochOffset: Double = 2_208_988_800
    public static let size = 48

    public var leapIndicator: UInt8
    public var version: UInt8
    public var mode: UInt8
    public var stratum: UInt8
    public var rootDelay: Double
    public var rootDispersion: Double
    public var referenceID: [UInt8]
    /// T1: client's transmit time, echoed by the server (raw 64-bit so the echo compares exactly).
    public var originateTimestamp: UInt64
    /// T2: server receive time.
    public var receiveTimestamp: UInt64
    /// T3: server transmit time.
    public var transmitTimestamp: UInt64

    /// A client request (mode 3, version 4) carrying `transmit` (Unix seconds) as its transmit time.
    public static func request(transmit: Double) -> (bytes: [UInt8], stamp: UInt64) {
        var bytes = [UInt8](repeating: 0, count: size)
        bytes[0] = 0 << 6 | 4 << 3 | 3
        let stamp = ntpTimestamp(unix: transmit)
        for index in 0..<8 { bytes[40 + index] = UInt8(truncatingIfNeeded: stamp >> UInt64(56 - 8 * index)) }
        return (bytes, stamp)
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case wrongSize(Int)
        case notAServerReply(mode: UInt8)
        case unsynchronised(leap: UInt8, stratum: UInt8)
        case kissOfDeath(code: String)
        case notOurRequest
        case zeroTransmitTime

        public var description: String {
            switch self {
            case .wrongSize(let size): return "the reply is \(size) bytes, not at least 48"
            case .notAServerReply(let mode): return "the reply has mode \(mode), not 4 (server)"
            case .unsynchronised(let leap, let stratum):
                return "the server says it is not synchronised (leap indicator \(leap), stratum \(stratum))"
            case .kissOfDeath(let code): return "the server refused with kiss code \(code)"
            case .notOurRequest: return "the reply does not echo our request's transmit time"
            case .zeroTransmitTime: return "the reply has no transmit time"
            }
        }
    }

    /// Parses a server reply and applies RFC 4330 §5's sanity checks against the request's stamp.
    public init(reply bytes: [UInt8], expectedOriginate: UInt64) throws(ParseError) {
        guard bytes.count >= Self.size else { throw .wrongSize(bytes.count) }
        leapIndicator = bytes[0] >> 6
        version = (bytes[0] >> 3) & 0x07
        mode = bytes[0] & 0x07
        stratum = bytes[1]
        rootDelay = Self.shortFormat(bytes, at: 4)
        rootDispersion = Self.shortFormat(bytes, at: 8)
        referenceID = Array(bytes[12..<16])
        originateTimestamp = Self.u64(bytes, at: 24)
        receiveTimestamp = Self.u64(bytes, at: 32)
        transmitTimestamp = Self.u64(bytes, at: 40)
        guard mode == 4 else { throw .notAServerReply(mode: mode) }
        if stratum == 0 {
            let code = String(decoding: referenceID, as: UTF8.self)
            if referenceID.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && leapIndicator != 3 { throw .kissOfDeath(code: code) }
            throw .unsynchronised(leap: leapIndicator, stratum: stratum)
        }
        guard leapIndicator != 3, stratum < 16 else { throw .unsynchronised(leap: leapIndicator, stratum: stratum) }
        guard originateTimestamp == expectedOriginate else { throw .notOurRequest }
        guard transmitTimestamp != 0 else { throw .zeroTransmitTime }
    }

    /// The reference ID as text for stratum 1 (a clock name such as `GPS` or `FAKE`), else dotted IPv4.
    public var referenceName: String {
        if stratum == 1 { return String(decoding: referenceID.prefix { $0 != 0 }, as: UTF8.self) }
        return referenceID.map(String.init).joined(separator: ".")
    }

    public static func ntpTimestamp(unix: Double) -> UInt64 {
        let ntp = unix + unixEpochOffset
        let seconds = ntp.rounded(.down)
        return UInt64(seconds) << 32 | UInt64(((ntp - seconds) * 4_294_967_296).rounded(.down))
    }

    public static func unixTime(ntp stamp: UInt64) -> Double {
        Double(stamp >> 32) - unixEpochOffset + Double(stamp & 0xFFFF_FFFF) / 4_294_967_296
    }

    private static func u64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[offset + $1]) }
    }

    private static func shortFormat(_ bytes: [UInt8], at offset: Int) -> Double {
        let raw = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
        return Double(raw) / 65_536
    }
}

/// One SNTP exchange: the four timestamps and what follows from them (RFC 4330 §5).
public struct SNTPSample: Sendable, Equatable {
    /// T1 and T4 are the client's clock; T2 and T3 the server's (all Unix seconds).
    public var t1: Double, t2: Double, t3: Double, t4: Double

    public init(t1: Double, t2: Double, t3: Double, t4: Double) {
        self.t1 = t1
        self.t2 = t2
        self.t3 = t3
        self.t4 = t4
    }

    /// Server clock minus client clock.
    public var offset: Double { ((t2 - t1) + (t3 - t4)) / 2 }
    /// Round-trip delay, less the server's own processing time.
    public var delay: Double { (t4 - t1) - (t3 - t2) }
}
