/// The probe page: `skew probe` against an HTTP verifier, with every attempt drawn on a time axis
/// as its answer arrives, the waits between them, and the result with its evidence. A started
/// probe runs to its result (its budgets bound it), even if the page is closed.
enum ProbePage {
    static let page = ServePage(path: "/probe", title: "Probe", bodyAsset: "probe.html", scriptAsset: "probe.js") { router, _ in
        router.liveSocket("/ws/probe") { (request: ProbeRequest, socket) in try await ProbeRun(request: request).run(socket) }
    }
}
