import OTPCore
import TokenProtocol

/// Sets a Protectimus token's clock to the reference clock (host, or true time through NTP) and
/// verifies the write by reading the code back.
///
/// The write carries a whole second T of the reference clock and is sent so that it arrives as T
/// begins (half a measured round trip early): a token that restarts its sub-second phase on a time
/// write (docs/token-protocol.md §13.7) is then aligned with the reference to about half a round trip. The
/// verification reads the code and checks it is the code of the reference clock's step for this
/// secret; when it is not, the fast search says which step the token shows instead.
public struct ProtectimusClockSync {
    public struct Result: TokenDetail {
        public var written: ProtectimusTime
        public var write: APDUExchange
        /// Whether the token answered SET TIME with a SET TIME frame (the answer's layout is unknown).
        public var acknowledged: Bool
        /// Token minus reference right after the write, estimated from when it was sent: the written
        /// second minus the reference time at which the write reached the token (mid round trip).
        public var offsetAfter: Double
        /// ± this much: half the write's round trip.
        public var uncertainty: Double
        /// Reference time at the middle of the write.
        public var time: Double
        public var readback: ProtectimusOTPReading
        /// Where the code read before the write sat against the reference step (as `readbackSteps`).
        public var beforeSteps: Int64?
        /// The read-back code's step minus the reference clock's step: 0 when the write took, nil
        /// when the code is not near the reference clock at all (seed changed, or another secret).
        public var readbackSteps: Int64?
        public var verified: Bool { readbackSteps == 0 }
    }

    public let session: ProtectimusSession
    public let search: CodeSearch
    /// Reference minus host wall clock, seconds (0 for the host clock itself; NTP's offset).
    public let referenceOffset: Double
    /// Steps each side to search when the read-back code is not the expected one.
    public let range: Int64
    /// The host clock the write is timed on (injected so tests run without real waiting).
    public let clock: any TokenClock

    public init(session: ProtectimusSession, search: CodeSearch, referenceOffset: Double, range: Int64, clock: any TokenClock) {
        self.session = session
        self.search = search
        self.referenceOffset = referenceOffset
        self.range = range
        self.clock = clock
    }

    /// The SET TIME the token would get if the write happened at reference time `reference`.
    public static func plannedTime(reference: Double, interval: Int) -> ProtectimusTime {
        ProtectimusTime(time: UInt32(clamping: Int64(reference.rounded(.up))), interval: UInt8(clamping: interval))
    }

    public func run() throws -> Result {
        let period = search.parameters.period
        // A read first: it measures the round trip and proves the token answers before anything is written.
        let probe = try session.readOTP()
        let lead = probe.exchange.roundTrip / 2
        // The next whole reference second at least 50 ms away, so the wait can be timed.
        let target = (clock.now() + referenceOffset + lead + 0.05).rounded(.up)
        let time = ProtectimusTime(time: UInt32(clamping: Int64(target)), interval: UInt8(clamping: period))
        let wait = target - referenceOffset - lead - clock.now()
        if wait > 0 { clock.sleep(wait) }
        let write = try session.setTime(time)
        let acknowledged: Bool
        if case .success(let frame) = ProtectimusFrame.parse(write.response.raw, marker: ProtectimusFrame.responseMarker) {
            acknowledged = frame.command == ProtectimusCommand.setTimeCode
        } else {
            acknowledged = false
        }
        let arrival = write.wallMidpoint + referenceOffset
        let readback = try session.readOTP()
        return Result(written: time, write: write, acknowledged: acknowledged, offsetAfter: Double(time.time) - arrival,
                      uncertainty: write.roundTrip / 2, time: arrival, readback: readback,
                      beforeSteps: try steps(of: probe), readbackSteps: try steps(of: readback))
    }

    /// Where the read-back code sits against the reference clock: 0 if it is the code of the
    /// reference step at the read's send or answer (a read may straddle a step boundary).
    private func steps(of reading: ProtectimusOTPReading) throws -> Int64? {
        let parameters = search.parameters
        let totp = TOTP(secret: search.secret, parameters: parameters)
        let sentStep = parameters.counter(at: reading.exchange.sent.wall + referenceOffset)
        let answeredStep = parameters.counter(at: reading.exchange.sent.wall + reading.exchange.roundTrip + referenceOffset)
        if [sentStep, answeredStep].contains(where: { totp.code(counter: $0) == reading.code }) { return 0 }
        let located = try Locator.locate(codes: [reading.code], search: search, time: reading.exchange.wallMidpoint + referenceOffset,
                                         range: range)
        return located.matches.min { abs($0.offsetSteps) < abs($1.offsetSteps) }?.offsetSteps
    }
}
