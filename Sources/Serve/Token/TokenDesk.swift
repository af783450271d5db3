import Foundation
import PCSC
import TokenProtocol
import Tokens

/// Where the token page talks to tokens. PC/SC calls block, and a token session is a conversation
/// (a Token2 write is GET INFO, AUTHENTICATE, WRITE CONFIG, GET INFO): so every exchange of every
/// open page runs on one serial queue, off the server's threads, one operation at a time, and a
/// sync confirmed on one page never interleaves with another page's measurement.
enum TokenDesk {
    private static let queue = DispatchQueue(label: "serve: token desk")

    /// Connects to the card on `reader`, detects the token with reads only (as `skew token info`
    /// does) and runs `body` with it on the desk's queue; disconnects afterwards.
    static func withToken<T>(on reader: String, _ body: @escaping @Sendable (any TokenDevice) throws -> T) async throws -> T {
        let handover: Handover<T> = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let context = try PCSCContext()
                    let card = try context.connect(reader: reader)
                    defer { card.disconnect() }
                    let token = try TokenDetector.detect(TokenLink(transport: PCSCTransport(card: card), reader: reader, clock: HostTokenClock()))
                    return Handover(value: try body(token))
                })
            }
        }
        return handover.value
    }

    /// A result made on the desk's queue and handed to the waiting task once: nothing else holds
    /// it, so it crosses safely although report types (a seed's codes) are not `Sendable`.
    private struct Handover<T>: @unchecked Sendable { let value: T }
}
