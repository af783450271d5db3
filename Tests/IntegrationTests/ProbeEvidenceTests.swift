import Foundation
import XCTest

/// What a probe leaves behind: the evidence file survives an interrupted run, and the result renders
/// as HTML (with the window picture), CSV and JSON.
final class ProbeEvidenceTests: XCTestCase {
    func testInterruptedProbeKeepsItsEvidence() throws {
        try requireTool("/usr/bin/oathtool")
        let scratch = try ProbeScratch()
        // Answers three codes, then hangs (recording its PID so the test can stop it).
        let script = try scratch.write("slow.sh", """
            #!/bin/sh
            count=$(cat '\(scratch.path("count"))' 2>/dev/null || echo 0)
            count=$((count + 1))
            echo $count > '\(scratch.path("count"))'
            if [ $count -ge 4 ]; then echo $$ > '\(scratch.path("hung.pid"))'; exec sleep 60; fi
            exec /usr/bin/oathtool --totp -b -w 1 "$(cat '\(scratch.secretFile)')" "$1" >/dev/null 2>&1

            """, executable: true)
        let process = Process()
        process.executableURL = SkewProcess.binary
        process.arguments = ["probe", "--secret-file", scratch.secretFile, "--cmd", "\(script) {code}", "--timeout", "120",
                             "--evidence", scratch.path("evidence.jsonl"), "--format", "json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: scratch.path("hung.pid")) && Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if let pid = Int32((try? String(contentsOfFile: scratch.path("hung.pid"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
            kill(pid, SIGKILL)
        }
        let attempts = try scratch.evidenceAttempts()
        XCTAssertEqual(attempts.count, 3, "the three answered attempts are on disk although skew was killed")
        for attempt in attempts {
            for key in ["offset", "step", "sent_at", "sent_at_utc", "seconds_into_step", "outcome", "latency_seconds"] {
                XCTAssertNotNil(attempt[key], key)
            }
        }
        XCTAssertEqual(attempts.first?["outcome"] as? String, "accepted")
    }

    func testHTMLCSVAndJSONReports() throws {
        try requireTool("/usr/bin/oathtool")
        let scratch = try ProbeScratch()
        let script = try scratch.write("oath.sh", """
            #!/bin/sh
            exec /usr/bin/oathtool --totp -b -w 1 "$(cat '\(scratch.secretFile)')" "$1" >/dev/null 2>&1

            """, executable: true)
        let run = try SkewProcess.run(["probe", "--secret-file", scratch.secretFile, "--cmd", "\(script) {code}",
                                       "--evidence", scratch.path("evidence.jsonl"), "--output", scratch.path("probe.html"),
                                       "--report", "--report-dir", scratch.path("reports")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOfFile: scratch.path("probe.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<svg"), "the window is drawn")
        XCTAssertTrue(html.contains("window -1 … +1 steps (-30 … +30 s)"), html)
        XCTAssertFalse(html.contains(ProbeScratch.secretBase32))
        XCTAssertTrue(run.stdout.contains("-1 … +1 steps (-30 … +30 s)"), "the result still prints on the terminal: \(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path("reports"))
        let csvName = try XCTUnwrap(files.first { $0.hasSuffix(".csv") })
        let csv = try String(contentsOfFile: scratch.path("reports/\(csvName)"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("#,purpose,offset,counter,sent (UTC),s into step,outcome,latency ms,detail\r\n"), csv)
        let jsonName = try XCTUnwrap(files.first { $0.hasSuffix(".json") })
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("reports/\(jsonName)")))) as? [String: Any])
        XCTAssertEqual(json["window"] as? String, "-1 … +1 steps (-30 … +30 s)")
        XCTAssertEqual((json["ahead"] as? [String: Any])?["bound_seconds"] as? Int, 30)
    }
}
