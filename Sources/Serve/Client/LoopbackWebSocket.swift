import Foundation

/// The client side of a WebSocket over a `LoopbackConnection` (RFC 6455): the upgrade, masked text
/// frames out, text frames in. Enough for the bench's 50 pages and the tests; not a general client.
public final class LoopbackWebSocket {
    public let connection: LoopbackConnection
    /// The server's answer to the upgrade (101 when it was accepted).
    public let upgrade: LoopbackResponse

    public init(port: Int, path: String, host: String, headers: [String: String] = [:]) throws {
        connection = try LoopbackConnection(port: port)
        var all = headers
        all["Upgrade"] = "websocket"
        all["Connection"] = "Upgrade"
        all["Sec-WebSocket-Version"] = "13"
        all["Sec-WebSocket-Key"] = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        upgrade = try connection.request("GET", path, host: host, headers: all)
    }

    public var isOpen: Bool { upgrade.status == 101 }

    public func send(_ text: String) throws { try send(opcode: 0x1, Array(text.utf8)) }

    private func send(opcode: UInt8, _ payload: [UInt8]) throws {
        var frame: [UInt8] = [0x80 | opcode]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65_536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame.append(0x80 | 127); frame += (0..<8).reversed().map { UInt8(truncatingIfNeeded: payload.count >> ($0 * 8)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try connection.write(frame)
    }

    /// The next text message (a ping is answered, other control frames are skipped).
    public func receive() throws -> String {
        while true {
            let head = try connection.read(2)
            var length = Int(head[1] & 0x7F)
            if length == 126 { length = try connection.read(2).reduce(0) { $0 << 8 | Int($1) } }
            if length == 127 { length = try connection.read(8).reduce(0) { $0 << 8 | Int($1) } }
            let payload = try connection.read(length)
            switch head[0] & 0x0F {
            case 0x1: return String(decoding: payload, as: UTF8.self)
            case 0x8: throw LoopbackConnection.Failure(description: "the server closed the socket")
            case 0x9: try send(opcode: 0xA, payload)
            default: continue
            }
        }
    }
}
