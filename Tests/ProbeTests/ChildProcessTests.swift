import ProbeVerifiers
import XCTest

/// Running verifier commands: a child that never reads its input must not take skew down with it.
final class ChildProcessTests: XCTestCase {
    /// A megabyte cannot fit in the pipe, so the write is still going when `true` exits: without
    /// the SIGPIPE handling the test process itself would be killed here.
    func testChildThatDoesNotReadItsInputIsJudgedByItsExitStatus() throws {
        let input = String(repeating: "123456\n", count: 150_000)
        for (program, status) in [("/bin/true", Int32(0)), ("/bin/false", Int32(1))] {
            let finished = try ChildProcess(arguments: [program], environment: [:]).run(input: input, timeoutSeconds: 10)
            XCTAssertEqual(finished.status, status, program)
            XCTAssertFalse(finished.timedOut, program)
        }
    }

    /// `cat` answers while it reads: more than a pipe's worth each way must not deadlock.
    func testChildThatAnswersWhileReadingGetsAllItsInput() throws {
        let input = String(repeating: "x", count: 200_000)
        let finished = try ChildProcess(arguments: ["/bin/cat"], environment: [:]).run(input: input, timeoutSeconds: 10)
        XCTAssertFalse(finished.timedOut)
        XCTAssertEqual(finished.status, 0)
        XCTAssertEqual(finished.output.count, 200_000)
    }
}
