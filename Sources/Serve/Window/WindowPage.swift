import Foundation
import OTPCore

/// The window page (the Toolset's page): the codes around now for a pasted, uploaded or random seed,
/// updated live at each step boundary, with the seed data panel and the exports.
enum WindowPage {
    static let page = ServePage(path: "/window", title: "Window", bodyAsset: "window.html", scriptAsset: "window.js") { router, _ in
        // One answer now, for a page that only wants to look (and for scripts).
        router.postJSON("/api/window/snapshot") { (request: WindowRequest) in
            let (secret, parameters, _) = try request.seed.resolve()
            return WindowSnapshot(secret: secret, parameters: parameters, time: Date().timeIntervalSince1970, radius: try request.radius())
        }
        // The live table: a snapshot at once, then one at the start of every step, encoded ahead.
        router.liveSocket("/ws/window") { (request: WindowRequest, socket) in
            let (secret, parameters, _) = try request.seed.resolve()
            let radius = try request.radius()
            try await StepTicker(parameters: parameters).run(
                prepare: { time in try ServeJSON.encode(WindowSnapshot(secret: secret, parameters: parameters, time: time, radius: radius)) },
                send: { text in try await socket.send(json: text) })
        }
        router.postJSON("/api/window/random-seed") { (request: RandomSeedRequest) in try request.make() }
        router.postJSON("/api/window/qr") { (request: QRRequest) in try request.make() }
        router.postBytes("/api/window/qr-upload", maxBytes: QRUpload.largestUpload) { bytes in try QRUpload.read(bytes) }
        router.postJSON("/api/window/entra") { (request: EntraRequest) in try request.make() }
    }
}
