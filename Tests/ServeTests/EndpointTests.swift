import Diagnose
import Foundation
import OTPCore
import QRCodes
import Serve
import TestSupport
import XCTest

/// The pages' endpoints without a browser: answers checked against oathtool and zbar, bad input
/// answered with the input, the problem and the fix (and without the secret).
final class EndpointTests: ServerTestCase {
    private func post(_ path: String, _ body: [UInt8]) throws -> (status: Int, json: [String: Any]) {
        let answer = try LoopbackConnection(port: server.port).request("POST", path, host: "127.0.0.1:\(server.port)",
                                                                       headers: ["Authorization": "Bearer \(server.token.text)"], body: body)
        XCTAssertEqual(answer.headers["cache-control"], "no-store", path)
        return (answer.status, try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]))
    }

    private func post(_ path: String, json: String) throws -> (status: Int, json: [String: Any]) { try post(path, Array(json.utf8)) }

    func testTheSnapshotIsTheCurrentWindowAsOathtoolComputesIt() throws {
        try requireTool("/usr/bin/oathtool")
        let (status, json) = try post("/api/window/snapshot", json: #"{"seed":{"seed":"3132333435363738393031323334353637383930","encoding":"hex","algorithm":"SHA512","digits":8,"period":45},"steps":2}"#)
        XCTAssertEqual(status, 200)
        let window = try XCTUnwrap(json["window"] as? [String: Any])
        let steps = try XCTUnwrap(window["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.count, 5)
        let now = Date().timeIntervalSince1970
        XCTAssertLessThanOrEqual(abs((window["current_counter"] as? Int ?? 0) - Int(now / 45)), 1)
        for step in steps {
            let start = try XCTUnwrap((step["start"] as? [String: Any])?["unix"] as? Double)
            let oathtool = try SkewProcess.run(["--totp=SHA512", "--digits=8", "--time-step-size=45s", "--now=@\(Int(start))",
                                                "3132333435363738393031323334353637383930"], executable: URL(fileURLWithPath: "/usr/bin/oathtool"))
            XCTAssertEqual(step["code"] as? String, oathtool.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let seed = try XCTUnwrap(json["seed"] as? [String: Any])
        XCTAssertEqual((seed["secret"] as? [String: Any])?["hex"] as? String, "3132333435363738393031323334353637383930")
        XCTAssertEqual(seed["counter"] as? Int, window["current_counter"] as? Int)
    }

    func testBadInputNamesTheFieldAndTheFixWithoutEchoingTheSecret() throws {
        let (status, json) = try post("/api/window/snapshot", json: #"{"seed":{"seed":"JBSWY3DPEH1K3PXPSECRETTEXT"}}"#)
        XCTAssertEqual(status, 400)
        let error = try XCTUnwrap(json["error"] as? [String: String])
        XCTAssertEqual(error["input"], "seed")
        XCTAssertTrue(error["problem"]?.contains("'1'") ?? false, "\(error)")
        XCTAssertFalse(error["fix"]?.isEmpty ?? true)
        XCTAssertFalse("\(json)".contains("JBSWY3DPEH1K3PXPSECRETTEXT"))
        let digits = try post("/api/window/snapshot", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP","digits":12}}"#)
        XCTAssertEqual(digits.status, 400)
        XCTAssertEqual((digits.json["error"] as? [String: String])?["input"], "digits")
        let garbage = try post("/api/window/snapshot", json: "not json")
        XCTAssertEqual(garbage.status, 400)
        XCTAssertEqual((garbage.json["error"] as? [String: String])?["input"], "request")
        // Control: the same request, well formed.
        XCTAssertEqual(try post("/api/window/snapshot", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP","digits":8}}"#).status, 200)
    }

    func testTheQRCodeHoldsTheCompleteURIAsZbarReadsIt() throws {
        let (status, json) = try post("/api/window/qr", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP","algorithm":"SHA256","period":60},"issuer":"Contoso","account":"bob@contoso.com"}"#)
        XCTAssertEqual(status, 200, "\(json)")
        let expected = "otpauth://totp/Contoso:bob@contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso&algorithm=SHA256&digits=6&period=60"
        XCTAssertEqual(json["uri"] as? String, expected)
        let dataURL = try XCTUnwrap(json["png_data_url"] as? String)
        XCTAssertTrue(dataURL.hasPrefix("data:image/png;base64,"))
        let png = try XCTUnwrap(Data(base64Encoded: String(dataURL.dropFirst("data:image/png;base64,".count))))
        let scanned = try QRDecoder.scan(bytes: Array(png), name: "answer")
        XCTAssertEqual(scanned.payloads.first?.accounts.first?.algorithmName, "SHA256")
        XCTAssertEqual(scanned.payloads.first?.accounts.first?.period, 60)
        XCTAssertEqual(scanned.payloads.first?.accounts.first?.issuer, "Contoso")
        // A T0 other than 0 cannot travel in a URI.
        let t0 = try post("/api/window/qr", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP","t0":100},"account":"bob"}"#)
        XCTAssertEqual(t0.status, 400)
        XCTAssertEqual((t0.json["error"] as? [String: String])?["input"], "T0")
    }

    func testAnUploadedPictureGivesItsKey() throws {
        let picture = try Data(contentsOf: Fixtures.url("qr/plain.png"))
        let (status, json) = try post("/api/window/qr-upload", Array(picture))
        XCTAssertEqual(status, 200, "\(json)")
        XCTAssertEqual(json["seed"] as? String,
                       "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30")
        let none = try post("/api/window/qr-upload", Array(try Data(contentsOf: Fixtures.url("qr/no-code.png"))))
        XCTAssertEqual(none.status, 400)
    }

    func testEntraTakesSHA256OnlyInGraphJSON() throws {
        let (status, json) = try post("/api/window/entra", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP","algorithm":"SHA256"},"serial":"T1","manufacturer":"Token2","model":"C202"}"#)
        XCTAssertEqual(status, 200)
        XCTAssertNil(json["csv"])
        XCTAssertTrue((json["csv_problem"] as? String)?.contains("SHA256") ?? false)
        XCTAssertTrue((json["graph_json"] as? String)?.contains("hmacsha256") ?? false)
        let sha1 = try post("/api/window/entra", json: #"{"seed":{"seed":"JBSWY3DPEHPK3PXP"},"serial":"T1","upn":"a@b.c","manufacturer":"Token2","model":"C202"}"#)
        XCTAssertEqual(sha1.json["csv"] as? String, "upn,serial number,secret key,time interval,manufacturer,model\r\na@b.c,T1,JBSWY3DPEHPK3PXP,30,Token2,C202\r\n")
    }

    func testTheRandomSeedIsFreshAndAsLongAsTheHash() throws {
        let first = try post("/api/window/random-seed", json: #"{"algorithm":"SHA256"}"#).json
        let second = try post("/api/window/random-seed", json: #"{"algorithm":"SHA256"}"#).json
        XCTAssertEqual((first["hex"] as? String)?.count, 64)
        XCTAssertNotEqual(first["hex"] as? String, second["hex"] as? String)
        XCTAssertEqual(try post("/api/window/random-seed", json: #"{"bytes":8}"#).status, 400)
    }

    func testDiagnoseFindsNoProblemForTheRightCodeAndTheClockForALateOne() throws {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        let time = 1_767_601_800.0
        let right = try XCTUnwrap(TOTP(secret: secret, parameters: OTPParameters()).code(at: time))
        let ahead = try XCTUnwrap(TOTP(secret: secret, parameters: OTPParameters()).code(at: time + 120))
        func diagnose(_ code: String) throws -> [String: Any] {
            let answer = try post("/api/diagnose/run", json: #"{"seed":{"seed":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},"codes":[{"code":"\#(code)","at":"1767601800"}],"zone_offset_minutes":0}"#)
            XCTAssertEqual(answer.status, 200, "\(answer.json)")
            return answer.json
        }
        let good = try diagnose(right)
        XCTAssertEqual(good["no_problem"] as? Bool, true)
        let late = try diagnose(ahead)
        XCTAssertEqual(late["no_problem"] as? Bool, false)
        let first = try XCTUnwrap((late["explanations"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["offset_steps"] as? [Int], [4])
        // A lone code asks for the next one, worded as the page's control, never as a CLI option;
        // the right code needs no further observation (the negative control).
        let advice = try XCTUnwrap(late["advice"] as? String)
        XCTAssertTrue(advice.hasSuffix(Guidance("", remedy: .addNextCode).pageText), advice)
        XCTAssertFalse(advice.contains("--"), advice)
        XCTAssertNil(good["advice"] as? String)
    }

    func testTheLiveTableMovesAtEachStepAndFollowsTheLatestInput() throws {
        let socket = try LoopbackWebSocket(port: server.port, path: "/ws/window", host: "127.0.0.1:\(server.port)",
                                           headers: ["Authorization": "Bearer \(server.token.text)"])
        func fingerprintAndCounter(_ text: String) throws -> (String, Int) {
            let window = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["window"] as? [String: Any])
            return (try XCTUnwrap((window["parameters"] as? [String: Any])?["secret_fingerprint"] as? String),
                    try XCTUnwrap(window["current_counter"] as? Int))
        }
        try socket.send(#"{"seed":{"seed":"JBSWY3DPEHPK3PXP","period":1},"steps":1}"#)
        let (first, start) = try fingerprintAndCounter(try socket.receive())
        let (_, next) = try fingerprintAndCounter(try socket.receive())
        XCTAssertEqual(next, start + 1, "pushed at the next step")
        try socket.send(#"{"seed":{"seed":"GEZDGNBVGY3TQOJQ","period":1},"steps":1}"#)
        var seen: [String] = []
        for _ in 0..<3 { seen.append(try fingerprintAndCounter(try socket.receive()).0) }
        // At most one table for the old seed (already on its way), then only the new one's.
        let firstNew = try XCTUnwrap(seen.firstIndex { $0 != first })
        XCTAssertLessThanOrEqual(firstNew, 1)
        XCTAssertEqual(Set(seen[firstNew...]).count, 1)
        XCTAssertFalse(seen[firstNew...].contains(first))
    }

    func testTheTickerSendsAtEveryStepStartWhatWasPreparedForIt() async throws {
        let parameters = OTPParameters(period: 1)
        var sent: [(preparedFor: Double, at: Double)] = []
        do {
            try await StepTicker(parameters: parameters).run(prepare: { $0 }, send: { time in
                sent.append((time, Date().timeIntervalSince1970))
                if sent.count == 3 { throw CancellationError() }
            })
        } catch is CancellationError {}
        XCTAssertEqual(sent.count, 3)
        for (earlier, later) in zip(sent, sent.dropFirst()) {
            XCTAssertEqual(parameters.counter(at: later.preparedFor), parameters.counter(at: earlier.preparedFor) + 1)
            XCTAssertEqual(later.preparedFor, later.preparedFor.rounded(.down), "prepared for the step's start")
            XCTAssertGreaterThanOrEqual(later.at, later.preparedFor, "not sent before its step")
            XCTAssertLessThan(later.at - later.preparedFor, 0.2, "sent \(later.at - later.preparedFor) s after the step's start")
        }
    }
}
