import Foundation
import Serve
import XCTest

/// The server alone, over raw loopback connections: what a browser, another site or another user on
/// the machine could send. Every refusal has its positive control (the same request done right).
final class AccessTests: ServerTestCase {
    private var host: String { "127.0.0.1:\(server.port)" }

    private func get(_ path: String, host: String? = nil, headers: [String: String] = [:]) throws -> LoopbackResponse {
        try LoopbackConnection(port: server.port).request("GET", path, host: host ?? self.host, headers: headers)
    }

    func testThePrintedAddressTradesTheTokenForACookie() throws {
        let answer = try get("/?token=\(server.token.text)")
        XCTAssertEqual(answer.status, 303)
        XCTAssertEqual(answer.headers["location"], "/")
        let cookie = try XCTUnwrap(answer.headers["set-cookie"])
        XCTAssertTrue(cookie.hasPrefix("skew_token_\(server.port)=\(server.token.text);"))
        XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let page = try get("/window", headers: ["Cookie": "other=1; skew_token_\(server.port)=\(server.token.text)"])
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<title>Window · skew</title>"))
    }

    func testARequestWithoutTheTokenIsRefused() throws {
        for path in ["/window", "/diagnose", "/assets/skew.js", "/"] {
            let answer = try get(path)
            XCTAssertEqual(answer.status, 403, path)
            XCTAssertFalse(answer.text.contains("<html"), path)
        }
        let post = try LoopbackConnection(port: server.port).request("POST", "/api/window/snapshot", host: host,
                                                                     body: Array(#"{"seed":{"seed":"JBSWY3DPEHPK3PXP"}}"#.utf8))
        XCTAssertEqual(post.status, 403)
        XCTAssertFalse(post.text.contains("code"))
    }

    func testAWrongTokenIsRefusedEverywhereItCanBeGiven() throws {
        let wrong = String(server.token.text.dropLast()) + (server.token.text.hasSuffix("0") ? "1" : "0")
        XCTAssertEqual(try get("/window?token=\(wrong)").status, 403)
        XCTAssertEqual(try get("/window", headers: ["Cookie": "skew_token_\(server.port)=\(wrong)"]).status, 403)
        XCTAssertEqual(try get("/window", headers: ["Authorization": "Bearer \(wrong)"]).status, 403)
        XCTAssertEqual(try get("/window", headers: ["Authorization": "Bearer \(server.token.text.prefix(10))"]).status, 403)
        // The cookie of another server's port is not this server's.
        XCTAssertEqual(try get("/window", headers: ["Cookie": "skew_token_1=\(server.token.text)"]).status, 403)
        XCTAssertEqual(try get("/window", headers: ["Authorization": "Bearer \(server.token.text)"]).status, 200)
    }

    func testAForeignHostIsRefusedEvenWithTheToken() throws {
        let bearer = ["Authorization": "Bearer \(server.token.text)"]
        for foreign in ["evil.example:\(server.port)", "127.0.0.1:1", "attacker.test", "127.0.0.1"] {
            let answer = try get("/window", host: foreign, headers: bearer)
            XCTAssertEqual(answer.status, 421, foreign)
            XCTAssertFalse(answer.text.contains("<html"), foreign)
        }
        for own in ["localhost:\(server.port)", "127.0.0.1:\(server.port)", "LOCALHOST:\(server.port)"] {
            XCTAssertEqual(try get("/window", host: own, headers: bearer).status, 200, own)
        }
    }

    func testAForeignOriginIsRefusedEvenWithTheToken() throws {
        let body = Array(#"{"seed":{"seed":"JBSWY3DPEHPK3PXP"}}"#.utf8)
        func post(origin: String) throws -> LoopbackResponse {
            try LoopbackConnection(port: server.port).request("POST", "/api/window/snapshot", host: host,
                                                              headers: ["Cookie": "skew_token_\(server.port)=\(server.token.text)", "Origin": origin],
                                                              body: body)
        }
        for foreign in ["http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1:\(server.port)", "null"] {
            XCTAssertEqual(try post(origin: foreign).status, 403, foreign)
        }
        let own = try post(origin: "http://127.0.0.1:\(server.port)")
        XCTAssertEqual(own.status, 200)
        XCTAssertTrue(own.text.contains("\"current_counter\""))
    }

    func testASocketWithoutTheTokenIsRefused() throws {
        let refused = try LoopbackWebSocket(port: server.port, path: "/ws/window", host: host, headers: ["Origin": "http://\(host)"])
        XCTAssertFalse(refused.isOpen)
        // The upgrade layer answers a refused upgrade with 400 and closes the connection.
        XCTAssertTrue((400..<500).contains(refused.upgrade.status), "\(refused.upgrade.status)")
        XCTAssertTrue(refused.upgrade.body.isEmpty)
        let foreignOrigin = try LoopbackWebSocket(port: server.port, path: "/ws/window", host: host,
                                                  headers: ["Origin": "http://evil.example", "Cookie": "skew_token_\(server.port)=\(server.token.text)"])
        XCTAssertFalse(foreignOrigin.isOpen)
        let foreignHost = try LoopbackWebSocket(port: server.port, path: "/ws/window", host: "evil.example",
                                                headers: ["Cookie": "skew_token_\(server.port)=\(server.token.text)"])
        XCTAssertFalse(foreignHost.isOpen)
        // With the cookie, the same socket opens and answers.
        let socket = try LoopbackWebSocket(port: server.port, path: "/ws/window", host: host,
                                           headers: ["Origin": "http://\(host)", "Cookie": "skew_token_\(server.port)=\(server.token.text)"])
        XCTAssertTrue(socket.isOpen)
        try socket.send(#"{"seed":{"seed":"JBSWY3DPEHPK3PXP"},"steps":1}"#)
        XCTAssertTrue(try socket.receive().contains("\"current_counter\""))
    }

    func testEveryAnswerCarriesTheStrictPolicyAndIsNotCached() throws {
        let bearer = ["Authorization": "Bearer \(server.token.text)"]
        for answer in [try get("/window", headers: bearer), try get("/assets/skew.css", headers: bearer), try get("/window"),
                       try get("/nothing-here", headers: bearer)] {
            let policy = try XCTUnwrap(answer.headers["content-security-policy"])
            XCTAssertTrue(policy.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self';"), policy)
            XCTAssertTrue(policy.contains("frame-ancestors 'none'"))
            XCTAssertFalse(policy.contains("unsafe"))
            XCTAssertEqual(answer.headers["cache-control"], "no-store")
            XCTAssertEqual(answer.headers["x-content-type-options"], "nosniff")
        }
        XCTAssertEqual(try get("/nothing-here", headers: bearer).status, 404)
    }

    func testNoAssetLoadsAnythingFromElsewhere() throws {
        XCTAssertFalse(Assets.names.isEmpty)
        let external = try NSRegularExpression(pattern: #"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*['"]?(https?:|//)"#, options: [.caseInsensitive])
        for name in Assets.names {
            let text = String(decoding: try XCTUnwrap(Assets.bytes(name)), as: UTF8.self)
            let matches = external.matches(in: text, range: NSRange(text.startIndex..., in: text))
            XCTAssertEqual(matches.map { String(text[Range($0.range, in: text)!]) }, [], name)
            // No inline script or style: the policy would refuse them, so a page using one breaks.
            XCTAssertFalse(text.contains("<script>") || text.contains("style=\"") || text.contains("<style"), name)
            XCTAssertFalse(text.range(of: #"\son[a-z]+=""#, options: .regularExpression) != nil, "\(name) has an inline event handler")
        }
    }
}
