import Foundation
import OTPCore
import Provisioning
import SeedFiles
import TestSupport
import TokenEmulator
import TokenProtocol
import Tokens
import XCTest

/// The provisioning batch against virtual tokens in process on a fake clock: journal first, burn,
/// read back, exports from the journal, and the resume check of a write cut short. Counting the
/// WRITE SEED commands each virtual token received shows what was written, and how often.
final class ProvisionBatchTests: XCTestCase {
    private var folder: TemporaryFolder!
    private var clock: FakeClock!
    private var exported: [[SeedRecord]] = []
    private var displayAnswers: [String?] = []
    private var questions: [DisplayQuestion] = []

    override func setUpWithError() throws {
        folder = try TemporaryFolder("provision")
        clock = FakeClock(start: 1_800_000_010.37, perExchange: 0.0004)
        exported = []
        displayAnswers = []
        questions = []
    }

    private func header(count: Int, assignments: [Assignment] = []) -> BatchHeader {
        BatchHeader(batchID: "test", created: clock.time, count: count, algorithm: "SHA1", periodSeconds: 30, displayTimeoutSeconds: 30,
                    seedBytes: 20, model: nil, seedFile: nil, assignments: assignments, exports: [])
    }

    private func batch(_ journal: ProvisionJournal?, header: BatchHeader? = nil, seeds: SeedSource? = nil) throws -> ProvisionBatch {
        try ProvisionBatch(header: header ?? journal!.header, journal: journal,
                           seeds: seeds ?? .random(bytes: 20, generate: { try SecureRandom.bytes($0) }),
                           reference: ReferenceClock(hostOffset: nil, clock: clock),
                           readDisplay: { [unowned self] question in
                               questions.append(question)
                               return displayAnswers.isEmpty ? nil : displayAnswers.removeFirst()
                           },
                           rebuildExports: { [unowned self] in exported.append($0) })
    }

    /// A virtual token `offset` seconds off the fake host clock, on its own in-process reader.
    private func present(_ state: VirtualTokenState) throws -> (any TokenDevice, InProcessTransport) {
        let transport = InProcessTransport(token: VirtualToken(state: state, retryLimit: 3, infoPreset: .zeros), hostTime: clock.tick)
        return (try TokenDetector.detect(TokenLink(transport: transport, reader: "in process", clock: clock)), transport)
    }

    private func fresh(_ serial: String, offset: Double) -> VirtualTokenState {
        VirtualTokenState(serial: serial, model: TokenModel.identify(serial: serial),
                          clock: SimulatedClock(offset: offset, driftPPM: 0, start: clock.time))
    }

    private func seedWrites(_ transport: InProcessTransport) -> Int { transport.sent.filter { $0.name == "WRITE SEED" }.count }

    func testABatchJournalsEachSeedBeforeWritingAndExportsTheVerifiedTokensInOrder() throws {
        let path = folder.file("batch.journal").path
        let journal = try ProvisionJournal.create(path: path, header: header(count: 2, assignments: [Assignment(serial: nil, account: "a@example.com"),
                                                                                                      Assignment(serial: nil, account: "b@example.com")]))
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600, "the journal holds seeds")
        let batch = try batch(journal)
        var states: [VirtualTokenState] = []
        for (serial, offset) in [("86596220000011", 41.0), ("86596320000012", -7.0)] {
            let (token, transport) = try present(fresh(serial, offset: offset))
            let outcome = try batch.provision(token, dryRun: false, measureEdges: nil)
            XCTAssertEqual(outcome.result, .verified, outcome.note ?? "")
            XCTAssertTrue(outcome.written)
            // One reading after the write: the token keeps the reference time, known to ±0.5 s.
            XCTAssertEqual(try XCTUnwrap(outcome.offsetAfter), 0.5, accuracy: 0.01)
            XCTAssertEqual(try XCTUnwrap(outcome.uncertainty), 0.5, accuracy: 0.01)
            XCTAssertEqual(transport.token.state.clock.time(atHost: clock.time) - clock.time, 0, accuracy: 0.002)
            XCTAssertEqual(seedWrites(transport), 1)
            states.append(transport.token.state)
        }
        XCTAssertTrue(batch.isComplete)
        let journaled = try ProvisionJournal.open(path: path).entries
        XCTAssertEqual(journaled.map(\.event), [.intent, .verified, .intent, .verified])
        for (entry, state) in zip(journaled.filter { $0.event == .intent }, states) {
            XCTAssertEqual(try Base32.decode(XCTUnwrap(entry.seedBase32)), state.seed, "the journal holds the seed the token holds")
            XCTAssertEqual(try XCTUnwrap(entry.offsetBeforeSeconds), state.serial.hasSuffix("11") ? 41 : -7, accuracy: 0.51)
        }
        let last = try XCTUnwrap(exported.last)
        XCTAssertEqual(last.map(\.serial), ["86596220000011", "86596320000012"])
        XCTAssertEqual(last.map(\.account), ["a@example.com", "b@example.com"])
        XCTAssertEqual(last.map(\.secret.bytes), states.map(\.seed))
        XCTAssertEqual(last.map(\.model), ["OTPC-P2-i", "C302-i"])

