import ArgumentParser
import Files
import Foundation
import History
import OTPCore
import PCSC
import Provisioning
import Reports
import SeedFiles
import TokenProtocol
import Tokens

struct ProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Provision a batch of Token2 tokens one after another on a reader: seed, burn, verify, journal, export.",
        discussion: """
            Place a token on the reader; skew reads its serial, chooses its seed (a new random one, or the one \
            --seeds holds for that serial), writes it to the journal and flushes it to disk, burns config \
            (with the reference time) and seed in one session, reads the clock back, journals the outcome, \
            rebuilds the exports and prints one line. Take the token off and place the next. The journal holds \
            the seeds until the exports do: keep it beside them, never in the report folder.

            After a crash or kill, --resume JOURNAL finishes the batch: verified tokens are skipped, and a \
            token whose write was cut short is checked before anything is written (by its clock, else by the \
            code on its display, which skew asks for). See docs/provisioning.md.

            Examples:
              skew provision --journal batch.journal --count 20 --assign users.csv \\
                --export entra-csv:batch.csv
              skew provision --journal b.journal --seeds token2-batch.csv \\
                --export pskc-password:b.pskc --encrypt-password-env PSKC_PASSWORD
              skew provision --resume batch.journal
            """)

    @OptionGroup var readerOptions: ReaderOptions

    @Option(help: "The journal to keep (a new file, readable by you only, beside the exports).")
    var journal: String?

    @Option(help: "Finish the batch this journal records (its settings come from the journal).")
    var resume: String?

    @Option(help: "How many tokens the batch provisions.")
    var count: Int?

    @Option(help: "Take each token's seed from this seed file (what `skew seed import` reads), by serial.")
    var seeds: String?

    @OptionGroup(title: "Key of an encrypted --seeds file") var seedKeys: SeedFileKeyOptions

    @Option(help: "Accounts (UPNs): one per line for tokens in the order presented, or serial,upn lines.")
    var assign: String?

    @Option(help: "HMAC algorithm for random seeds: sha1 or sha256.")
    var algorithm: String?

    @Option(help: "Time step in seconds for random seeds: 30 or 60.")
    var period: Int?

    @Option(help: "Seed length in bytes for random seeds (default: 20 for SHA-1, 32 for SHA-256).")
    var seedBytes: Int?

    @Option(help: "Display timeout written to every token: 15, 30, 60 or 120 seconds.")
    var displayTimeout: Int?

    @Option(help: "Write to tokens whose serial prefix is not in the model table as this model.")
    var model: String?

    @Option(name: .customLong("export"),
            help: "Keep this export up to date, as FORMAT:FILE; FORMAT is entra-csv, entra-json, privacyidea, pskc, pskc-key or pskc-password (repeatable).")
    var exports: [String] = []

    @OptionGroup(title: "PSKC export keys") var encryption: SeedExportKeyOptions

    @Flag(help: "Time the token's clock after each write (a few more seconds per token) and record it.")
    var measure = false

    @Flag(help: "Read each token and list what would be written; write, journal and export nothing.")
    var dryRun = false

    @Flag(help: "Stop the batch at the first token that is not provisioned.")
    var stopOnError = false

    @Flag(help: "Do not record the writes in the history.")
    var noRecord = false

    @OptionGroup var referenceOptions: ReferenceClockOptions
    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if resume != nil {
            let fixed = [("--journal", journal != nil), ("--count", count != nil), ("--seeds", seeds != nil), ("--assign", assign != nil),
                         ("--algorithm", algorithm != nil), ("--period", period != nil), ("--seed-bytes", seedBytes != nil),
                         ("--display-timeout", displayTimeout != nil), ("--model", model != nil), ("--export", !exports.isEmpty),
                         ("--dry-run", dryRun)].filter(\.1).map(\.0)
            guard fixed.isEmpty else {
                throw ValidationError("\(fixed.joined(separator: ", ")): the journal fixes the batch; --resume takes only the reader, keys and output options")
            }
        } else if journal == nil && !dryRun {
            throw ValidationError("give --journal FILE (the batch's seeds are kept there before any token is written), or --dry-run")
        }
        if let count, !(1...100_000).contains(count) { throw ValidationError("--count \(count): give 1 to 100000 tokens") }
        if let seedBytes, !(16...63).contains(seedBytes) {
            throw ValidationError("--seed-bytes \(seedBytes): a token holds 16 (RFC 4226's least) to 63 bytes")
        }
    }

    func run() throws {
        // Everything that can be refused is checked before a new journal is created.
        let resumed = try resume.map { path in try openJournal(exitCode: .noInput) { try ProvisionJournal.open(path: path) } }
        let header = try resumed?.header ?? newBatch()
        let protections = try ProvisionExports.protections(for: header.exports, keys: encryption)
        let seeds = try SeedSource.forBatch(header, keys: header.seedFile == nil ? .none : try seedKeys.keySource())
        let reference = try referenceOptions.resolve()
        let journal = try resumed ?? journal.map { path in
            try openJournal(exitCode: .cannotCreate) { try ProvisionJournal.create(path: path, header: header) }
        }
        let batch = try ProvisionBatch(header: header, journal: journal, seeds: seeds, reference: reference,
                                       readDisplay: Self.askDisplay,
                                       rebuildExports: { try ExportTarget.write($0, to: header.exports, protections: protections) })
        if journal != nil { try batch.exportVerified() }
        let store = noRecord || dryRun ? nil : try historyOptions.open()
        var outcomes: [TokenOutcome] = []
        var failure: (any SkewFailure)?
        let context = try PCSCContext()
        var finished: Bool { dryRun ? outcomes.count >= header.count : batch.isComplete }
        while !finished {
            Console.info("progress: \(batch.ledger.done) done, \(batch.ledger.failed) failed, \(batch.remaining) remaining. Place the next token on the reader.")
            let connection = try readerOptions.connect(in: context, waiting: 86_400)
            let outcome: TokenOutcome
            do {
                outcome = try batch.provision(try connection.detect(family: nil), dryRun: dryRun, measureEdges: measure ? 2 : nil)
            } catch let stop as ProvisionStopped {
                connection.close()
                failure = CLIFailure(message: stop.message, exitCode: stop.exitCode)
                break
            } catch let journalFailure as ProvisionJournal.Failure {
                throw CLIFailure(message: journalFailure.commandLineMessage, exitCode: .cannotCreate)
            } catch {
                var unread = TokenOutcome(serial: "(unread)", result: .failed)
                unread.note = (error as? any SkewFailure)?.message ?? "\(error)"
                outcome = unread
            }
            connection.close()
            try record(outcome, in: store, reference: reference)
            outcomes.append(outcome)
            Console.info(ProvisionReport.Token(outcome).line)
            outcome.dryRunLines.forEach { Console.info("  \($0)") }
            if stopOnError && !outcome.isProvisioned && outcome.result != .dryRun {
                failure = CLIFailure(message: "token \(outcome.serial) was not provisioned and --stop-on-error is set; resume the batch with --resume \(journal?.path ?? "JOURNAL")",
                                     exitCode: .negative)
                break
            }
            Console.info("Take token \(outcome.serial) off the reader.")
            if finished { break }
            _ = try Interruptible.run(canceller: context.canceller) {
                try context.waitForRemoval(reader: connection.reader, timeout: 86_400)
            }
        }
        Console.info("progress: \(batch.ledger.done) done, \(batch.ledger.failed) failed, \(batch.remaining) remaining.")
        try output.emit(ProvisionReport(batch: batch, outcomes: outcomes, reference: reference.name, dryRun: dryRun))
        if let failure { throw failure }
    }

    /// A new batch from the options, every setting checked against what a token can hold.
    private func newBatch() throws -> BatchHeader {
        if let journal { try SecretFileOutput.refuseReportFolder(journal, reportDir: output.reportDir) }
        let assignments = try assign.map { path in
            try AssignmentList.read(String(decoding: try InputFile.read(path, role: "--assign file"), as: UTF8.self), input: "--assign \(path)")
        } ?? []
        let targets = try ExportTarget.parse(exports, input: "--export")
        for target in targets { try SecretFileOutput.refuseReportFolder(target.path, reportDir: output.reportDir) }
        return try BatchSettings(count: count, algorithm: try hashAlgorithm(named: algorithm ?? "sha1"), periodSeconds: period ?? 30,
                                 displayTimeoutSeconds: displayTimeout ?? 30, seedBytes: seedBytes, model: model, seedFile: seeds,
                                 assignments: assignments, exports: targets).header()
    }

    private func openJournal(exitCode: ExitStatus, _ body: () throws -> ProvisionJournal) throws -> ProvisionJournal {
        do {
            return try body()
        } catch let failure as ProvisionJournal.Failure {
            throw CLIFailure(message: failure.commandLineMessage, exitCode: exitCode)
        }
    }

    /// The write (a sync: the clock was set) and `--measure`'s measurement, in the history.
    private func record(_ outcome: TokenOutcome, in store: (any HistoryStore)?, reference: ReferenceClock) throws {
        let events = outcome.historyEvents(reference: reference)
        guard let store, !events.isEmpty else { return }
        try store.record(events)
    }

    /// Asks the person for the code on a token's display, on standard error, reading standard input.
    static func askDisplay(_ question: DisplayQuestion) -> String? {
        Console.info("Token \(question.serial): its last write was cut short, and only its display can tell whether it holds the journaled seed (fingerprint \(question.fingerprint)). Press its button and type the code it shows (an empty line if it shows none), then Enter:")
        return readLine()
    }
}

extension ProvisionJournal.Failure {
    /// The failure with `--resume PATH` named when resuming the batch is the fix.
    var commandLineMessage: String {
        resumesBatch ? "journal \(path): \(problem). Fix: \(fix) (--resume \(path))" : description
    }
}
