import Foundation
import XCTest

/// The real PC/SC stack for token tests: pcscd (started by scripts/test, or by hand with
/// `pcscd --foreground &`) with vpcd, and `skew emulate` as the card in reader "Virtual PCD 00 00".
/// SKEW_TEST_VPCD_PORT=35964 moves the tests to the second reader, so two developers' test runs
/// on one machine need not share a slot (CI runs everything serially on the first).
enum TokenHarness {
    static let port: UInt16 = ProcessInfo.processInfo.environment["SKEW_TEST_VPCD_PORT"].flatMap { UInt16($0) } ?? 35963
    static let reader = port == 35964 ? "Virtual PCD 00 01" : "Virtual PCD 00 00"
    static let emptyReader = port == 35964 ? "Virtual PCD 00 00" : "Virtual PCD 00 01"

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
    static func waitFor(cardPresent: Bool, timeout: Double = 10, while process: Process? = nil) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process?.isRunning != false {
            if try readers()[reader] == cardPresent { return true }
            usleep(100_000)
        }
        return false
    }
}

/// A `skew emulate` child process, stopped by PID in `stop()`; its standard error goes to a file.
final class EmulatorProcess {
    let process = Process()
    let logURL: URL

    /// Starts the emulator and waits until pcscd sees the card.
    init(_ arguments: [String], waitForCard: Bool = true) throws {
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("skew-emulate-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw HarnessError(description: "cannot create \(logURL.path)")
        }
        process.executableURL = SkewProcess.binary
        process.arguments = ["emulate", "--port", String(TokenHarness.port)] + arguments
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        // Another test run's card may still be on the reader: wait for it to leave rather than collide.
        guard try TokenHarness.waitFor(cardPresent: false, timeout: 60) else {
            throw HarnessError(description: "\(TokenHarness.reader) still holds another card after 60 s; set SKEW_TEST_VPCD_PORT=35964 to use the other reader")
        }
        try process.run()
        if waitForCard {
            guard try TokenHarness.waitFor(cardPresent: true, while: process) else {
                let failure = HarnessError(description: "the virtual token did not appear on \(TokenHarness.reader) within 10 s (exit status \(process.isRunning ? "running" : String(process.terminationStatus))); emulator log:\n\(log)")
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
        _ = try? TokenHarness.waitFor(cardPresent: false, timeout: 3)
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
