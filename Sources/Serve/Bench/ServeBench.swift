import Foundation
import Synchronization

/// What `skew bench serve` measures, against a server started in this process on loopback, with
/// `pages` sockets open, each watching the window of a `periodSeconds` step:
/// - the first load of a page: a new connection, the page and every asset it names, one after
///   another on that connection (what a browser fetches; its own parsing and drawing are not counted);
/// - how long after each step boundary every page has its new table.
public struct ServeBench: Sendable {
    public var pages = 50
    public var boundaries = 5
    public var periodSeconds = 1
    public var loads = 20

    public init() {}

    public struct Result: Sendable {
        /// Seconds per first load, one per load.
        public var loadSeconds: [Double]
        public var requestsPerLoad: Int
        public var bytesPerLoad: Int
        /// Seconds from a step's start to a page's receipt of its table, one per page and boundary.
        public var updateSeconds: [Double]
    }

    public func run() async throws -> Result {
        let token = try AccessToken.random()
        let server = SkewServer(address: ServeAddress(), token: token)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run(handleSignals: false) { _, port in continuation.yield(port) } }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LoopbackConnection.Failure(description: "the server did not start") }
        let bearer = ["Authorization": "Bearer \(token.text)"]
        // Blocking sockets on threads of their own, not on the threads the server's tasks run on.
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Swift.Result { try measure(port: port, headers: bearer) }) }
        }
    }

    /// Opens the pages' sockets, times the first loads while they are open, then collects the delay
    /// of every table pushed after a step boundary.
    private func measure(port: Int, headers: [String: String]) throws -> Result {
        let host = "127.0.0.1:\(port)"
        let request = #"{"seed":{"seed":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","period":\#(periodSeconds)},"steps":3}"#
        let collected = Mutex<(delays: [Double], failures: [String])>(([], []))
        let opened = DispatchSemaphore(value: 0), finished = DispatchGroup()
        for _ in 0..<pages {
            finished.enter()
            Thread.detachNewThread { [boundaries] in
                defer { finished.leave() }
                do {
                    let socket = try LoopbackWebSocket(port: port, path: "/ws/window", host: host, headers: headers)
                    try socket.send(request)
                    _ = try socket.receive()  // the table at once, not at a boundary
                    opened.signal()
                    for _ in 0..<boundaries {
                        let message = try socket.receive()
                        let received = Date().timeIntervalSince1970
                        let start = try Self.currentStepStart(message)
                        collected.withLock { $0.delays.append(received - start) }
                    }
                } catch {
                    opened.signal()
                    collected.withLock { $0.failures.append(String(describing: error)) }
                }
            }
        }
        for _ in 0..<pages { opened.wait() }
        var loadSeconds: [Double] = []
        var requests = 0, bytes = 0
        for _ in 0..<loads {
            let started = Date()
            let connection = try LoopbackConnection(port: port)
            let page = try connection.request("GET", "/window", host: host, headers: headers)
            let assets = Self.assetPaths(in: page.text)
            var total = page.body.count
            for asset in assets { total += try connection.request("GET", asset, host: host, headers: headers).body.count }
            loadSeconds.append(Date().timeIntervalSince(started))
            requests = 1 + assets.count
            bytes = total
        }
        finished.wait()
        let (delays, failures) = collected.withLock { $0 }
        if let failure = failures.first {
            throw LoopbackConnection.Failure(description: "\(failures.count) page(s) failed: \(failure)")
        }
        return Result(loadSeconds: loadSeconds, requestsPerLoad: requests, bytesPerLoad: bytes, updateSeconds: delays)
    }

    /// `/assets/…` addresses a page names in `src` and `href` attributes.
    static func assetPaths(in html: String) -> [String] {
        html.components(separatedBy: "\"").filter { $0.hasPrefix("/assets/") }
    }

    /// The start (Unix seconds) of the current step in a window message.
    static func currentStepStart(_ message: String) throws -> Double {
        struct Message: Decodable {
            struct Window: Decodable {
                struct Step: Decodable {
                    struct Time: Decodable { var unix: Double }
                    var current: Bool
                    var start: Time
                }
                var steps: [Step]
            }
            var window: Window
        }
        let decoded = try JSONDecoder().decode(Message.self, from: Data(message.utf8))
        guard let current = decoded.window.steps.first(where: \.current) else {
            throw LoopbackConnection.Failure(description: "a window message without a current step")
        }
        return current.start.unix
    }
}
