import Foundation
import Serve
import Synchronization
import XCTest

/// A `SkewServer` on a free loopback port inside the test process, stopped by cancelling its task.
final class RunningServer: Sendable {
    let token: AccessToken
    let port: Int
    private let task: Task<Void, any Error>

    private init(token: AccessToken, port: Int, task: Task<Void, any Error>) {
        self.token = token
        self.port = port
        self.task = task
    }

    static func start() throws -> RunningServer {
        let token = try AccessToken.random()
        let bound = Mutex<Int?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let task = Task {
            try await SkewServer(address: ServeAddress(), token: token).run(handleSignals: false) { _, port in
                bound.withLock { $0 = port }
                ready.signal()
            }
        }
        guard ready.wait(timeout: .now() + 10) == .success, let port = bound.withLock({ $0 }) else {
            task.cancel()
            throw LoopbackConnection.Failure(description: "the server did not start within 10 s")
        }
        return RunningServer(token: token, port: port, task: task)
    }

    func stop() { task.cancel() }
}

/// Test cases that share one server for all their tests (starting one takes a few milliseconds,
/// but a server per test would leave many behind until the process ends).
class ServerTestCase: XCTestCase {
    nonisolated(unsafe) private static var shared: [ObjectIdentifier: RunningServer] = [:]

    override class func setUp() {
        super.setUp()
        shared[ObjectIdentifier(self)] = try! RunningServer.start()
    }

    override class func tearDown() {
        shared.removeValue(forKey: ObjectIdentifier(self))?.stop()
        super.tearDown()
    }

    var server: RunningServer { Self.shared[ObjectIdentifier(type(of: self))]! }
}
