import Foundation

/// Runs a program directly (no shell) with a given environment and standard input, collecting its
/// combined output, and kills it if it outlives the timeout.
public struct ChildProcess: Sendable {
    public struct Finished: Sendable {
        public var status: Int32
        public var output: String
        public var timedOut: Bool
    }

    public var arguments: [String]
    public var environment: [String: String]

    public init(arguments: [String], environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
    }

    public func run(input: String?, timeoutSeconds: Double) throws -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolvedExecutable())
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let outputPipe = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        process.standardInput = inputPipe
        try process.run()
        // Output is drained from the start, so a child that answers while still reading cannot block.
        let box = OutputBox()
        let reader = Thread { box.data = outputPipe.fileHandleForReading.readDataToEndOfFile(); box.done.signal() }
        reader.start()
        if let input { Self.feed(Array(input.utf8), to: inputPipe.fileHandleForWriting.fileDescriptor) }
        try? inputPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var timedOut = false
        // The child leads its own process group (Foundation starts it so); killing the group also
        // ends anything it started, which would otherwise hold the output pipe open.
        let group = -process.processIdentifier
        while process.isRunning {
            if Date() >= deadline {
                timedOut = true
                kill(group, SIGKILL)
                break
            }
            usleep(1000)
        }
        process.waitUntilExit()
        if box.done.wait(timeout: .now() + 1) == .timedOut {
            kill(group, SIGKILL)   // a background grandchild kept the pipe: it goes too
            box.done.wait()
        }
        return Finished(status: process.terminationStatus, output: String(decoding: box.data, as: UTF8.self),
                        timedOut: timedOut)
    }

    /// Writes the child's standard input. A child that exits without reading it (a verifier judged
    /// by its arguments alone, or `true`) closes the pipe, and the write raises SIGPIPE, which would
    /// kill skew (exit 141). SIGPIPE is blocked on this thread for the write, and a pending one is
    /// taken off before the mask is restored; the child's exit status is what counts.
    private static func feed(_ bytes: [UInt8], to descriptor: Int32) {
        var brokenPipe = sigset_t(), previous = sigset_t()
        sigemptyset(&brokenPipe)
        sigaddset(&brokenPipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &brokenPipe, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                offset += written
            } else if errno != EINTR {
                if errno == EPIPE {
                    var now = timespec()
                    _ = sigtimedwait(&brokenPipe, nil, &now)
                }
                return
            }
        }
    }

    /// A bare program name is looked up on PATH, as a shell would.
    private func resolvedExecutable() throws -> String {
        let name = arguments[0]
        if name.contains("/") { return name }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw VerifierSetupError(message: "\(name): program not found on PATH. Fix: give its full path or install it.")
    }
}

private final class OutputBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
