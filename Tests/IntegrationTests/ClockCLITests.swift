import Foundation
import XCTest

/// `skew clock --ntp` against a real chronyd on loopback with known clock shifts.
final class ClockCLITests: XCTestCase {
    private func hostOffset(server: ChronyServer) throws -> (status: Int32, offset: Double?, stderr: String) {
        let run = try SkewProcess.run(["clock", "--ntp", "127.0.0.1:\(server.port)", "--samples", "4", "--format", "json"])
        let json = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return (run.status, json?["offset_seconds"] as? Double, run.stderr)
    }

    /// Waits until chronyd has locked on to the shifted reference (it serves stratum 1 from then on).
    private func waitForLock(_ server: ChronyServer, expected: Double) throws -> Double {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let result = try hostOffset(server: server)
            if result.status == 0, let offset = result.offset, abs(offset - expected) < 0.001 { return offset }
            usleep(100_000)
        }
        return try hostOffset(server: server).offset ?? .nan
    }

    func testMeasuresSubSecondNegativeAndLargeShifts() throws {
        try requireChrony()
        for shift in [0.25, -0.75, 3600.5, -86_400.0] {
            let server = try ChronyServer(shift: shift)
            defer { server.stop() }
            // The server runs `shift` ahead, so the host's offset (host minus server) is −shift.
            let measured = try waitForLock(server, expected: -shift)
            XCTAssertEqual(measured, -shift, accuracy: 0.001, "shift \(shift)")
            if shift == 0.25 {
                let report = try SkewProcess.run(["clock", "--ntp", "127.0.0.1:\(server.port)", "--samples", "2", "--format", "json"])
                try ReportSchema.assertValid(report.stdout)
            }
        }
    }

    func testUnsynchronisedServerIsRejected() throws {
        try requireChrony()
        let server = try ChronyServer(shift: 0, feed: false)
        defer { server.stop() }
        usleep(200_000)
        let result = try hostOffset(server: server)
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("not synchronised"), result.stderr)
    }

    func testSilentServerTimesOutWithExitUnavailable() throws {
        // A UDP port nobody answers on: bind it ourselves and never reply.
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        let run = try SkewProcess.run(["clock", "--ntp", "127.0.0.1:\(port)", "--samples", "2", "--timeout", "0.2"])
        XCTAssertEqual(run.status, 69)
        XCTAssertTrue(run.stderr.contains("did not answer"), run.stderr)
        let bad = try SkewProcess.run(["clock", "--ntp", "host:notaport"])
        XCTAssertEqual(bad.status, 64)
    }

    private func requireChrony() throws {
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/chronyd") {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("chronyd is missing: scripts/install-deps installs chrony") }
            throw XCTSkip("chronyd is not installed (apt-get install chrony)")
        }
    }
}
