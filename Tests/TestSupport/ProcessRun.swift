import Foundation
import XCTest

/// Runs the built `skew` binary the way a person would, capturing its output and exit status.
public struct SkewRun {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Standard output as bytes, for output that is not text (a PNG).
    public var stdoutBytes: [UInt8] = []
}

public enum SkewProcess {
    /// The `skew` executable next to the test bundle (SwiftPM puts both in the same build folder);
    /// `SKEW_BINARY` overrides it.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SKEW_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("skew")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/skew")
        return built
    }

    /// The package root, for fixtures and schema files.
    public static var packageRoot: URL { Fixtures.packageRoot }

    /// Runs skew (or another `executable`, for independent checks) with `arguments`, feeding
    /// `stdin` (or `stdinBytes`), with extra environment variables, in `workingDirectory` when given.
    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, stdinBytes: [UInt8]? = nil, environment: [String: String] = [:],
                    workingDirectory: URL? = nil, timeout: TimeInterval = 60, executable: URL = binary) throws -> SkewRun {
        let process = Process()
        process.executableURL = executable
        process.currentDirectoryURL = workingDirectory
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let input = stdinBytes ?? stdin.map({ Array($0.utf8) }) { inPipe.fileHandleForWriting.write(Data(input)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot fill one and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return SkewRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: Array(outData))
    }
}
