import Foundation

/// Measures the host clock against an NTP server: several SNTP exchanges over UDP, keeping the one
/// with the smallest round-trip delay (its offset has the smallest error bound, ±delay/2).
public struct SNTPClient: Sendable {
    public struct Measurement: Sendable, Equatable {
        public var server: String
        /// Server clock minus host clock, in seconds: add it to host time to get true time.
        public var offset: Double
        public var delay: Double
        /// Half the best round trip: the offset is known to within this.
        public var uncertainty: Double { delay / 2 }
        /// Host clock minus server clock: the host's offset in the sign every report uses (the
        /// measured clock minus its reference), the opposite of NTP's `offset`.
        public var hostOffset: Double { -offset }
        public var stratum: Int
        public var referenceName: String
        public var samplesAnswered: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        case badServer(String)
        case unreachable(server: String, reason: String)
        case noAnswer(server: String, timeout: Double, samples: Int)
        case rejected(server: String, reason: SNTPPacket.ParseError)

        public var description: String {
            switch self {
            case .badServer(let text):
                return "'\(text)' is not a server name"
            case .unreachable(let server, let reason):
                return "NTP server \(server) cannot be reached (\(reason))"
            case .noAnswer(let server, let timeout, let samples):
                return "NTP server \(server) did not answer any of \(samples) queries within \(timeout) s each"
            case .rejected(let server, let reason):
                return "NTP server \(server) gave no usable time: \(reason)"
            }
        }
    }

    public var host: String
    public var port: UInt16
    public var samples: Int
    public var timeout: Double

    /// Parses `HOST` or `HOST:PORT` (default port 123).
    public init(server: String, samples: Int = 4, timeout: Double = 1) throws(Failure) {
        let parts = server.split(separator: ":", omittingEmptySubsequences: false)
        guard !server.isEmpty, parts.count <= 2, !parts[0].isEmpty else { throw .badServer(server) }
        host = String(parts[0])
        if parts.count == 2 {
            guard let port = UInt16(parts[1]), port > 0 else { throw .badServer(server) }
            self.port = port
        } else {
            port = 123
        }
        self.samples = max(1, samples)
        self.timeout = timeout
    }

    public var serverName: String { "\(host):\(port)" }

    public func measure() throws(Failure) -> Measurement {
        let socket = try openSocket()
        defer { close(socket) }
        var best: Reply?
        var answered = 0
        var lastRejection: SNTPPacket.ParseError?
        for index in 0..<samples {
            if index > 0 { usleep(20_000) }
            switch exchange(socket) {
            case .success(let reply):
                answered += 1
                if best == nil || reply.sample.delay < best!.sample.delay { best = reply }
            case .failure(.rejected(_, let reason)):
                answered += 1
                lastRejection = reason
            case .failure:
                continue
            }
        }
        guard let best else {
            if let lastRejection { throw .rejected(server: serverName, reason: lastRejection) }
            throw .noAnswer(server: serverName, timeout: timeout, samples: samples)
        }
        return Measurement(server: serverName, offset: best.sample.offset, delay: max(best.sample.delay, 0),
                           stratum: best.stratum, referenceName: best.reference, samplesAnswered: answered)
    }

    /// One answered exchange and what the server said about itself.
    private struct Reply {
        var sample: SNTPSample
        var stratum: Int
        var reference: String
    }

    private func openSocket() throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let info = result else {
            throw .unreachable(server: serverName, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }
        let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard descriptor >= 0 else { throw .unreachable(server: serverName, reason: String(cString: strerror(errno))) }
        guard connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreachable(server: serverName, reason: reason)
        }
        return descriptor
    }

    private func exchange(_ descriptor: Int32) -> Result<Reply, Failure> {
        let t1 = HostClock.now()
        let request = SNTPPacket.request(transmit: t1)
        let sent = request.bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == SNTPPacket.size else {
            return .failure(.unreachable(server: serverName, reason: String(cString: strerror(errno))))
        }
        let deadline = HostClock.monotonic() + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let remaining = deadline - HostClock.monotonic()
            guard remaining > 0 else { return .failure(.noAnswer(server: serverName, timeout: timeout, samples: 1)) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32((remaining * 1000).rounded(.up))) > 0 else { continue }
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            let t4 = HostClock.now()
            guard received > 0 else {
                return .failure(.unreachable(server: serverName, reason: String(cString: strerror(errno))))
            }
            do {
                let reply = try SNTPPacket(reply: Array(buffer.prefix(received)), expectedOriginate: request.stamp)
                let sample = SNTPSample(t1: t1, t2: SNTPPacket.unixTime(ntp: reply.receiveTimestamp),
                                        t3: SNTPPacket.unixTime(ntp: reply.transmitTimestamp), t4: t4)
                return .success(Reply(sample: sample, stratum: Int(reply.stratum), reference: reply.referenceName))
            } catch .notOurRequest {
                continue  // a late reply to an earlier query: keep waiting for ours
            } catch {
                return .failure(.rejected(server: serverName, reason: error))
            }
        }
    }
}
