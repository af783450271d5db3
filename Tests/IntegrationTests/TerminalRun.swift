import Foundation
import XCTest

/// Runs skew with standard output on a real pty of a given width (Python's `pty`, so skew sees a
/// terminal and asks it for its size) and measures every line with Python's own East Asian width
/// table, not skew's. Standard error (messages, not tables; the terminal wraps those itself) goes
/// to a file and is shown only when the exit status is not the expected one.
enum TerminalRun {
    static let driver = #"""
    import fcntl, json, os, pty, struct, sys, termios, unicodedata

    columns, stdin_text, stderr_path, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    feed_read, feed_write = os.pipe()
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(feed_read, 0)
        os.dup2(os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        os.execv(argv[0], argv)
    os.close(feed_read)
    os.write(feed_write, stdin_text.encode())
    os.close(feed_write)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)

    def width(line):
        total = 0
        for character in line:
            if unicodedata.combining(character):
                continue
            total += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
        return total

    text = output.decode().replace("\r\n", "\n")
    lines = text.split("\n")
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "text": text,
                      "widest": max(width(line) for line in lines)}))
    """#

    /// Runs skew on a `columns`-wide pty with `stdin` fed to it; checks its exit status (nil:
    /// any) and returns its standard output as the screen shows it and the widest line's columns.
    static func run(_ arguments: [String], columns: Int, stdin: String = "", exitStatus: Int? = 0,
                    scratch: URL) throws -> (text: String, widest: Int) {
        try requireTool("/usr/bin/python3")
        let script = scratch.appendingPathComponent("terminal_driver.py")
        try driver.write(to: script, atomically: true, encoding: .utf8)
        let stderr = scratch.appendingPathComponent("terminal_stderr.txt")
        let run = try SkewProcess.run([script.path, String(columns), stdin, stderr.path, SkewProcess.binary.path] + arguments,
                                      executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        if let exitStatus {
            let messages = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            XCTAssertEqual(result["status"] as? Int, exitStatus, (result["text"] as? String ?? "") + messages)
        }
        return (try XCTUnwrap(result["text"] as? String), try XCTUnwrap(result["widest"] as? Int))
    }
}
