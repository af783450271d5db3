import Foundation
import TestSupport
import XCTest

/// Which modules may reach SQLite. The emulator and the fuzzer run on machines and in loops where
/// a database library is dead weight, and the fleet rules must serve any history store, so none of
/// them may depend on `History` or GRDB, directly or through another target. Read from the
/// manifest SwiftPM itself evaluates (`swift package dump-package`), not from the source text.
final class DependencyGraphTests: XCTestCase {
    /// Every target's direct dependencies by name; a product is named `product:NAME`.
    private func dependencies() throws -> [String: [String]] {
        // A copy of the manifest alone, so the dump needs no lock on the package's build folder.
        let folder = try TemporaryFolder("dump-package")
        try FileManager.default.copyItem(at: SkewProcess.packageRoot.appendingPathComponent("Package.swift"), to: folder.file("Package.swift"))
        let run = try SkewProcess.run(["swift", "package", "dump-package"], workingDirectory: folder.url, timeout: 120,
                                      executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(run.status, 0, run.stderr)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let targets = try XCTUnwrap(manifest["targets"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: targets.map { target in
            let names = (target["dependencies"] as? [[String: [Any]]] ?? []).compactMap { dependency -> String? in
                if let name = (dependency["byName"] ?? dependency["target"])?.first as? String { return name }
                return (dependency["product"]?.first as? String).map { "product:" + $0 }
            }
            return (target["name"] as! String, names)
        })
    }

    /// The targets and products `target` reaches, itself included.
    private func closure(of target: String, in graph: [String: [String]]) -> Set<String> {
        var seen: Set<String> = [], queue = [target]
        while let next = queue.popLast() {
            if seen.insert(next).inserted { queue += graph[next] ?? [] }
        }
        return seen
    }

    func testEmulatorFuzzerAndFleetDoNotReachSQLite() throws {
        let graph = try dependencies()
        let sqlite: Set = ["History", "product:GRDB"]
        // Negative control: the walk does find SQLite where it is meant to be.
        XCTAssertEqual(closure(of: "skew", in: graph).intersection(sqlite), sqlite, "the CLI records history, so it reaches both")
        XCTAssertTrue(closure(of: "Reports", in: graph).contains("product:GRDB"), "Reports presents history rows, through History")
        for target in ["TokenEmulator", "skew-fuzz", "Fleet", "Tokens", "TokenProtocol"] {
            XCTAssertNotNil(graph[target], "\(target) is not in the manifest: rename it here too")
            XCTAssertTrue(closure(of: target, in: graph).isDisjoint(with: sqlite),
                          "\(target) reaches \(closure(of: target, in: graph).intersection(sqlite).sorted()): keep SQLite out of it")
        }
    }
}
