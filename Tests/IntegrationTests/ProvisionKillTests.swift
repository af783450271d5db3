import Foundation
import OTPCore
import TestSupport
import XCTest

/// `skew provision` killed with SIGKILL at random moments, over and over, and resumed each time
/// with `--resume`: no token may ever hold a seed the journal does not record, and no token may
/// take its seed write twice (the emulator counts WRITE SEED in its state file). Writes are
/// answered 150 ms late (`--slow-writes`) so that kills also land between config and seed and
/// between the seed and its journal entry; half the tokens start with their clock on time, so
/// the resume check must also ask the display (the test plays the person reading it).
final class ProvisionKillTests: TokenStackTestCase {
    private static let kills = 100
    private static let tokensPerBatch = 6

    func testSIGKILLAtRandomMomentsLosesNoSeedAndWritesNoTokenTwice() throws {
        let scratch = try TemporaryFolder("provision-kill")
        var kills = 0
        var stages: [String: Int] = [:]
        var batch = 0
        var allTokens: [BatchToken] = []
        let started = Date()
        while kills < Self.kills {
            batch += 1
            let journal = scratch.file("batch\(batch).journal").path
            let export = scratch.file("batch\(batch).csv").path
            let tokens = (1...Self.tokensPerBatch).map { index in
                let serial = String(format: index % 2 == 0 ? "8659622%03d%04d" : "8659632%03d%04d", batch, index)
                return BatchToken(serial: serial, statePath: scratch.file("\(serial).json").path)
            }
            allTokens += tokens
            var next = 0
            let slow = ["--slow-writes", "150"]
            var emulator: EmulatorProcess? = try tokens[0].present(offset: 0, slow)
            while true {
                let arguments = FileManager.default.fileExists(atPath: journal)
                    ? ["--resume", journal]
                    : ["--journal", journal, "--count", String(Self.tokensPerBatch), "--export", "entra-csv:\(export)"]
                let run = try ProvisionProcess(arguments + ["--no-record"], in: scratch.url)
                let killAt = kills < Self.kills ? Date().addingTimeInterval(Double.random(in: 0...0.8)) : nil
                var answered = false
                while run.process.isRunning {
                    if let current = emulator, run.stderr.contains("Take token \(tokens[next].serial) off the reader.") {
                        current.stop()
                        next += 1
                        emulator = next < tokens.count ? try tokens[next].present(offset: next % 2 == 0 ? 0 : Double.random(in: 5...60), slow) : nil
                    }
                    if !answered, next < tokens.count, run.stderr.contains("Token \(tokens[next].serial): its last write was cut short") {
                        answered = true
                        run.answer(try shownCode(tokens[next]) ?? "")
                    }
                    if let killAt, Date() >= killAt {
                        run.killNow()
                        // A write the token received before the kill is still applied (late, by --slow-writes):
                        // look once it has been.
                        usleep(170_000)
                        let stage = try stageOf(tokens[min(next, tokens.count - 1)], journal: journal)
                        kills += 1
                        stages[stage, default: 0] += 1
                        try assertEverySeedIsJournaled(tokens, journal: journal, after: "kill \(kills) (\(stage))")
                        break
                    }
                    usleep(5_000)
                }
                if run.process.terminationReason == .exit {
                    // Only a finished batch ends with status 0.
                    XCTAssertEqual(run.process.terminationStatus, 0, run.stderr)
                    emulator?.stop()
                    emulator = nil
                    guard run.process.terminationStatus == 0 else { return }
                    break
                }
            }
            // The finished batch: every token verified once, its seed the one journaled and exported.
            try assertEverySeedIsJournaled(tokens, journal: journal, after: "batch \(batch)")
            let exported = try XCTUnwrap(SeedConsumers.run(SeedConsumers.readEntra, ["csv", export], in: scratch) as? [[String: Any]])
            XCTAssertEqual(exported.compactMap { $0["serial"] as? String }.sorted(), tokens.map(\.serial).sorted())
            for row in exported {
                let token = try XCTUnwrap(tokens.first { $0.serial == row["serial"] as? String })
                XCTAssertEqual(try SeedConsumers.base32ToHex(XCTUnwrap(row["secret"] as? String)), try token.seedHex?.lowercased(), token.serial)
            }
        }
        for token in allTokens {
            let writes = try token.state["seed_writes"] as? Int
            XCTAssertEqual(writes, 1, "token \(token.serial) took its seed write \(writes ?? 0) times")
        }
        print("provision kill test: \(kills) kills over \(allTokens.count) tokens in \(batch) batches, \(String(format: "%.1f", Date().timeIntervalSince(started))) s; killed at: \(stages.sorted { $0.key < $1.key })")
    }

    /// What the journal and the token show after the kill: how far the current token had got.
    private func stageOf(_ token: BatchToken, journal: String) throws -> String {
        let events = journalEntries(journal).filter { $0["serial"] as? String == token.serial }.compactMap { $0["event"] as? String }
        let state = FileManager.default.fileExists(atPath: token.statePath) ? try token.state : [:]
        let config = state["config_writes"] as? Int ?? 0, seed = state["seed_writes"] as? Int ?? 0
        return "\(events.last ?? "no entry"), \(config) config, \(seed) seed"
    }

    /// Every seed a token holds is in the journal, in an intent for that token's serial.
    private func assertEverySeedIsJournaled(_ tokens: [BatchToken], journal: String, after moment: String) throws {
        let entries = journalEntries(journal)
        for token in tokens where FileManager.default.fileExists(atPath: token.statePath) {
            guard let seedHex = try token.seedHex?.lowercased() else { continue }
            let journaled = try entries.filter { $0["serial"] as? String == token.serial && $0["event"] as? String == "intent" }
                .compactMap { $0["seed_base32"] as? String }.map { Hex.encode(try Base32.decode($0)).lowercased() }
            XCTAssertTrue(journaled.contains(seedHex), "after \(moment): token \(token.serial) holds a seed the journal does not record")
        }
    }

    /// The journal's entries, without its header and without a last line cut short.
    private func journalEntries(_ path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The code the token's display shows now (nil without a seed): the person reading it.
    private func shownCode(_ token: BatchToken) throws -> String? {
        guard let seedHex = try token.seedHex else { return nil }
        return TOTP(secret: try Secret(bytes: Hex.decode(seedHex)), parameters: OTPParameters()).code(at: try token.clockNow.rounded(.down))
    }
}
