import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// The Molto2 through the family-neutral face against the virtual Molto2 in process on a fake host
/// clock, under both clock models: reads without the key, the GET INFO clock's offset, detection
/// among the three families on one reader, and the audit.
final class Molto2WorkflowTests: XCTestCase {
    private static let serial = "826658710000001"

    private func molto2(offset: Double, model: Molto2ClockModel, clock: FakeClock, key: Molto2Key = .factory,
                        configure: (inout VirtualMolto2State) -> Void = { _ in }) -> VirtualMolto2 {
        var state = VirtualMolto2State(serial: Self.serial, clock: SimulatedClock(offset: offset, driftPPM: 0, start: clock.time),
                                       clockModel: model, key: key)
        configure(&state)
        return VirtualMolto2(state: state)
    }

    private func detect(_ card: VirtualMolto2, clock: FakeClock, reader: String = "in process") throws -> (any TokenDevice, InProcessCardTransport<VirtualMolto2>) {
        let transport = InProcessCardTransport(token: card, hostTime: clock.tick)
        return (try TokenDetector.detect(TokenLink(transport: transport, reader: reader, clock: clock)), transport)
    }

    private static func seeded(_ state: inout VirtualMolto2State) {
        state.profiles[3].title = "GitHub"
        state.profiles[3].seed = Array("12345678901234567890".utf8)
        state.profiles[3].digits = .eight
        state.profiles[3].step = .seconds60
        state.profiles[3].algorithm = .sha256
        state.profiles[42].title = "spare"
    }

    func testInfoReadsEveryProfileWithoutTheKey() throws {
        for model in Molto2ClockModel.allCases {
            let clock = FakeClock(start: 1_800_000_000.25, perExchange: 0.0004)
            let (token, transport) = try detect(molto2(offset: 12.5, model: model, clock: clock, configure: Self.seeded), clock: clock)
            XCTAssertEqual(token.identity, TokenIdentity(family: .molto2, reader: "in process", serial: Self.serial, model: "Molto2"))
            let detail = try XCTUnwrap(try token.describe().detail as? Molto2InfoDetail)
            XCTAssertEqual(detail.reading.offsetEstimate, 12.5, accuracy: 0.51)
            XCTAssertEqual(detail.profiles.count, 100)
            let github = detail.profiles[3].data
            XCTAssertEqual([github.title, "\(github.seedPresent)", "\(github.digits)", "\(github.stepSeconds)"], ["GitHub", "true", "8", "60"])
            XCTAssertEqual(github.algorithm, .sha256)
            XCTAssertEqual(detail.profiles[42].data.title, "spare")
            XCTAssertFalse(detail.profiles[42].data.seedPresent)
            XCTAssertEqual(detail.profiles.filter(\.data.seedPresent).map(\.profile.number), [3])
            let names = Set(transport.sent.map(\.name))
            XCTAssertEqual(names, ["GET INFO", "READ INFO", "READ PUBLIC DATA"], "\(model): reads only (detection on an unnamed reader asks the other families first)")
            XCTAssertEqual(transport.token.state, molto2(offset: 12.5, model: model, clock: FakeClock(start: 1_800_000_000.25, perExchange: 0), configure: Self.seeded).state,
                           "nothing changed on the token")
        }
    }

    /// The device clock that GET INFO reports, to the millisecond, over fractional offsets and both clock models.
    func testOffsetOfTheGetInfoClockOverAGrid() throws {
        for model in Molto2ClockModel.allCases {
            for offset in [-3.2371, -0.999, -0.5, -0.0005, 0.0005, 0.25, 0.9995, 1.5, 7.4] {
                let clock = FakeClock(start: 1_800_000_000.123, perExchange: 0.0003)
                let (token, transport) = try detect(molto2(offset: offset, model: model, clock: clock), clock: clock)
                let measured = try token.measureOffset(OffsetRequest(fineEdges: 2, account: { throw CancellationError() }, range: 10, pollInterval: 0.002))
                XCTAssertEqual(measured.observation.offset, offset, accuracy: 0.001, "\(model) offset \(offset)")
                XCTAssertEqual(measured.method, "molto2-get-info-edge")
                XCTAssertEqual(measured.token, Self.serial)
                XCTAssertTrue(transport.sent.suffix(from: 3).allSatisfy { $0.bytes == Molto2Command.getInfo.bytes })
            }
        }
    }

