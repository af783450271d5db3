import Foundation
import XCTest

/// `skew window` through the built binary, with every way of passing a secret.
final class WindowCLITests: XCTestCase {
    private let rfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    func testSecretFromEnvironmentGivesRFCCodeAsJSON() throws {
        let run = try SkewProcess.run(["window", "--secret-env", "SKEW_TEST_SECRET", "--at", "59", "--digits", "8",
                                       "--steps", "1", "--format", "json"],
                                      environment: ["SKEW_TEST_SECRET": rfcSecretBase32])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let steps = try XCTUnwrap(json["steps"] as? [[String: Any]])
        let current = try XCTUnwrap(steps.first { $0["current"] as? Bool == true })
        XCTAssertEqual(current["code"] as? String, "94287082")
        XCTAssertEqual(steps.map { $0["direction"] as? String }, ["past", "current", "future"])
        XCTAssertFalse(run.stdout.contains(rfcSecretBase32))
        XCTAssertFalse(run.stderr.contains("process list"), "no warning when the secret comes from the environment")
    }
}
