import CPCSC
import Foundation

/// One change pcscd reported: a reader plugged in or out, a card put on a reader or taken off.
/// A card that is there but mute counts as present: a page can say "the card does not answer".
public enum ReaderEvent: Sendable, Equatable {
    case readerAdded(ReaderStatus)
    case readerRemoved(name: String)
    case cardInserted(ReaderStatus)
    case cardRemoved(reader: String)

    /// The events that lead from `before` to `after` (two snapshots of every reader): removals
    /// first, then additions and insertions in pcscd's reader order. A reader that appears with a
    /// card gives `readerAdded` (whose status says the card is there) and no separate insertion.
    public static func changes(from before: [ReaderStatus], to after: [ReaderStatus]) -> [ReaderEvent] {
        let old = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(after.map(\.name))
        var events: [ReaderEvent] = before.filter { !new.contains($0.name) }.map { .readerRemoved(name: $0.name) }
        for status in after {
            guard let previous = old[status.name] else {
                events.append(.readerAdded(status))
                continue
            }
            if previous.cardPresent && (!status.cardPresent || previous.atr != status.atr) {
                events.append(.cardRemoved(reader: status.name))
            }
            if status.cardPresent && (!previous.cardPresent || previous.atr != status.atr) {
                events.append(.cardInserted(status))
            }
        }
        return events
    }
}

extension PCSCContext {
    /// pcsc-lite's pseudo reader whose state changes when a reader is plugged in or out.
    private static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    /// Calls `report` with the status of every reader now, then again after every change pcscd
    /// reports (a reader plugged in or out, a card in or out), until `report` returns false. Woken
    /// by `SCardGetStatusChange` on the readers and the plug-and-play pseudo reader, so it costs
    /// nothing while nothing happens; `canceller` ends it with `.cancelled`, and pcscd stopping
    /// ends it with that error.
    public func watch(_ report: ([ReaderStatus]) -> Bool) throws(PCSCError) {
        while true {
            let names = try readers()
            let keepGoing = try withReaderStates(names + [Self.plugAndPlayReader]) { states throws(PCSCError) -> Bool in
                let readerCount = names.count
                // pcsc-lite compares the high word of the pseudo reader's state with its reader count.
                states[readerCount].dwCurrentState = DWORD(readerCount) << 16
                var timeout: DWORD = 0
                while true {
                    let status = SCardGetStatusChange(handle, timeout, &states, DWORD(states.count))
                    guard status == SCARD_S_SUCCESS || status == SCARD_E_TIMEOUT else {
                        throw PCSCError.from(status, function: "SCardGetStatusChange", reader: nil)
                    }
                    let plugged = timeout != 0 && states[readerCount].dwEventState & DWORD(SCARD_STATE_CHANGED) != 0
                    if plugged { return true } // list the readers again, then report
                    guard report(zip(names, states).map { Self.readerStatus(name: $0, state: $1) }) else { return false }
                    for index in states.indices {
                        states[index].dwCurrentState = states[index].dwEventState & ~DWORD(SCARD_STATE_CHANGED)
                    }
                    timeout = DWORD(INFINITE)
                }
            }
            if !keepGoing { return }
        }
    }
}

/// Reader and card events as an async stream, for a server that pushes them to pages.
public enum ReaderWatcher {
    /// The first element lists every reader present (`readerAdded`, each with its card state);
    /// then one element per change. Runs `PCSCContext.watch` on a thread of its own with a context
    /// of its own (a context is not thread-safe) and cancels it when the stream's consumer stops.
    /// The stream ends with the `PCSCError` that ended the watch (pcscd stopped, no library).
    public static func events() -> AsyncThrowingStream<[ReaderEvent], any Error> {
        let (stream, continuation) = AsyncThrowingStream<[ReaderEvent], any Error>.makeStream()
        let thread = Thread {
            let context: PCSCContext
            do {
                context = try PCSCContext()
            } catch {
                continuation.finish(throwing: error)
                return
            }
            let stopped = StopFlag()
            let canceller = context.canceller
            continuation.onTermination = { _ in
                stopped.set()
                canceller.cancel()
            }
            var known: [ReaderStatus]?
            do {
                try context.watch { statuses in
                    let events = ReaderEvent.changes(from: known ?? [], to: statuses)
                    // The first snapshot is sent even when empty: "no readers" is news too.
                    if known == nil || !events.isEmpty { continuation.yield(events) }
                    known = statuses
                    return !stopped.isSet
                }
                continuation.finish()
            } catch {
                if stopped.isSet { continuation.finish() } else { continuation.finish(throwing: error) }
            }
        }
        thread.name = "skew reader watch"
        thread.start()
        return stream
    }
}

/// Set once from the stream's termination handler, read by the watching thread.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
