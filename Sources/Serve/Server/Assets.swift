/// The page files, compiled into `skew` (`Assets/` in this module, `.embedInCode`), so the server
/// serves every script, style and page itself and the browser loads nothing from the network.
public enum Assets {
    /// Name → bytes. A new file in `Assets/` is listed here (SwiftPM names it by its file name with
    /// dots and dashes as underscores).
    static let files: [String: [UInt8]] = [
        "layout.html": PackageResources.layout_html,
        "skew.css": PackageResources.skew_css,
        "skew.js": PackageResources.skew_js,
        "window.html": PackageResources.window_html,
        "window.js": PackageResources.window_js,
        "diagnose.html": PackageResources.diagnose_html,
        "diagnose.js": PackageResources.diagnose_js,
        "token.html": PackageResources.token_html,
        "token.js": PackageResources.token_js,
        "probe.html": PackageResources.probe_html,
        "probe.js": PackageResources.probe_js,
        "fleet.html": PackageResources.fleet_html,
        "fleet.js": PackageResources.fleet_js,
        "provision.html": PackageResources.provision_html,
        "provision.js": PackageResources.provision_js,
    ]

    public static var names: [String] { files.keys.sorted() }

    public static func bytes(_ name: String) -> [UInt8]? { files[name] }

    static func text(_ name: String) -> String {
        guard let bytes = files[name] else { preconditionFailure("asset \(name) is not listed in Assets.files") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The assets a browser may fetch by name under `/assets/` (page bodies go through the layout).
    static func isServed(_ name: String) -> Bool { name.hasSuffix(".js") || name.hasSuffix(".css") }

    static func contentType(_ name: String) -> String {
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        return "text/html; charset=utf-8"
    }
}