        // Presented again: nothing but detection's read is sent, and a new token is refused.
        let (again, transport) = try present(states[0])
        XCTAssertEqual(try batch.provision(again, dryRun: false, measureEdges: nil).result, .alreadyDone)
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"])
        let (extra, extraTransport) = try present(fresh("86596220000013", offset: 0))
        XCTAssertEqual(try batch.provision(extra, dryRun: false, measureEdges: nil).result, .failed)
        XCTAssertEqual(seedWrites(extraTransport), 0)
    }

    func testAccountsByModelAndSerialAndMeasureAfterTheWrite() throws {
        let journal = try ProvisionJournal.create(path: folder.file("j").path,
                                                  header: header(count: 1, assignments: [Assignment(serial: "86596320000021", account: "c@example.com")]))
        let (token, _) = try present(fresh("86596320000021", offset: 3))
        let outcome = try batch(journal).provision(token, dryRun: false, measureEdges: 2)
        XCTAssertEqual(outcome.account, "c@example.com")
        XCTAssertEqual(try XCTUnwrap(outcome.measurement).observation.offset, 0, accuracy: 0.005, "measured after the write")
    }

    func testAJournalLineCutShortIsDroppedAndTheRestKept() throws {
        let path = folder.file("torn.journal").path
        let journal = try ProvisionJournal.create(path: path, header: header(count: 1))
        try journal.append(JournalEntry(event: .seedAbsent, serial: "1", time: 1))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"event\":\"verif".utf8))
        handle.closeFile()
        let reopened = try ProvisionJournal.open(path: path)
        XCTAssertEqual(reopened.entries.map(\.serial), ["1"])
        try reopened.append(JournalEntry(event: .seedAbsent, serial: "2", time: 2))
        XCTAssertEqual(try ProvisionJournal.open(path: path).entries.map(\.serial), ["1", "2"], "the torn line is gone, the new one whole")
        XCTAssertThrowsError(try ProvisionJournal.create(path: path, header: header(count: 1)), "a journal is never overwritten")
    }

    /// The journal of a run killed after its intent: the seed chosen for `serial`, the offset seen before.
    private func killedAfterIntent(serial: String, seed: [UInt8], offsetBefore: Double) throws -> ProvisionJournal {
        let path = folder.file("killed-\(serial).journal").path
        let journal = try ProvisionJournal.create(path: path, header: header(count: 1))
        var intent = JournalEntry(event: .intent, serial: serial, time: clock.time)
        intent.seedBase32 = Base32.encode(seed)
        intent.algorithm = "SHA1"
        intent.periodSeconds = 30
        intent.offsetBeforeSeconds = offsetBefore
        try journal.append(intent)
        return try ProvisionJournal.open(path: path)
    }

    private let seed = Array("12345678901234567890".utf8)

    func testResumeWritesWhenTheClockShowsTheConfigNeverArrived() throws {
        let journal = try killedAfterIntent(serial: "86596220000031", seed: seed, offsetBefore: 40)
        let (token, transport) = try present(fresh("86596220000031", offset: 40.2))
        let outcome = try batch(journal).provision(token, dryRun: false, measureEdges: nil)
        XCTAssertEqual(outcome.result, .verified)
        XCTAssertEqual(transport.token.state.seed, seed, "the journaled seed, not a new one")
        XCTAssertEqual(seedWrites(transport), 1)
        XCTAssertTrue(questions.isEmpty, "the clock decided; nobody was asked")
        XCTAssertEqual(try ProvisionJournal.open(path: journal.path).entries.map(\.resolvedBy), [nil, "clock", nil, "write"])
    }

    func testResumeWritesNothingWhenTheDisplayShowsTheJournaledSeed() throws {
        let journal = try killedAfterIntent(serial: "86596220000032", seed: seed, offsetBefore: 40)
        var written = fresh("86596220000032", offset: 0.0003)
        written.seed = seed
        displayAnswers = [written.displayCode(atHost: clock.time)]
        let (token, transport) = try present(written)
        let outcome = try batch(journal).provision(token, dryRun: false, measureEdges: nil)
        XCTAssertEqual(outcome.result, .foundOnToken, outcome.note ?? "")
        XCTAssertEqual(seedWrites(transport), 0, "never written twice")
        XCTAssertFalse(transport.sent.contains { $0.name == "AUTHENTICATE" })
        XCTAssertEqual(questions.map(\.serial), ["86596220000032"])
        XCTAssertEqual(exported.last?.map(\.secret.bytes), [seed], "found on the token, so exported")
    }

    func testResumeWritesTheSameSeedWhenTheDisplayShowsAnotherCode() throws {
        // Killed between config and seed: the clock is on time, the seed wiped.
        let journal = try killedAfterIntent(serial: "86596220000033", seed: seed, offsetBefore: 40)
        var configOnly = fresh("86596220000033", offset: 0.0003)
        configOnly.seed = nil
        displayAnswers = [""]
        let (token, transport) = try present(configOnly)
        XCTAssertEqual(try batch(journal).provision(token, dryRun: false, measureEdges: nil).result, .verified)
        XCTAssertEqual(transport.token.state.seed, seed)
        XCTAssertEqual(seedWrites(transport), 1)

        // A wrong code is no match either; no answer decides nothing and writes nothing.
        XCTAssertFalse(ResumeCheck.shows("000000", record: SeedRecord(serial: "x", secret: try Secret(bytes: seed)), at: clock.time))
        let undecided = try killedAfterIntent(serial: "86596220000034", seed: seed, offsetBefore: 0.2)
        let (other, otherTransport) = try present(fresh("86596220000034", offset: 0.2))
        XCTAssertEqual(try batch(undecided).provision(other, dryRun: false, measureEdges: nil).result, .unresolved)
        XCTAssertEqual(otherTransport.sent.map(\.name), ["GET INFO"])
    }

    func testALockedTokenStopsTheBatchAndTheJournalSaysNothingWasWritten() throws {
        let path = folder.file("lock.journal").path
        let journal = try ProvisionJournal.create(path: path, header: header(count: 2))
        var locked = fresh("86596220000041", offset: 5)
        locked.locked = true
        let (token, transport) = try present(locked)
        XCTAssertThrowsError(try batch(journal).provision(token, dryRun: false, measureEdges: nil)) { error in
            XCTAssertTrue(error is ProvisionStopped, "\(error)")
        }
        XCTAssertEqual(transport.sent.filter { $0.name == "AUTHENTICATE" }.count, 1, "never retried")
        XCTAssertEqual(try ProvisionJournal.open(path: path).entries.map(\.event), [.intent, .seedAbsent])
    }

    func testDryRunRecordsNothingAndSendsOnlyTheRead() throws {
        let (token, transport) = try present(fresh("86596220000051", offset: 5))
        let outcome = try batch(nil, header: header(count: 1)).provision(token, dryRun: true, measureEdges: nil)
        XCTAssertEqual(outcome.result, .dryRun)
        XCTAssertTrue(outcome.dryRunLines.contains { $0.contains("[WRITE SEED]") })
        XCTAssertEqual(transport.sent.map(\.name), ["GET INFO"])
    }

    func testImportedSeedsGoToTheirSerialsAndOthersAreRefused() throws {
        let record = SeedRecord(serial: "86596220000061", secret: try Secret(bytes: seed), parameters: OTPParameters(algorithm: .sha256, period: 60),
                                account: "d@example.com")
        let journal = try ProvisionJournal.create(path: folder.file("i").path, header: header(count: 2))
        let batch = try batch(journal, seeds: .imported([record.serial: record]))
        let (token, transport) = try present(fresh("86596220000061", offset: 5))
        let outcome = try batch.provision(token, dryRun: false, measureEdges: nil)
        XCTAssertEqual(outcome.result, .verified)
        XCTAssertEqual(outcome.account, "d@example.com")
        XCTAssertEqual(transport.token.state.seed, seed)
        XCTAssertEqual(transport.token.state.step, .seconds60)
        let (stranger, strangerTransport) = try present(fresh("86596220000062", offset: 5))
        let refused = try batch.provision(stranger, dryRun: false, measureEdges: nil)
        XCTAssertEqual(refused.result, .failed)
        XCTAssertTrue(refused.note?.contains("holds no seed for this serial") == true)
        XCTAssertEqual(strangerTransport.sent.map(\.name), ["GET INFO"])
    }
}
