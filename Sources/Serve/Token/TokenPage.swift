/// The token page: readers and tokens as pcscd reports them, live; the token on the followed
/// reader with its offset measured again and again, its history and forecast; and a sync that is
/// previewed (the dry run) and written only on an explicit confirmation with the key typed for it;
/// and the read-only audit.
/// The page never authenticates to a token on its own: only `confirm` writes.
enum TokenPage {
    static let page = ServePage(path: "/token", title: "Token", bodyAsset: "token.html", scriptAsset: "token.js") { router, settings in
        router.liveSocket("/ws/token") { (request: TokenWatchRequest, socket) in
            try await TokenLive(request: request, socket: socket, history: settings.history).run()
        }
        router.postJSON("/api/token/sync/preview") { (request: TokenSync.PreviewRequest) in try await TokenSync.preview(request, history: settings.history) }
        router.postJSON("/api/token/sync/confirm") { (request: TokenSync.ConfirmRequest) in try await TokenSync.confirm(request, history: settings.history) }
        router.postJSON("/api/token/audit") { (request: TokenAuditEndpoint.Request) in try await TokenAuditEndpoint.run(request) }
    }
}
