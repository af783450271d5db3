import Foundation
import XCTest

/// Services a test needs must be there under CI; elsewhere a missing one skips the test.
public func requireTool(_ path: String, executable: Bool = true) throws {
    let present = executable ? FileManager.default.isExecutableFile(atPath: path) : FileManager.default.fileExists(atPath: path)
    guard present else {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("\(path) is missing; scripts/install-deps installs it")
            throw XCTSkip("missing \(path)")
        }
        throw XCTSkip("\(path) is not installed")
    }
}
