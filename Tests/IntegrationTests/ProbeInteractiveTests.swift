import Foundation
import XCTest

/// `skew probe --interactive` in a real terminal: a Python driver runs skew on a pty, reads each
/// prompt, judges the shown code as a login with a ±1 window would, and types the answer.
final class ProbeInteractiveTests: XCTestCase {
    private static let driver = #"""
    import base64, hashlib, hmac, os, pty, re, select, struct, sys, time

    skew, secret_file, output, evidence = sys.argv[1:5]
    secret = base64.b32decode(open(secret_file).read().strip())

    def code(step):
        mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
        offset = mac[-1] & 15
        return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)

    pid, fd = pty.fork()
    if pid == 0:
        os.execv(skew, [skew, "probe", "--secret-file", secret_file, "--interactive", "--guard-seconds", "1",
                        "--format", "json", "--output", output, "--evidence", evidence])
    screen, answers, prompts, shown = b"", 0, 0, None
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        screen += data
        found = re.search(rb"code (\d{6})\s+(\d+) s left in this step", screen)
        if found:
            shown = found.group(1).decode()
        if shown and re.search(rb"rate-limited\): $", screen):
            prompts += 1
            screen = b""
            if prompts == 1:
                os.write(fd, b"maybe\n")
                continue
            current = int(time.time() // 30)
            accepted = any(code(step) == shown for step in range(current - 1, current + 2))
            os.write(fd, b"a\n" if accepted else b"r\n")
            answers += 1
            shown = None
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    print("answers", answers, "exit", os.waitstatus_to_exitcode(status))
    """#

    func testPersonAnswersAtATerminal() throws {
        try requireTool("/usr/bin/python3")
        let scratch = try ProbeScratch()
        let driver = try scratch.write("driver.py", Self.driver)
        let started = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [driver, SkewProcess.binary.path, scratch.secretFile, scratch.path("report.json"),
                             scratch.path("evidence.jsonl")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let summary = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(summary.contains("exit 0"), summary)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("report.json")))) as? [String: Any])
        let outcome = ProbeOutcome(report: report)
        outcome.assertWindow(behind: -1, ahead: 1, "interactive")
        XCTAssertEqual(report["verifier"] as? String, "interactive (a person answers)")
        XCTAssertTrue(outcome.attempts.allSatisfy { ($0["detail"] as? String ?? "").hasPrefix("person: ") })
        XCTAssertTrue(summary.contains("answers \(outcome.attemptsUsed)"), "one answer per attempt: \(summary)")
        XCTAssertTrue(outcome.attempts.allSatisfy { ($0["into_step_seconds"] as? Double ?? 99) <= 29 },
                      "no code shown in the guard seconds")
        logCase("interactive (pty)", outcome, seconds: Date().timeIntervalSince(started))
    }
}
