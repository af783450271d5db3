import PCSC

/// The provisioning page: `skew provision`'s tap-next batch from a browser. The person fills in the
/// batch (or names a journal to resume) and starts it; the page then says, token by token, when to
/// place the next one and when to take it off, with each outcome and the tally as they happen.
/// The batch is the CLI's (`ProvisionBatch`: journal first, burn, read back, exports rebuilt).
enum ProvisionPage {
    static let page = ServePage(path: "/provision", title: "Provision", bodyAsset: "provision.html", scriptAsset: "provision.js") { router, settings in
        router.postJSON("/api/provision/readers") { (_: ReadersRequest) in try await ReadersRequest.readers() }
        router.liveSocket("/ws/provision") { (request: ProvisionRequest, socket) in
            try await ProvisionRun(request: request, socket: socket, history: settings.history).run()
        }
    }
}

/// The readers pcscd has now, for the page's reader choice (the batch then follows the chosen one
/// through pcscd's events).
struct ReadersRequest: Decodable, Sendable {
    struct Answer: Encodable, Sendable {
        var readers: [String]
    }

    static func readers() async throws -> Answer {
        Answer(readers: try PCSCContext().readers())
    }
}
