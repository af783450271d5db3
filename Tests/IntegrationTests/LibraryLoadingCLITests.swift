import Foundation
import XCTest

/// zbar, libqrencode, libpng, TurboJPEG, libcurl and libpcsclite are opened with dlopen by the
/// commands that use them (CLibraryLoader). `SKEW_LIB…` names another file to open, so a test can
/// make one missing: the command that needs it stops with exit 69 naming the Debian package, and
/// the commands that do not need it never try to open it.
final class LibraryLoadingCLITests: XCTestCase {
    /// The dynamic loader lists every object it opens (LD_DEBUG=files), linked or dlopen'd: none of
    /// the six may appear for commands that only compute codes; `qr decode` is the positive control.
    func testCodeCommandsNeverOpenTheLibraries() throws {
        let names = ["libzbar", "libqrencode", "libpng16", "libturbojpeg", "libcurl", "libpcsclite"]
        let environment = ["S": "JBSWY3DPEHPK3PXP", "LD_DEBUG": "files"]
        for arguments in [["window", "--secret-env", "S"], ["locate", "--secret-env", "S", "--code", "123456", "--range", "1"],
                          ["diagnose", "--secret-env", "S", "--code", "123456"], ["seed", "show", "--secret-env", "S"]] {
            let run = try SkewProcess.run(arguments, environment: environment)
            XCTAssertTrue([0, 1].contains(run.status), "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("file=libcrypto.so.3"), "LD_DEBUG lists the objects: \(run.stderr.prefix(500))")
            for name in names { XCTAssertFalse(run.stderr.contains("file=\(name)"), "\(arguments) opened \(name)") }
        }
        let picture = SkewProcess.packageRoot.appendingPathComponent("fixtures/qr/fido.png").path
        let decode = try SkewProcess.run(["qr", "decode", picture], environment: environment)
        XCTAssertTrue(decode.stderr.contains("file=libzbar.so.0") && decode.stderr.contains("file=libpng16.so.16"), decode.stderr)
        XCTAssertFalse(decode.stderr.contains("file=libcurl"), "qr decode needs no HTTP")
    }

    func testAMissingLibraryNamesItsPackage() throws {
        let picture = SkewProcess.packageRoot.appendingPathComponent("fixtures/qr/fido.png").path
        let cases: [(arguments: [String], variable: String, package: String)] = [
            (["qr", "decode", picture], "SKEW_LIBZBAR", "libzbar0"),
            (["qr", "decode", picture], "SKEW_LIBPNG", "libpng16-16"),
            (["qr", "encode", "--secret-env", "S", "--label", "a", "--no-terminal", "--png", "-"], "SKEW_LIBQRENCODE", "libqrencode4"),
            (["token", "list"], "SKEW_LIBPCSCLITE", "libpcsclite1"),
            (["probe", "--secret-env", "S", "--url", "http://127.0.0.1:9/verify", "--max-attempts", "1"], "SKEW_LIBCURL", "libcurl4"),
        ]
        for (arguments, variable, package) in cases {
            let run = try SkewProcess.run(arguments, environment: ["S": "JBSWY3DPEHPK3PXP", variable: "/nonexistent/library.so"])
            XCTAssertEqual(run.status, 69, "\(arguments) without \(variable): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("/nonexistent/library.so cannot be loaded"), "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("install") && run.stderr.contains(package), "\(arguments): \(run.stderr)")
        }
        // The negative control: the same picture decodes with the library where it belongs.
        XCTAssertEqual(try SkewProcess.run(["qr", "decode", picture]).status, 0)
    }

    func testVersionSaysWhichLibraryIsMissing() throws {
        let run = try SkewProcess.run(["--version"], environment: ["SKEW_LIBZBAR": "/nonexistent/library.so"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("zbar not installed"), run.stdout)
    }
}
