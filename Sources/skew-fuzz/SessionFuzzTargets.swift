import OTPCore
import TokenProtocol
import Tokens

extension FuzzTargets {
    /// Every host-side reader of token answers, in the order a real run meets them: detection, a
    /// Token2 session (GET INFO, GET CHALLENGE, AUTHENTICATE, both writes), a Protectimus session,
    /// then the two clock meters. The input is the token's side of the conversation: answers, each
    /// prefixed by its length byte. When the answers run out the card is "removed", so every loop
    /// ends. Whatever the answers, the host code throws or returns; a result it returns is sane.
    static func hostSession(_ bytes: [UInt8]) {
        let card = ScriptedCard(answers: bytes)
        _ = try? TokenDetector.detect(TokenLink(transport: card, reader: "fuzz", clock: card))

        let session = TokenSession(transport: card)
        if let reading = try? session.getInfo() {
            precondition(reading.offsetEstimate.isFinite, "a GET INFO reading gives a finite offset")
        }
        _ = try? session.authenticate()
        precondition(!session.isAuthenticated || card.lastStatus == StatusWord.success, "authenticated only on 90 00")
        _ = try? session.writeConfig(TokenConfig(time: 1_700_000_000))
        _ = try? session.writeSeed(Array("12345678901234567890".utf8))

        let protectimus = ProtectimusSession(transport: card)
        _ = try? protectimus.readInfo()
        if let reading = try? protectimus.readOTP() {
            precondition(reading.code.count == 6 && reading.code.allSatisfy(\.isASCII) && reading.code.allSatisfy(\.isNumber),
                         "a READ OTP code is six digits")
        }
        _ = try? protectimus.setTime(ProtectimusTime(time: 1_700_000_000, interval: 30))

        if let result = try? ClockEdgeMeter(session: TokenSession(transport: card), clock: card).measure() {
            precondition(result.offset.isFinite && result.uncertainty >= 0, "a measured offset is finite with a width")
        }
        let search = CodeSearch(secret: try! Secret(bytes: Array("12345678901234567890".utf8)), parameters: OTPParameters())
        if let result = try? OTPEdgeMeter(session: ProtectimusSession(transport: card), search: search, range: 3,
                                          clock: card).measure() {
            precondition(result.offset.isFinite && result.uncertainty >= 0, "a measured offset is finite with a width")
        }
    }
}

/// A card that plays back answers from the fuzz input, on a clock that moves 1 ms per exchange
/// plus whatever the caller sleeps, so timing code sees a consistent world.
private final class ScriptedCard: APDUTransport, TokenClock {
    struct Removed: Error {}

    private var answers: ArraySlice<UInt8>
    private var elapsed = 0.0
    private(set) var lastStatus: UInt16 = 0

    init(answers: [UInt8]) { self.answers = answers[...] }

    func now() -> Double { 1_700_000_000 + elapsed }
    func monotonic() -> Double { elapsed }
    func sleep(_ seconds: Double) { if seconds > 0, seconds.isFinite { elapsed += seconds } }

    func transmit(_ command: CommandAPDU) throws -> APDUExchange {
        guard let length = answers.first else { throw Removed() }
        let answer = Array(answers.dropFirst().prefix(Int(length)))
        answers = answers.dropFirst(1 + answer.count)
        let sent = HostInstant(monotonic: elapsed, wall: 1_700_000_000 + elapsed)
        elapsed += 0.001
        let response = try ResponseAPDU(raw: answer)
        lastStatus = response.sw
        return APDUExchange(command: command, response: response, sent: sent,
                            received: HostInstant(monotonic: elapsed, wall: 1_700_000_000 + elapsed))
    }

    /// The script simply goes on after a reconnect.
    func reconnect() throws {}
}
