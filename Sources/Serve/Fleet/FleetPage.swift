import Drift
import Foundation
import History
import OTPCore
import Reports

/// The fleet page: `skew fleet`'s table for the server's history (`ServeSettings.history`), with the drift-rate
/// histogram and each token's drift plot that `skew fleet -f html` draws, as images.
enum FleetPage {
    static let page = ServePage(path: "/fleet", title: "Fleet", bodyAsset: "fleet.html", scriptAsset: "fleet.js") { router, settings in
        router.postJSON("/api/fleet/list") { (request: FleetRequest) in try request.run(history: settings.history) }
    }
}

/// The fleet page's choices: a built-in verifier profile, the tokens' step and when a token counts
/// as resync-soon (`skew fleet --verifier ID --period N --soon Dd`).
struct FleetRequest: Decodable, Sendable {
    var verifier: String?
    var periodSeconds: Int?
    var soonDays: Double?

    struct Answer: Encodable {
        struct Plot: Encodable {
            var token: String
            var status: String
            /// The drawing as a `data:` URL (the page's CSP allows images from `data:` only).
            var image: String
        }
        var report: FleetReport
        var histogram: String?
        var plots: [Plot]
        /// The built-in profiles the page offers.
        var builtInVerifiers: [String]
    }

    /// As `skew fleet` without `--verifier`.
    static let defaultVerifier = "oathtool-w1"

    func run(now: Double = Date().timeIntervalSince1970, history: HistoryLocation) throws -> Answer {
        let id = verifier ?? Self.defaultVerifier
        guard let profile = VerifierProfileFile.builtIn.profiles.first(where: { $0.id == id }) else {
            throw InputError(input: "verifier", problem: "no built-in profile is named '\(id)'",
                             fix: "choose one of \(VerifierProfileFile.builtIn.profiles.map(\.id).joined(separator: ", "))")
        }
        let period = periodSeconds ?? 30
        guard (1...86_400).contains(period), let window = profile.window(period: period) else {
            throw InputError(input: "step", problem: "the profile \(id) gives no window for \(period) s steps", fix: "choose the tokens' step length, or another profile")
        }
        let soon = (soonDays ?? 30) * 86_400
        guard soon.isFinite, soon >= 0 else { throw InputError(input: "resync soon", problem: "\(soon / 86_400) days is not a duration", fix: "give days, such as 30") }
        guard history.exists else {
            throw InputError(input: "history", problem: "there is no history at \(history) yet", fix: "measure tokens first; they appear here")
        }
        let store = try history.openForReading()
        let report = FleetReport(database: store.location, now: now, soonSeconds: soon, withinSeconds: nil, profiles: [profile],
                                 fleet: try FleetRead.list(store: store, windows: [(profile, window)], soon: soon, within: nil, now: now))
        let drawings = report.drawings
        return Answer(report: report, histogram: drawings.histogram.map(Self.dataURL),
                      plots: drawings.tokens.map { Answer.Plot(token: $0.token, status: $0.status, image: Self.dataURL($0.svg)) },
                      builtInVerifiers: VerifierProfileFile.builtIn.profiles.map(\.id))
    }

    private static func dataURL(_ svg: String) -> String { "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString() }
}
