import Foundation
import XCTest

/// `skew serve` started the way a person starts it, for tests that drive its pages.
public final class ServeProcess {
    public let process: Process
    /// The printed address, with the access token.
    public let url: String
    public let port: Int
    private let errors = FileManager.default.temporaryDirectory.appendingPathComponent("skew-serve-\(UUID().uuidString).err")

    /// What it wrote to standard error so far (warnings, the how-to line).
    public var standardError: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// Starts `skew serve --port 0 EXTRA…` and returns once it has printed its address.
    public init(arguments: [String] = [], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = SkewProcess.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: url), let port = components.port, url.contains("?token=") else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "skew serve printed '\(url)', not its address"])
        }
        self.port = port
    }

    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: errors)
    }
}

/// Runs page checks (functions in `Tests/browser/pages.py`, or `module:function`) in one headless
/// Chromium through Selenium (docs/serve.md, "The browser tests"), and returns what each saw.
public enum ServeBrowser {
    public static let python = Fixtures.packageRoot.appendingPathComponent(".build-selenium/bin/python")
    public static let harness = Fixtures.packageRoot.appendingPathComponent("Tests/browser/skew_browser.py")
    /// Where the screenshots go, one PNG per page state, kept after the run.
    public static let screenshots = Fixtures.packageRoot.appendingPathComponent(".build/screenshots")

    /// Fails the test for every check that failed; `input[check]` is what each check is given.
    public static func run(url: String, checks: [String], input: [String: Any], timeout: TimeInterval = 180) throws -> [String: Any] {
        try requireTool("/usr/bin/chromium")
        try requireTool("/usr/bin/chromedriver")
        try requireTool(python.path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("input.json"), outputFile = folder.appendingPathComponent("output.json")
        try JSONSerialization.data(withJSONObject: input).write(to: inputFile)
        let run = try SkewProcess.run([harness.path, url, inputFile.path, outputFile.path, screenshots.path] + checks,
                                      timeout: timeout, executable: python)
        guard let data = try? Data(contentsOf: outputFile),
              let results = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            XCTFail("the browser harness wrote no results (exit \(run.status)): \(run.stderr)")
            return [:]
        }
        for (check, failure) in results["failures"] as? [String: String] ?? [:] {
            XCTFail("browser check \(check) failed: \(failure)")
        }
        for path in results["screenshots"] as? [String] ?? [] { print("screenshot: \(path)") }
        return results
    }
}
