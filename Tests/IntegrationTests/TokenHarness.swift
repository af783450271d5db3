import Foundation
import XCTest

/// The real PC/SC stack for token tests: pcscd (started by scripts/test, or by hand with
/// `pcscd --foreground &`) with vpcd, and `skew emulate` as the card in reader "Virtual PCD 00 00".
enum TokenHarness {
    static let reader = "Virtual PCD 00 00"
    static let emptyReader = "Virtual PCD 00 01"
    /// vpcd's second slot (port 35964 is reader "Virtual PCD 00 01"), for suites that run while
    /// another suite uses the first.
    static let secondSlot = (port: 35964, reader: "Virtual PCD 00 01")

    /// Skips when pcscd is not running, except under CI (CI=true), where that is a failure.
    static func requirePCSCD() throws {
        let run = try SkewProcess.run(["token", "list", "--format", "json"])
        guard run.status == 69, run.stderr.contains("pcscd is not running") else { return }
        let message = "pcscd is not running; scripts/test starts it (or run `pcscd --foreground &`)"
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw HarnessError(description: message) }
        throw XCTSkip(message)
    }

    /// Readers and whether a card is present, from `skew token list --format json`.
    static func readers() throws -> [String: Bool] {
        let run = try SkewProcess.run(["token", "list", "--format", "json"])
        guard run.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
              let readers = json["readers"] as? [[String: Any]] else { return [:] }
        var present: [String: Bool] = [:]
        for reader in readers {
            if let name = reader["name"] as? String { present[name] = reader["card_present"] as? Bool ?? false }
        }
        return present
    }

    /// Polls until `reader` shows a card (or not), up to `timeout` seconds.
    @discardableResult
    static func waitFor(cardPresent: Bool, timeout: Double = 10, while process: Process? = nil,
                        on readerName: String = reader) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process?.isRunning != false {
            if try readers()[readerName] == cardPresent { return true }
            usleep(100_000)
        }
        return false
    }
}

/// A `skew emulate` child process, stopped by PID in `stop()`; its standard error goes to a file.
final class EmulatorProcess {
    let process = Process()
    let logURL: URL
    let reader: String

    /// Starts the emulator and waits until pcscd sees the card. `slot` picks vpcd's port and
    /// reader (default: the first, "Virtual PCD 00 00").
    init(_ arguments: [String], waitForCard: Bool = true,
         slot: (port: Int, reader: String) = (35963, TokenHarness.reader)) throws {
        reader = slot.reader
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("skew-emulate-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw HarnessError(description: "cannot create \(logURL.path)")
        }
        process.executableURL = SkewProcess.binary
        process.arguments = ["emulate", "--port", String(slot.port)] + arguments
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        try TokenHarness.waitFor(cardPresent: false, timeout: 3, on: reader)
        try process.run()
        if waitForCard {
            guard try TokenHarness.waitFor(cardPresent: true, while: process, on: reader) else {
                let failure = HarnessError(description: "the virtual token did not appear on \(reader) within 10 s (exit status \(process.isRunning ? "running" : String(process.terminationStatus))); emulator log:\n\(log)")
                stop()
                throw failure
            }
        }
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGTERM by PID, then waits for the process and for pcscd to notice the card is gone.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        _ = try? TokenHarness.waitFor(cardPresent: false, timeout: 3, on: reader)
        try? FileManager.default.removeItem(at: logURL)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// Base for tests on the real PC/SC stack: requires pcscd, and stops the test's emulator by PID.
class TokenStackTestCase: XCTestCase {
    var emulator: EmulatorProcess?

    override func setUpWithError() throws {
        try TokenHarness.requirePCSCD()
    }

    override func tearDown() {
        emulator?.stop()
        emulator = nil
    }
}
