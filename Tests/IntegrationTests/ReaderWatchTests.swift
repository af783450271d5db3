import Foundation
import PCSC
import XCTest

/// `ReaderWatcher` on the real stack: pcscd with vpcd's two readers, a card that appears when
/// `skew emulate` connects and disappears when it stops.
/// The tests are synchronous on purpose: an emulator started from a Swift concurrency thread
/// inherits that thread's blocked SIGTERM and cannot be stopped by PID.
final class ReaderWatchTests: TokenStackTestCase {
    func testACardAppearsAndDisappearsOnItsOwnReader() throws {
        let watch = WatchedEvents()
        defer { watch.stop() }
        let first = try watch.next(within: 5)
        let added = first.compactMap { event -> ReaderStatus? in
            if case .readerAdded(let status) = event { return status } else { return nil }
        }
        XCTAssertEqual(added.map(\.name), [TokenHarness.reader, TokenHarness.emptyReader],
                       "the first element lists every reader: \(first)")
        XCTAssertEqual(added.map(\.cardPresent), [false, false])

        emulator = try EmulatorProcess([], waitForCard: false)
        let inserted = try watch.next(within: 10)
        guard case .cardInserted(let status)? = inserted.first, inserted.count == 1 else {
            return XCTFail("expected one card insertion, got \(inserted)")
        }
        XCTAssertEqual(status.name, TokenHarness.reader, "the card is on the emulator's reader, not the other one")
        XCTAssertFalse(status.atr.isEmpty, "an inserted card reports its ATR")

        emulator?.stop()
        emulator = nil
        XCTAssertEqual(try watch.next(within: 10), [.cardRemoved(reader: TokenHarness.reader)])
    }

    func testTheSecondReaderReportsItsOwnCard() throws {
        let watch = WatchedEvents()
        defer { watch.stop() }
        _ = try watch.next(within: 5)
        emulator = try EmulatorProcess([], waitForCard: false, slot: TokenHarness.secondSlot)
        let inserted = try watch.next(within: 10)
        guard case .cardInserted(let status)? = inserted.first else { return XCTFail("expected an insertion, got \(inserted)") }
        XCTAssertEqual(status.name, TokenHarness.emptyReader)
    }

    /// Nothing happens, nothing is reported: the watch waits instead of repeating snapshots.
    func testAQuietReaderSendsNothing() throws {
        let watch = WatchedEvents()
        defer { watch.stop() }
        _ = try watch.next(within: 5)
        XCTAssertThrowsError(try watch.next(within: 1.5), "nothing changed, yet the watch reported something")
    }

    func testChangesBetweenSnapshots() {
        let empty = ReaderStatus(name: "A", cardPresent: false, cardMute: false, atr: [])
        let card = ReaderStatus(name: "A", cardPresent: true, cardMute: false, atr: [0x3B, 0x00])
        let other = ReaderStatus(name: "A", cardPresent: true, cardMute: false, atr: [0x3B, 0x01])
        let b = ReaderStatus(name: "B", cardPresent: true, cardMute: false, atr: [0x3B])
        XCTAssertEqual(ReaderEvent.changes(from: [], to: [empty, b]), [.readerAdded(empty), .readerAdded(b)])
        XCTAssertEqual(ReaderEvent.changes(from: [empty], to: [card]), [.cardInserted(card)])
        XCTAssertEqual(ReaderEvent.changes(from: [card], to: [empty]), [.cardRemoved(reader: "A")])
        XCTAssertEqual(ReaderEvent.changes(from: [card], to: [card]), [])
        // A card swapped between two looks (a different ATR) is a removal and an insertion.
        XCTAssertEqual(ReaderEvent.changes(from: [card], to: [other]), [.cardRemoved(reader: "A"), .cardInserted(other)])
        XCTAssertEqual(ReaderEvent.changes(from: [card, b], to: [b]), [.readerRemoved(name: "A")])
    }

}

/// The elements of `ReaderWatcher.events()`, collected by a task, for a synchronous test to wait on.
private final class WatchedEvents: @unchecked Sendable {
    private let lock = NSCondition()
    private var batches: [[ReaderEvent]] = []
    private var ended = false
    private var task: Task<Void, Never>?

    init() {
        task = Task { [self] in
            do {
                for try await batch in ReaderWatcher.events() { lock.withLock { batches.append(batch); lock.broadcast() } }
            } catch {}
            lock.withLock { ended = true; lock.broadcast() }
        }
    }

    /// The next element, or an error after `seconds` or when the watch ended.
    func next(within seconds: Double) throws -> [ReaderEvent] {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while batches.isEmpty && !ended {
            guard lock.wait(until: deadline) else { throw HarnessError(description: "no reader event within \(seconds) s") }
        }
        guard !batches.isEmpty else { throw HarnessError(description: "the reader watch ended") }
        return batches.removeFirst()
    }

    func stop() { task?.cancel() }
}
