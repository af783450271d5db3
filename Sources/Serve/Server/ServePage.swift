/// One page of `skew serve`: its place in the navigation, its HTML and script (files in `Assets/`,
/// served by the server itself) and the endpoints its script talks to. docs/serve.md, "Adding a page".
public struct ServePage: Sendable {
    /// The page's address, such as `/window`; its endpoints live under `/api/NAME/` and `/ws/NAME`.
    public var path: String
    /// The navigation label and the window title.
    public var title: String
    /// The asset holding the page's `<main>` content, such as `window.html`.
    public var bodyAsset: String
    /// The asset holding the page's script, such as `window.js`.
    public var scriptAsset: String
    /// Adds the page's endpoints to the router; they read the server's settings.
    public var routes: @Sendable (ServeRouter, ServeSettings) -> Void

    public init(path: String, title: String, bodyAsset: String, scriptAsset: String,
                routes: @escaping @Sendable (ServeRouter, ServeSettings) -> Void) {
        self.path = path
        self.title = title
        self.bodyAsset = bodyAsset
        self.scriptAsset = scriptAsset
        self.routes = routes
    }
}

/// Every page, in navigation order; the first is the home page.
public enum ServePages {
    public static let all: [ServePage] = [
        WindowPage.page,
        DiagnosePage.page,
        TokenPage.page,
        ProbePage.page,
        FleetPage.page,
        ProvisionPage.page,
    ]
}
