import Foundation

/// The card side of vpcd's TCP link (docs/testing.md): every message is a 2-byte big-endian length and
/// the payload. Connects to 127.0.0.1 only; vpcd itself listens on every interface.
///
/// TCP_NODELAY and TCP_QUICKACK (re-armed after every read, since the kernel clears it) keep
/// each APDU at about 0.1 ms instead of waiting 40 ms for delayed ACKs.
struct VPCDSocket: Sendable {
    let descriptor: Int32

    struct Failure: Error {
        var reason: String
    }

    static func connect(port: UInt16) throws(Failure) -> VPCDSocket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(reason: reason)
        }
        let link = VPCDSocket(descriptor: descriptor)
        link.setOption(TCP_NODELAY)
        link.quickAck()
        return link
    }

    private func setOption(_ option: Int32) {
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), option, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    private func quickAck() { setOption(Int32(TCP_QUICKACK)) }

    /// The next message, or nil when the link closed.
    func readMessage() -> [UInt8]? {
        guard let header = readExactly(2) else { return nil }
        let length = Int(header[0]) << 8 | Int(header[1])
        return length == 0 ? [] : readExactly(length)
    }

    /// Writes length and payload in one segment.
    func writeMessage(_ payload: [UInt8]) -> Bool {
        var frame = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var offset = 0
        while offset < frame.count {
            let written = frame[offset...].withUnsafeMutableBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        frame.removeAll()
        return true
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = buffer[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else { return nil }
            offset += received
            quickAck()
        }
        return buffer
    }

    /// Wakes a blocked read from another thread (the link then reads as closed).
    func shutdownLink() { shutdown(descriptor, Int32(SHUT_RDWR)) }

    func closeLink() { close(descriptor) }
}
