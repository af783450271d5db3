import Foundation
import HummingbirdWebSocket
import OTPCore

/// One open page's socket. Each message the page sends replaces what the socket is doing: the
/// handler for the previous message is cancelled and a new one runs with the new input, so a page
/// that changes its seed or period never receives updates for the old one.
public struct LiveSocket: Sendable {
    let outbound: WebSocketOutboundWriter

    /// Sends one JSON message to the page.
    public func send(_ value: some Encodable) async throws {
        try await send(json: ServeJSON.encode(value))
    }

    /// Sends a message already encoded with `ServeJSON` (prepared ahead of its moment).
    public func send(json text: String) async throws {
        try await outbound.write(.text(text))
    }

    func run<Input: Decodable & Sendable>(inbound: WebSocketInboundStream,
                                          handler: @escaping @Sendable (Input, LiveSocket) async throws -> Void) async throws {
        var current: Task<Void, Never>?
        defer { current?.cancel() }
        for try await message in inbound.messages(maxSize: 1 << 16) {
            if let previous = current {
                // Wait for it to stop, so no answer for the old input arrives after the new one starts.
                previous.cancel()
                await previous.value
            }
            let bytes: [UInt8]
            switch message {
            case .text(let text): bytes = Array(text.utf8)
            case .binary(let buffer): bytes = Array(buffer: buffer)
            }
            let socket = self
            current = Task {
                do {
                    try await handler(ServeJSON.decode(Input.self, from: bytes), socket)
                } catch is CancellationError {
                } catch {
                    try? await socket.send(ServeFailure(error))
                }
            }
        }
    }
}