    /// Molto2, Token2 and Protectimus swapped on one reader in every order: each is recognised by reads only.
    func testDetectionOfEachFamilyInAnyOrderOnOneReader() throws {
        let clock = FakeClock(start: 1_800_000_000, perExchange: 0.0004)
        let cards: [TokenFamily: any EmulatedCard] = [
            .molto2: molto2(offset: 0, model: .device, clock: clock),
            .token2: VirtualToken(state: VirtualTokenState(serial: "86596320000001", model: TokenModel.named("C302-i"),
                                                           clock: SimulatedClock(offset: 0, driftPPM: 0, start: clock.time)),
                                  retryLimit: nil, infoPreset: .tlvHypothesis),
            .protectimus: VirtualProtectimus(clock: SimulatedClock(offset: 0, driftPPM: 0, start: clock.time),
                                             seed: try Secret(bytes: Array("12345678901234567890".utf8)), interval: 30),
        ]
        let orders: [[TokenFamily]] = [[.molto2, .token2, .protectimus], [.molto2, .protectimus, .token2], [.token2, .molto2, .protectimus],
                                       [.token2, .protectimus, .molto2], [.protectimus, .molto2, .token2], [.protectimus, .token2, .molto2]]
        let writes: Set<UInt8> = [0xD4, 0xC5, 0xD5, 0xD7, 0xE6, 0x56, 0xCE, 0x12]
        for order in orders {
            let transport = InProcessCardTransport(token: SwappableCard(card: cards[order[0]]!), hostTime: clock.tick)
            let link = TokenLink(transport: transport, reader: "Virtual PCD 00 00", clock: clock)
            for family in order {
                transport.token = SwappableCard(card: cards[family]!)
                XCTAssertEqual(try TokenDetector.detect(link).identity.family, family, "\(order)")
            }
            XCTAssertFalse(transport.sent.contains { writes.contains($0.bytes[1]) || ($0.bytes.first == 0x86 && $0.bytes.count > 2 && $0.bytes[2] == 0x12) },
                           "reads only: \(transport.sent.map(\.name))")
        }
    }

    /// On a reader the driver names Molto2, the Molto2 is asked first and sees no other family's command.
    func testAReaderNamedMoltoAsksTheMolto2First() throws {
        let clock = FakeClock(start: 1_800_000_000, perExchange: 0.0004)
        let (token, transport) = try detect(molto2(offset: 0, model: .device, clock: clock), clock: clock, reader: "TOKEN2 Molto2 [CCID Interface] 00 00")
        XCTAssertEqual(token.identity.family, .molto2)
        XCTAssertEqual(transport.sent.map(\.bytes), [Molto2Command.getInfo.bytes])
        XCTAssertEqual(TokenDetector.order(reader: "Virtual PCD 00 00"), [.token2, .protectimus, .molto2])
    }

    private func audit(_ token: any TokenDevice, auth: Bool, expendable: Int? = nil) throws -> TokenAudit {
        try token.audit(AuditRequest(allowTimeWrite: false, allowAuthCheck: auth, expendableProfile: expendable,
                                     reference: { throw CancellationError() }, account: { throw CancellationError() }))
    }

    func testAuditReadsOnlyUnlessAllowed() throws {
        let clock = FakeClock(start: 1_800_000_000, perExchange: 0.0004)
        let (token, transport) = try detect(molto2(offset: 0, model: .device, clock: clock, configure: Self.seeded), clock: clock)
        let readsOnly = try audit(token, auth: false)
        XCTAssertEqual(readsOnly.findings.first { $0.id == "access-key" }?.status, .notTested)
        XCTAssertEqual(readsOnly.findings.first { $0.id == "delete-unauthenticated" }?.status, .notTested)
        XCTAssertEqual(readsOnly.writesSent, [])
        XCTAssertEqual(readsOnly.findings.first { $0.id == "access-key" }?.test, .authenticationCheck)
        XCTAssertEqual(readsOnly.findings.first { $0.id == "access-key" }?.remedy, .changeCustomerKey)
        XCTAssertEqual(readsOnly.findings.first { $0.id == "delete-unauthenticated" }?.test, .deleteCheck)
        XCTAssertEqual(Set(transport.sent.map(\.name)), ["GET INFO", "READ INFO", "READ PUBLIC DATA"])

        let checked = try audit(token, auth: true, expendable: 3)
        XCTAssertEqual(checked.findings.first { $0.id == "access-key" }?.status, .vulnerable, "the factory key works")
        XCTAssertEqual(checked.findings.first { $0.id == "delete-unauthenticated" }?.status, .vulnerable)
        XCTAssertFalse(transport.token.state.profiles[3].seedHex != nil, "the expendable profile lost its seed")
        XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1)
        XCTAssertEqual(checked.writesSent.count, 1)
    }

    /// A changed customer key: the factory key is refused once, and the tries left are reported.
    func testAuditOfAChangedKeyReportsTriesLeftAfterOneAttempt() throws {
        let clock = FakeClock(start: 1_800_000_000, perExchange: 0.0004)
        let (token, transport) = try detect(molto2(offset: 0, model: .device, clock: clock, key: Molto2Key(customerKey: Array("mine".utf8))), clock: clock)
        let result = try audit(token, auth: true, expendable: 5)
        XCTAssertEqual(result.findings.first { $0.id == "access-key" }?.status, .notVulnerable)
        let tries = try XCTUnwrap(result.findings.first { $0.id == "tries-left" })
        XCTAssertTrue(tries.evidence.contains("63 C7") && tries.evidence.contains("7 tries left"), tries.evidence)
        XCTAssertEqual(result.findings.first { $0.id == "delete-unauthenticated" }?.status, .notTested, "profile 5 holds no seed")
        XCTAssertEqual(transport.token.state.triesLeft, 7)
        XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1)
    }
}
