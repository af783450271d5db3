import Foundation
import XCTest

/// Shared helpers for `skew probe` tests against real verifiers: a temporary folder with the test
/// secret in a file, helper scripts, and reading the JSON report.
final class ProbeScratch {
    /// A throwaway test secret; it only ever lives in files inside the scratch folder.
    static let secretBase32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    let folder: URL
    var secretFile: String { folder.appendingPathComponent("secret.txt").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("secret.txt", Self.secretBase32 + "\n")
    }

    /// Verifier servers started by `startHTTPVerifier`, stopped by PID with the scratch folder.
    private var servers: [Process] = []

    deinit {
        for server in servers where server.isRunning {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The HTTP verifier the probe tests and the probe page test run (a Python server on a free port).
    static let httpVerifierScript = #"""
    import base64, hashlib, hmac, json, struct, sys, time
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from urllib.parse import parse_qs, urlparse

    config = json.load(open(sys.argv[1]))
    secret = base64.b32decode(open(config["secret_file"]).read().strip())
    period = config.get("period", 30)
    state = {}

    def reset():
        state.update(skew=config.get("skew", 0), used=set(), highest=None, fails=0, locked=False, recent=[])

    def code(step):
        mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
        offset = mac[-1] & 15
        return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)

    class Verifier(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/state":
                return self.reply(200, {"skew": state["skew"], "fails": state["fails"], "locked": state["locked"]})
            self.judge(parse_qs(urlparse(self.path).query).get("code", [""])[0])

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            if self.path == "/reset":
                reset()
                return self.reply(200, {"reset": True})
            if self.headers.get("Content-Type", "").startswith("application/json"):
                submitted = str(json.loads(raw).get("code", ""))
            else:
                submitted = parse_qs(raw).get("code", [""])[0]
            self.judge(submitted)

        def fail(self, reason):
            state["fails"] += 1
            if config.get("lockout") and state["fails"] >= config["lockout"]:
                state["locked"] = True
            self.reply(config.get("reject_status", 200), {"ok": False, "result": {"status": "rejected"}, "reason": reason})

        def judge(self, submitted):
            for name, value in config.get("require_headers", {}).items():
                if self.headers.get(name) != value:
                    return self.reply(400, {"error": "missing header " + name})
            cookie = config.get("require_cookie")
            if cookie and cookie not in self.headers.get("Cookie", ""):
                return self.reply(401, {"error": "no session cookie"})
            now = time.time()
            limit = config.get("rate_limit")
            if limit:
                state["recent"] = [t for t in state["recent"] if t > now - limit[1]]
                if len(state["recent"]) >= limit[0]:
                    return self.reply(429, {"error": "slow down"})
                state["recent"].append(now)
            if state["locked"]:
                return self.fail("locked")
            current = int(now // period) + state["skew"]
            step = next((s for s in range(current - config["behind"], current + config["ahead"] + 1)
                         if code(s) == submitted), None)
            if step is None:
                return self.fail("outside window")
            replay = config.get("replay")
            if replay == "exact" and step in state["used"]:
                return self.fail("replay")
            if replay == "monotonic" and state["highest"] is not None and step <= state["highest"]:
                return self.fail("replay")
            if replay == "marked" and step in state["used"]:
                state["fails"] += 1
                return self.reply(200, {"ok": False, "error": "code already used"})
            state["used"].add(step)
            state["highest"] = step if state["highest"] is None else max(state["highest"], step)
            state["fails"] = 0
            if config.get("recentre"):
                state["skew"] = step - int(now // period)
            self.reply(200, {"ok": True, "result": {"status": "accepted"}})

    reset()
    server = HTTPServer(("127.0.0.1", 0), Verifier)
    if config.get("tls"):
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(config["tls"]["cert"], config["tls"]["key"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_port, flush=True)
    server.serve_forever()
    """#

    /// Starts a verifier server with `config` and returns its base URL.
    func startHTTPVerifier(_ config: [String: Any]) throws -> String {
        var config = config
        config["secret_file"] = secretFile
        let name = "server-\(servers.count)"
        try write("\(name).json", String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self))
        let script = try write("verifier_server.py", Self.httpVerifierScript)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, path("\(name).json")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        servers.append(process)
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let port = try XCTUnwrap(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                                 "the test server did not report its port")
        return "http://127.0.0.1:\(port)"
    }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { chmod(path, 0o755) }
        return path
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs `skew probe` with the scratch secret file and JSON output, timing it.
    /// With `secretInEnvironment` the secret comes from SKEW_PROBE_TEST_SECRET, which spawned
    /// commands must not inherit.
    func probe(_ arguments: [String], secretInEnvironment: Bool = false,
               timeout: TimeInterval = 90) throws -> (run: SkewRun, report: [String: Any], seconds: Double) {
        let started = Date()
        let secretArguments = secretInEnvironment ? ["--secret-env", "SKEW_PROBE_TEST_SECRET"] : ["--secret-file", secretFile]
        let run = try SkewProcess.run(["probe", "--format", "json", "--evidence", path("evidence.jsonl")] + secretArguments
                                      + arguments,
                                      environment: secretInEnvironment ? ["SKEW_PROBE_TEST_SECRET": Self.secretBase32] : [:],
                                      timeout: timeout)
        let seconds = Date().timeIntervalSince(started)
        let report = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]) ?? [:]
        XCTAssertFalse(run.stdout.contains(Self.secretBase32), "the secret must not reach the report")
        XCTAssertFalse(run.stderr.contains(Self.secretBase32), "the secret must not reach messages")
        if let evidence = try? String(contentsOfFile: path("evidence.jsonl"), encoding: .utf8) {
            XCTAssertFalse(evidence.contains(Self.secretBase32), "the secret must not reach the evidence")
        }
        return (run, report, seconds)
    }

    /// Evidence lines of kind "attempt", as written during the run.
    func evidenceAttempts() throws -> [[String: Any]] {
        try String(contentsOfFile: path("evidence.jsonl"), encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "attempt" }
    }
}

/// Reading the parts of a probe report the tests check.
struct ProbeOutcome {
    let report: [String: Any]

    var behind: Int? { (report["behind"] as? [String: Any])?["accepted_steps"] as? Int }
    var behindBound: Int? { (report["behind"] as? [String: Any])?["bound_steps"] as? Int }
    var ahead: Int? { (report["ahead"] as? [String: Any])?["accepted_steps"] as? Int }
    var aheadBound: Int? { (report["ahead"] as? [String: Any])?["bound_steps"] as? Int }
    var confidence: String? { report["confidence"] as? String }
    var attemptsUsed: Int { report["attempts_used"] as? Int ?? -1 }
    var failuresUsed: Int { report["failures_used"] as? Int ?? -1 }
    var resets: Int { report["resets"] as? Int ?? -1 }
    func behaviour(_ name: String) -> String? {
        (report["behaviours"] as? [String: Any])?[name].map { "\($0)" }
    }
    func edgeAttempts(_ name: String) -> Int { (report[name] as? [String: Any])?["attempts"] as? Int ?? -1 }
    var attempts: [[String: Any]] { report["attempts"] as? [[String: Any]] ?? [] }

    /// Asserts an exact window −behind…+ahead.
    func assertWindow(behind expectedBehind: Int, ahead expectedAhead: Int, _ label: String,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(confidence, "exact", label, file: file, line: line)
        XCTAssertEqual(behind, expectedBehind, label, file: file, line: line)
        XCTAssertEqual(behindBound, expectedBehind, label, file: file, line: line)
        XCTAssertEqual(ahead, expectedAhead, label, file: file, line: line)
        XCTAssertEqual(aheadBound, expectedAhead, label, file: file, line: line)
    }
}

/// ⌈log2(R+1)⌉ + 2: the most attempts one edge may use against a stateless verifier.
func attemptLimitPerDirection(range: Int) -> Int {
    var bits = 0
    while (1 << bits) < range + 1 { bits += 1 }
    return bits + 2
}

/// One line per test case for the closing note: attempts and wall time.
func logCase(_ name: String, _ outcome: ProbeOutcome, seconds: Double) {
    print("probe-case \(name): attempts \(outcome.attemptsUsed) (ahead edge \(outcome.edgeAttempts("ahead")), behind edge \(outcome.edgeAttempts("behind"))), failures \(outcome.failuresUsed), wall \(String(format: "%.2f", seconds)) s")
}
