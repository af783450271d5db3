import Foundation
import XCTest

/// `skew serve` as a person starts it: the printed address, and the refusals of a port it cannot use.
final class ServeCLITests: XCTestCase {
    func testItPrintsALoopbackAddressWithAFreshTokenEachStart() throws {
        let first = try ServeProcess(), second = try ServeProcess()
        defer { first.stop(); second.stop() }
        for server in [first, second] {
            XCTAssertTrue(server.url.hasPrefix("http://127.0.0.1:\(server.port)/?token="), server.url)
            XCTAssertEqual(server.url.split(separator: "=").last?.count, 64)
        }
        XCTAssertNotEqual(first.url.split(separator: "=").last, second.url.split(separator: "=").last)
    }

    func testAPortInUseOrOutOfRangeIsRefused() throws {
        let running = try ServeProcess()
        defer { running.stop() }
        let taken = try SkewProcess.run(["serve", "--port", String(running.port)], timeout: 20)
        XCTAssertEqual(taken.status, 69, taken.stderr)
        XCTAssertTrue(taken.stderr.contains("cannot serve on 127.0.0.1 port \(running.port)"), taken.stderr)
        XCTAssertEqual(taken.stdout, "")
        let range = try SkewProcess.run(["serve", "--port", "70000"])
        XCTAssertEqual(range.status, 64)
        XCTAssertTrue(range.stderr.contains("--port: 70000 is not a TCP port"), range.stderr)
    }

    func testListeningBeyondLoopbackWarns() throws {
        let server = try ServeProcess(arguments: ["--listen", "0.0.0.0"])
        defer { server.stop() }
        XCTAssertTrue(server.url.hasPrefix("http://127.0.0.1:"), server.url)
        XCTAssertTrue(server.standardError.contains("warning: --listen 0.0.0.0 lets other computers reach the pages over plain HTTP"), server.standardError)
        let local = try ServeProcess()
        defer { local.stop() }
        XCTAssertFalse(local.standardError.contains("warning"), local.standardError)
    }
}
