import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// The `skew serve` web server: the pages, their endpoints and sockets, behind `AccessGuard`.
public struct SkewServer: Sendable {
    public var address: ServeAddress
    public var token: AccessToken
    public var settings: ServeSettings
    public var pages: [ServePage]

    public init(address: ServeAddress, token: AccessToken, settings: ServeSettings = ServeSettings(), pages: [ServePage] = ServePages.all) {
        self.address = address
        self.token = token
        self.settings = settings
        self.pages = pages
    }

    /// Runs until cancelled (or, with `handleSignals`, until SIGINT or SIGTERM). `onRunning` gets the
    /// address to open, token included, once the port is bound.
    public func run(handleSignals: Bool = true, onRunning: @escaping @Sendable (_ url: String, _ port: Int) async -> Void) async throws {
        let bound = BoundPort()
        let router = makeRouter(bound: bound)
        var logger = Logger(label: "skew-serve")
        // Nothing about requests is logged, so a token in a query never reaches a log; failures to
        // start reach the caller as errors. (Stopping an in-process server logs a harmless error.)
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(address.bindHost, port: address.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                bound.set(authorities: address.allowedAuthorities(port: port), port: port)
                await onRunning("http://\(address.printedHost()):\(port)/?token=\(token.text)", port)
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }

    private func makeRouter(bound: BoundPort) -> ServeRouter {
        let router = ServeRouter(context: ServeContext.self)
        router.add(middleware: BoundAccessGuard(token: token, bound: bound))
        let pages = self.pages
        if let home = pages.first {
            router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: home.path]) }
        }
        for page in pages {
            let html = PageLayout.html(for: page, among: pages)
            router.get(RouterPath(page.path)) { _, _ in
                Response(status: .ok, headers: [.contentType: Assets.contentType(page.bodyAsset)],
                         body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
            }
            page.routes(router, settings)
        }
        router.get("/assets/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), Assets.isServed(name), let bytes = Assets.bytes(name) else {
                throw HTTPError(.notFound)
            }
            return Response(status: .ok, headers: [.contentType: Assets.contentType(name)],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return router
    }
}

/// The port is known only once bound (`--port 0` asks the system for one), so the access checks
/// read the accepted names from here. Before that, nothing is accepted.
final class BoundPort: Sendable {
    private let state = Mutex<(authorities: Set<String>, port: Int)>(([], 0))

    func set(authorities: Set<String>, port: Int) { state.withLock { $0 = (authorities, port) } }
    var current: (authorities: Set<String>, port: Int) { state.withLock { $0 } }
}

/// `AccessGuard` with the names and cookie of the bound port.
struct BoundAccessGuard<Context: RequestContext>: RouterMiddleware {
    let token: AccessToken
    let bound: BoundPort

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (authorities, port) = bound.current
        return try await AccessGuard(token: token, authorities: authorities, cookieName: "skew_token_\(port)")
            .handle(request, context: context, next: next)
    }
}
