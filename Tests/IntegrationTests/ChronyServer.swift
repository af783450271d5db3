import Foundation
import XCTest

/// A real NTP server on loopback whose clock is shifted by a known amount: chronyd with a `SOCK`
/// reference clock that this harness feeds every 5 ms (recipe: docs/testing.md). It never touches the
/// system clock (`-x`).
final class ChronyServer: @unchecked Sendable {
    let port: UInt16
    private let folder: URL
    private let process = Process()
    private var feeding = true
    private let feeder = DispatchGroup()
    private let lock = NSLock()
    private var shift: Double

    /// Starts chronyd on a free port; `feed: false` leaves it without a reference (unsynchronised).
    init(shift: Double, feed: Bool = true) throws {
        self.shift = shift
        port = UInt16(20_000 + Int.random(in: 0..<20_000))
        folder = URL(fileURLWithPath: "/tmp/skc-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            port \(port)
            bindaddress 127.0.0.1
            allow 127.0.0.1
            cmdport 0
            bindcmdaddress /
            pidfile \(folder.path)/chronyd.pid
            refclock SOCK \(folder.path)/ref.sock refid FAKE poll -6 filter 1

            """
        try config.write(to: folder.appendingPathComponent("chrony.conf"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/chronyd")
        process.arguments = ["-4", "-U", "-u", NSUserName(), "-x", "-d", "-f", folder.appendingPathComponent("chrony.conf").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let socketPath = folder.appendingPathComponent("ref.sock").path
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard Date() < deadline else { stop(); throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: socketPath]) }
            usleep(10_000)
        }
        if feed { startFeeding(socketPath) }
    }

    func setShift(_ value: Double) {
        lock.withLock { shift = value }
    }

    private func startFeeding(_ socketPath: String) {
        DispatchQueue.global().async(group: feeder) { [self] in
            let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(socketPath.utf8)
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            while lock.withLock({ feeding }) {
                var now = timeval()
                gettimeofday(&now, nil)
                var datagram = [UInt8](repeating: 0, count: 40)
                datagram.withUnsafeMutableBytes { raw in
                    raw.storeBytes(of: Int64(now.tv_sec), toByteOffset: 0, as: Int64.self)
                    raw.storeBytes(of: Int64(now.tv_usec), toByteOffset: 8, as: Int64.self)
                    raw.storeBytes(of: lock.withLock { shift }, toByteOffset: 16, as: Double.self)
                    raw.storeBytes(of: Int32(0), toByteOffset: 24, as: Int32.self)
                    raw.storeBytes(of: Int32(0), toByteOffset: 28, as: Int32.self)
                    raw.storeBytes(of: Int32(0), toByteOffset: 32, as: Int32.self)
                    raw.storeBytes(of: Int32(0x534F_434B), toByteOffset: 36, as: Int32.self)
                }
                _ = withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                        datagram.withUnsafeBytes {
                            sendto(descriptor, $0.baseAddress, 40, 0, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
                        }
                    }
                }
                usleep(5_000)
            }
        }
    }

    /// Waits (up to 10 s) until chronyd serves the time shifted by `expected`, as `skew clock`
    /// measures it (the host's offset, host minus server, is then −`expected`).
    func waitForLock(expected: Double) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let run = try SkewProcess.run(["clock", "--ntp", "127.0.0.1:\(port)", "--samples", "2", "--format", "json"])
            let json = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            if run.status == 0, let offset = json?["offset_seconds"] as? Double, abs(offset + expected) < 0.001 { return }
            usleep(100_000)
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "chronyd did not serve the shifted time within 10 s"])
    }

    func stop() {
        lock.withLock { feeding = false }
        feeder.wait()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }
}
