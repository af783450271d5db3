import Foundation
import History
import OTPCore
import PCSC
import Provisioning
import Reports
import SeedFiles
import Tokens

/// What the provisioning page is told as the batch goes.
struct ProvisionPageMessage: Encodable {
    /// `started`, `place` (put the next token on the reader), `token` (one token's outcome),
    /// `remove` (take it off), `stopped` (the batch stopped on a refusal) or `done` (the report).
    var kind: String
    var reader: String?
    var done: Int?
    var failed: Int?
    var remaining: Int?
    var outcome: ProvisionReport.Token?
    /// The one line `skew provision` prints for the token, and its dry run's commands.
    var line: String?
    var dryRunLines: [String]?
    var problem: String?
    var warnings: [String]?
    var report: ProvisionReport?
}

/// One provisioning run for one page: the loop of `skew provision` with the page as its terminal.
/// Cancelled (the page closed or started another run) it stops between tokens, or while waiting
/// for one; a token being written is finished first, since the write runs on the token desk.
struct ProvisionRun {
    let request: ProvisionRequest
    let socket: LiveSocket
    let history: HistoryLocation

    func run() async throws {
        let dryRun = request.dryRun ?? false
        let resumed = request.resume == true ? try journal { () throws(ProvisionJournal.Failure) in try ProvisionJournal.open(path: request.journal) } : nil
        let header = try resumed?.header ?? request.newBatch()
        if let locked = header.exports.first(where: { !$0.holdsPlainSeeds }) {
            throw InputError(input: "journal \(request.journal)", problem: "its export \(locked.path) is encrypted, and the page takes no key",
                             fix: "resume this batch from the command line with its key")
        }
        let seeds = try SeedSource.forBatch(header, keys: .none)
        let reference = ReferenceClock(hostOffset: nil, clock: HostTokenClock())
        let journal = try resumed ?? (dryRun ? nil : try self.journal { () throws(ProvisionJournal.Failure) in
            try ProvisionJournal.create(path: request.journal, header: header)
        })
        let protections = header.exports.map { _ in PSKCProtection.none }
        // The page cannot stop the batch to ask for the code on a display: a token whose last write
        // was cut short stays unresolved, nothing written, until the command line resumes it.
        let batch = Shared(try ProvisionBatch(header: header, journal: journal, seeds: seeds, reference: reference, readDisplay: { _ in nil },
                                              rebuildExports: { try ExportTarget.write($0, to: header.exports, protections: protections) }))
        if journal != nil { try batch.value.exportVerified() }
        let store = dryRun ? nil : try history.openSpooling()
        let plain = header.exports.filter { $0.format == SeedFileFormat.pskc.rawValue }.map { "\($0.path) will hold the seeds unencrypted" }
        try await socket.send(tally(batch.value, kind: "started", warnings: plain))

        var outcomes: [TokenOutcome] = []
        var readers = ReaderCards(reader: request.reader)
        var finished: Bool { dryRun ? outcomes.count >= header.count : batch.value.isComplete }
        while !finished {
            try await socket.send(tally(batch.value, kind: "place"))
            try await readers.wait(forCard: true)
            let measureEdges = request.measure == true ? 2 : nil
            let outcome: TokenOutcome
            do {
                outcome = try await TokenDesk.withToken(on: request.reader) { token in
                    try batch.value.provision(token, dryRun: dryRun, measureEdges: measureEdges)
                }
            } catch let stop as ProvisionStopped {
                try await socket.send(ProvisionPageMessage(kind: "stopped", reader: request.reader, problem: stop.description))
                break
            } catch let failure as ProvisionJournal.Failure {
                throw failure   // the journal cannot be written: the batch stops, as the CLI's does
            } catch {
                var unread = TokenOutcome(serial: "(unread)", result: .failed)
                unread.note = String(describing: error)
                outcome = unread
            }
            let events = outcome.historyEvents(reference: reference)
            if let store, !events.isEmpty { try store.record(events) }
            outcomes.append(outcome)
            var message = tally(batch.value, kind: "token")
            message.outcome = ProvisionReport.Token(outcome)
            message.line = ProvisionReport.Token(outcome).line
            message.dryRunLines = outcome.dryRunLines
            try await socket.send(message)
            if finished { break }
            var remove = tally(batch.value, kind: "remove")
            remove.line = outcome.serial
            try await socket.send(remove)
            try await readers.wait(forCard: false)
        }
        var done = tally(batch.value, kind: "done")
        done.report = ProvisionReport(batch: batch.value, outcomes: outcomes, reference: reference.name, dryRun: dryRun)
        try await socket.send(done)
    }

    /// The journal opened or created, its failure worded as the page's input error.
    private func journal(_ body: () throws(ProvisionJournal.Failure) -> ProvisionJournal) throws(InputError) -> ProvisionJournal {
        do {
            return try body()
        } catch {
            throw InputError(input: "journal \(error.path)", problem: error.problem, fix: error.fix)
        }
    }

    private func tally(_ batch: ProvisionBatch, kind: String, warnings: [String]? = nil) -> ProvisionPageMessage {
        ProvisionPageMessage(kind: kind, reader: request.reader, done: batch.ledger.done, failed: batch.ledger.failed,
                             remaining: batch.remaining, warnings: warnings)
    }
}

/// The batch, handed to the token desk's queue for each token and read back here between tokens:
/// never by both at once, since the loop waits for the desk.
private final class Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Whether a card is on one reader, followed through pcscd's events (`ReaderWatcher`).
private struct ReaderCards {
    let reader: String
    private var events = ReaderWatcher.events().makeAsyncIterator()
    private var readers: [ReaderStatus]?

    init(reader: String) { self.reader = reader }

    /// Returns once a card is on the reader (or is not), as pcscd reports it.
    mutating func wait(forCard present: Bool) async throws {
        while true {
            if let readers {
                guard let status = readers.first(where: { $0.name == reader }) else {
                    throw InputError(input: "reader", problem: "pcscd has no reader named \(reader) (any more)",
                                     fix: "choose a reader the list shows; a batch started on it is resumed from its journal")
                }
                if status.cardPresent == present { return }
            }
            guard let batch = try await events.next() else { throw CancellationError() }
            readers = TokenLive.apply(batch, to: readers ?? [])
        }
    }
}
