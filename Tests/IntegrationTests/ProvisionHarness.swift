import Foundation
import XCTest

/// `skew provision` as a child process on vpcd's second slot, its output in files the test reads
/// while it runs, and its standard input a pipe (the person answering the resume check). Tokens
/// are presented one at a time, each a `skew emulate` with its own serial and `--state` file.
final class ProvisionProcess {
    let process = Process()
    let folder: URL
    private let stdoutURL: URL
    private let stderrURL: URL
    private let input = Pipe()

    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
        self.folder = folder
        let name = UUID().uuidString
        stdoutURL = folder.appendingPathComponent("provision-\(name).out")
        stderrURL = folder.appendingPathComponent("provision-\(name).err")
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
              FileManager.default.createFile(atPath: stderrURL.path, contents: nil) else {
            throw HarnessError(description: "cannot create the output files in \(folder.path)")
        }
        process.executableURL = SkewProcess.binary
        process.arguments = ["provision", "--reader", ProvisionProcess.slot.reader] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = input
        try process.run()
    }

    static let slot = TokenHarness.secondSlot

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Polls standard error until it contains `text` (true), the process ends or time runs out.
    func waitFor(_ text: String, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return stderr.contains(text) }
            usleep(20_000)
        }
        return false
    }

    func answer(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Waits for the exit (SIGTERM by PID after `timeout`) and returns the status.
    func finish(timeout: Double = 20) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func killNow() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A virtual token of the batch: its serial and the `--state` file that says what it holds.
struct BatchToken {
    var serial: String
    var statePath: String

    /// Puts the token on the second slot's reader (a fresh token when the state file is new).
    func present(offset: Double, _ options: [String] = []) throws -> EmulatorProcess {
        try EmulatorProcess(["--serial", serial, "--state", statePath, "--offset", String(offset)] + options, slot: ProvisionProcess.slot)
    }

    var state: [String: Any] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
            return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    var seedHex: String? { get throws { try state["seed_hex"] as? String } }

    /// The token's own time now, from the state file's straight line.
    var clockNow: Double {
        get throws {
            let clock = try XCTUnwrap(state["clock"] as? [String: Double])
            let now = Date().timeIntervalSince1970
            return try XCTUnwrap(clock["anchor_token"]) + (now - XCTUnwrap(clock["anchor_host"])) * (1 + (clock["drift_ppm"] ?? 0) / 1e6)
        }
    }
}
