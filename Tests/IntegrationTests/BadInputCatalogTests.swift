import Foundation
import History
import XCTest

/// Every way a person can hand `skew` bad input, with the exit code and the words of the error each
/// must produce. No input may crash the binary, and an error writes nothing to standard output.
final class BadInputCatalogTests: XCTestCase {
    struct Case {
        var name: String
        var arguments: [String]
        var environment: [String: String] = [:]
        var stdin: String? = nil
        var status: Int32
        var message: String
    }

    private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skew-catalog-\(getpid())")
    private static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private let good = ["S": "JBSWY3DPEHPK3PXP"]

    override class func setUp() {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path("empty.txt"), contents: Data())
        _ = FileManager.default.createFile(atPath: path("huge.txt"), contents: Data(repeating: 0x41, count: 1_000_000))
        _ = FileManager.default.createFile(atPath: path("not.pskc"), contents: Data("<KeyContainer><KeyPackage>".utf8))
        _ = FileManager.default.createFile(atPath: path("text.png"), contents: Data("this is not a picture".utf8))
        _ = FileManager.default.createFile(atPath: path("truncated.png"), contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]))
        _ = FileManager.default.createFile(atPath: path("garbage.sqlite"), contents: Data(repeating: 0x5A, count: 8192))
        _ = try? SQLiteHistoryStore(path: path("one.sqlite")).record(HistoryEvent(token: "T1", kind: .measurement, time: 1, offset: 0, uncertainty: 0.1,
                                                                         reference: "host", method: "manual"))
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Cases that need no service running (PC/SC and verifier cases live with their own tests and
    /// are listed in docs/hardening.md's catalogue too).
    private var cases: [Case] {
        let path = Self.path
        let pngFixtures = SkewProcess.packageRoot.appendingPathComponent("fixtures/qr").path
        return [
            // Secrets
            Case(name: "base32 look-alike 0", arguments: ["window", "--secret-env", "S"], environment: ["S": "JBSWY3DPEHPK3PX0"], status: 65, message: "letter O"),
            Case(name: "base32 look-alike 1", arguments: ["window", "--secret-env", "S"], environment: ["S": "JBSWY1DPEHPK3PXP"], status: 65, message: "letter I or L"),
            Case(name: "base32 look-alike 8", arguments: ["window", "--secret-env", "S"], environment: ["S": "JBSWY3DPEHPK8PXP"], status: 65, message: "letter B"),
            Case(name: "base32 wrong length", arguments: ["window", "--secret-env", "S"], environment: ["S": "JBSWY3DPEHPK3P"], status: 65, message: "cannot encode whole bytes"),
            Case(name: "base32 padding inside", arguments: ["window", "--secret-env", "S"], environment: ["S": "JBSW==Y3DP"], status: 65, message: "after '=' padding"),
            Case(name: "hex given as base32", arguments: ["window", "--secret-env", "S"], environment: ["S": "3132333435363738393031323334353637383930"], status: 65, message: "--hex"),
            Case(name: "hex odd length", arguments: ["window", "--hex", "--secret-env", "S"], environment: ["S": "313"], status: 65, message: "odd number"),
            Case(name: "hex bad digit", arguments: ["window", "--hex", "--secret-env", "S"], environment: ["S": "31G3"], status: 65, message: "if this is a base32 secret, read it as base32 (leave out --hex)"),
            Case(name: "secret empty on stdin", arguments: ["window", "--secret", "-"], stdin: "\n", status: 65, message: "text is empty"),
            Case(name: "secret too long", arguments: ["window", "--hex", "--secret-env", "S"], environment: ["S": String(repeating: "AB", count: 129)], status: 65, message: "more than the 128"),
            Case(name: "no secret", arguments: ["window"], status: 64, message: "no secret was given"),
            Case(name: "two secrets", arguments: ["window", "--secret-env", "S", "--secret", "-"], environment: good, status: 64, message: "more than once"),
            Case(name: "unset variable", arguments: ["window", "--secret-env", "NOT_SET_ANYWHERE"], status: 65, message: "not set"),
            Case(name: "missing secret file", arguments: ["window", "--secret-file", path("missing.txt")], status: 66, message: "cannot read the secret file"),
            Case(name: "empty secret file", arguments: ["window", "--secret-file", path("empty.txt")], status: 65, message: "text is empty"),
            Case(name: "huge secret file", arguments: ["window", "--secret-file", path("huge.txt")], status: 65, message: "far more than a secret"),
            Case(name: "secret file is a folder", arguments: ["window", "--secret-file", Self.folder.path], status: 66, message: "cannot read the secret file"),
            // otpauth URIs
            Case(name: "URI without secret", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/x?issuer=A"], status: 65, message: "no secret="),
            Case(name: "URI bad algorithm", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"], status: 65, message: "not a known algorithm"),
            Case(name: "URI bad digits", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4"], status: 65, message: "4 digits"),
            Case(name: "URI zero period", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0"], status: 65, message: "period of 0"),
            Case(name: "URI wrong type", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://yubi/x?secret=JBSWY3DPEHPK3PXP"], status: 65, message: "neither totp nor hotp"),
            Case(name: "URI hotp without counter", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"], status: 65, message: "counter"),
            Case(name: "URI broken escape", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/a%2?secret=JBSWY3DPEHPK3PXP"], status: 65, message: "'%' escape"),
            Case(name: "URI bad secret inside", arguments: ["window", "--secret-env", "S"], environment: ["S": "otpauth://totp/a?secret=JBSW1"], status: 65, message: "character 5 is '1'"),
            // Parameters, times, ranges, codes
            Case(name: "digits 5", arguments: ["window", "--secret-env", "S", "--digits", "5"], environment: good, status: 65, message: "5 digits"),
            Case(name: "digits 11", arguments: ["window", "--secret-env", "S", "--digits", "11"], environment: good, status: 65, message: "11 digits"),
            Case(name: "negative period", arguments: ["window", "--secret-env", "S", "--period=-30"], environment: good, status: 65, message: "period"),
            Case(name: "unknown algorithm", arguments: ["window", "--secret-env", "S", "--algorithm", "sha3"], environment: good, status: 65, message: "not a known algorithm"),
            Case(name: "time words", arguments: ["window", "--secret-env", "S", "--at", "next tuesday"], environment: good, status: 65, message: "is not a time"),
            Case(name: "time without zone", arguments: ["window", "--secret-env", "S", "--at", "2026-11-29T10:00:00"], environment: good, status: 65, message: "no time zone"),
            Case(name: "time impossible date", arguments: ["window", "--secret-env", "S", "--at", "2026-02-30T10:00:00Z"], environment: good, status: 65, message: "not a real date"),
            Case(name: "time offset +25:00", arguments: ["window", "--secret-env", "S", "--at", "2025-01-01T00:00:00+25:00"], environment: good, status: 65, message: "+25:00, which is not a UTC offset"),
            Case(name: "time offset +24:00", arguments: ["window", "--secret-env", "S", "--at", "2025-01-01T00:00:00+24:00"], environment: good, status: 65, message: "not a UTC offset"),
            Case(name: "time offset +30:00", arguments: ["locate", "--secret-env", "S", "--code", "123456", "--at", "2025-01-01T00:00:00+30:00"], environment: good, status: 65, message: "not a UTC offset"),
            Case(name: "time offset minutes 60", arguments: ["diagnose", "--secret-env", "S", "--code", "123456", "--at", "2025-01-01T00:00:00+05:60"], environment: good, status: 65, message: "not a UTC offset"),
            Case(name: "time offset +99:99", arguments: ["drift", "forecast", "T", "--history", path("h.sqlite"), "--at", "2025-01-01T00:00:00+99:99"], status: 65, message: "-23:59 to +23:59"),
            Case(name: "window steps too many", arguments: ["window", "--secret-env", "S", "--steps", "1000001"], environment: good, status: 64, message: "outside"),
            Case(name: "locate without code", arguments: ["locate", "--secret-env", "S"], environment: good, status: 64, message: "no code was given"),
            Case(name: "locate letters in code", arguments: ["locate", "--secret-env", "S", "--code", "12a456"], environment: good, status: 65, message: "not a code of digits"),
            Case(name: "locate code too long", arguments: ["locate", "--secret-env", "S", "--code", "12345678"], environment: good, status: 65, message: "--digits 8"),
            Case(name: "locate negative range", arguments: ["locate", "--secret-env", "S", "--code", "123456", "--range=-5"], environment: good, status: 64, message: "neither a number of steps nor a duration"),
            Case(name: "locate range with an unknown unit", arguments: ["locate", "--secret-env", "S", "--code", "123456", "--range", "3w"], environment: good, status: 64, message: "neither a number of steps nor a duration"),
            Case(name: "diagnose range beyond a year", arguments: ["diagnose", "--secret-env", "S", "--code", "123456", "--range", "400d"], environment: good, status: 64, message: "more than 366 days"),
            Case(name: "locate huge range", arguments: ["locate", "--secret-env", "S", "--code", "123456", "--range", "99999999999"], environment: good, status: 64, message: "outside"),
            Case(name: "format unknown", arguments: ["window", "--secret-env", "S", "--format", "yaml"], environment: good, status: 64, message: "'yaml' is invalid for '--format"),
            Case(name: "output folder missing", arguments: ["window", "--secret-env", "S", "--output", path("no/such/dir/out.json")], environment: good, status: 73, message: "cannot write"),
            Case(name: "unknown option", arguments: ["window", "--secrett", "x"], status: 64, message: "Unknown option"),
            // Files and pictures
            Case(name: "qr missing file", arguments: ["qr", "decode", path("missing.png")], status: 66, message: "missing.png"),
            Case(name: "qr empty file", arguments: ["qr", "decode", path("empty.txt")], status: 65, message: "empty.txt"),
            Case(name: "qr text named png", arguments: ["qr", "decode", path("text.png")], status: 65, message: "text.png"),
            Case(name: "qr truncated png", arguments: ["qr", "decode", path("truncated.png")], status: 65, message: "truncated.png"),
            Case(name: "qr huge non-image", arguments: ["qr", "decode", path("huge.txt")], status: 65, message: "huge.txt"),
            Case(name: "qr no code in picture", arguments: ["qr", "decode", pngFixtures + "/no-code.png"], status: 1, message: "no QR"),
            Case(name: "qr encode without label", arguments: ["qr", "encode", "--secret-env", "S", "--png", path("out.png")], environment: good, status: 64, message: "label"),
            // Seeds and seed files
            Case(name: "seed new nowhere", arguments: ["seed", "new"], status: 64, message: "--show-secrets"),
            Case(name: "seed new too short", arguments: ["seed", "new", "--bytes", "8", "--show-secrets"], status: 64, message: "outside 16"),
            Case(name: "seed new into reports", arguments: ["seed", "new", "-o", "reports/seed.b32"], status: 73, message: "report folder"),
            Case(name: "seed show before T0", arguments: ["seed", "show", "--secret-env", "S", "--at", "10", "--t0", "100"], environment: good, status: 65, message: "before T0"),
            Case(name: "seed file missing", arguments: ["seed", "import", path("missing.pskc")], status: 66, message: "cannot read the seed file"),
            Case(name: "seed key file missing", arguments: ["seed", "import", path("empty.txt"), "--key-file", path("missing.key")], status: 66, message: "cannot read the key file"),
            Case(name: "seed key and password", arguments: ["seed", "import", path("empty.txt"), "--key-env", "S", "--password-env", "S"], environment: good, status: 64, message: "more than one key or password"),
            Case(name: "seed file empty", arguments: ["seed", "import", path("empty.txt")], status: 65, message: "holds no tokens"),
            Case(name: "seed file not PSKC", arguments: ["seed", "import", path("not.pskc")], status: 65, message: "not well-formed XML"),
            Case(name: "seed export unknown format", arguments: ["seed", "export", path("empty.txt"), "--to", "yaml", "--write", path("x")], status: 64, message: "entra-csv"),
            Case(name: "seed export privacyIDEA cannot name SHA-256",
                 arguments: ["seed", "export", SkewProcess.packageRoot.appendingPathComponent("fixtures/seeds/serial-secret-hex.csv").path, "--hex",
                             "--algorithm", "sha256", "--to", "privacyidea", "--write", path("x")],
                 status: 65, message: "write PSKC, which names the algorithm, or use a 32-byte seed (--to pskc)"),
            Case(name: "seed export Entra without a model",
                 arguments: ["seed", "export", SkewProcess.packageRoot.appendingPathComponent("fixtures/seeds/serial-secret-hex.csv").path, "--hex",
                             "--to", "entra-csv", "--write", path("x")],
                 status: 65, message: "give the manufacturer and model for a serial,secret list, or add them to the seed file (--manufacturer and --model)"),
            Case(name: "seed export Entra CSV cannot carry SHA-256",
                 arguments: ["seed", "export", SkewProcess.packageRoot.appendingPathComponent("fixtures/seeds/serial-secret-hex.csv").path, "--hex",
                             "--algorithm", "sha256", "--manufacturer", "Token2", "--model", "C302", "--to", "entra-csv", "--write", path("x")],
                 status: 65, message: "write Entra's JSON, which carries SHA-256, or use a SHA-1 seed (--to entra-json)"),
            Case(name: "seed export short key", arguments: ["seed", "export", path("empty.txt"), "--to", "pskc", "--encrypt-key-env", "K", "--write", path("x")], environment: ["K": "00ff"], status: 65, message: "not the 16 of AES-128"),
            // Provisioning: refused before a journal is created or a token is touched
            Case(name: "provision without journal", arguments: ["provision"], status: 64, message: "--journal FILE"),
            Case(name: "provision resume with settings", arguments: ["provision", "--resume", path("p.journal"), "--count", "2"], status: 64, message: "the journal fixes the batch"),
            Case(name: "provision resume missing journal", arguments: ["provision", "--resume", path("missing.journal")], status: 66, message: "missing.journal"),
            Case(name: "provision unknown export", arguments: ["provision", "--journal", path("p.journal"), "--export", "yaml:\(path("x"))"], status: 65, message: "FORMAT:FILE"),
            Case(name: "provision export key missing", arguments: ["provision", "--journal", path("p.journal"), "--export", "pskc-key:\(path("x"))"], status: 65, message: "needs its key"),
            Case(name: "provision journal in reports", arguments: ["provision", "--journal", "reports/batch.journal"], status: 73, message: "report folder"),
            Case(name: "provision settings no token holds", arguments: ["provision", "--journal", path("p.journal"), "--algorithm", "sha512"], status: 65, message: "the token cannot do"),
            // History and drift
            Case(name: "history not a database", arguments: ["drift", "history", "--history", path("garbage.sqlite")], status: 65, message: "left untouched"),
            Case(name: "history in unwritable place", arguments: ["drift", "--manual", "--secret-env", "S", "--history", "/proc/skew/history.sqlite"], environment: good, stdin: "", status: 73, message: "cannot open the history"),
            Case(name: "forecast bad window", arguments: ["drift", "forecast", "T", "--history", path("h.sqlite"), "--window=-3"], status: 64, message: "not a number of seconds above 0"),
            Case(name: "forecast window steps zero", arguments: ["drift", "forecast", "T", "--history", path("h.sqlite"), "--window-steps", "0"], status: 64, message: "1 to 1000000 steps"),
            Case(name: "forecast no measurements", arguments: ["drift", "forecast", "T1", "--history", path("one.sqlite")], status: 1, message: "at least 2 measurements"),
            Case(name: "history path mistyped", arguments: ["drift", "history", "--history", path("typo/h.sqlite")], status: 66, message: "no history database here"),
            Case(name: "forecast history path mistyped", arguments: ["drift", "forecast", "T1", "--history", path("typo/h.sqlite")], status: 66, message: "nothing was created"),
            Case(name: "history unknown token", arguments: ["drift", "history", "T2", "--history", path("one.sqlite")], status: 65, message: "T2: no measurement or sync of this token"),
            Case(name: "forecast unknown token", arguments: ["drift", "forecast", "T2", "--history", path("one.sqlite")], status: 65, message: "it holds T1"),
            Case(name: "manual input ends", arguments: ["drift", "--manual", "--secret-env", "S", "--no-record"], environment: good, stdin: "", status: 65, message: "standard input ended"),
            Case(name: "manual code not found", arguments: ["drift", "--manual", "--secret-env", "S", "--no-record", "--range", "2"], environment: good, stdin: "000000\n", status: 1, message: "is not within"),
            // Clock
            Case(name: "ntp server not host:port", arguments: ["clock", "--ntp", "a:b:c"], status: 64, message: "not a server"),
            Case(name: "ntp unknown host", arguments: ["clock", "--ntp", "no-such-host.invalid", "--timeout", "0.2"], status: 69, message: "cannot be reached"),
            // Numbers at the edges: each of these once trapped on an integer conversion or stalled for hours
            Case(name: "time beyond year 9999", arguments: ["window", "--secret-env", "S", "--at", "99999999999999999999"], environment: good, status: 65, message: "beyond the year 9999"),
            Case(name: "period Int64.max", arguments: ["window", "--secret-env", "S", "--period", "9223372036854775807"], environment: good, status: 65, message: "from 1 second to a year"),
            Case(name: "T0 Int64.min", arguments: ["window", "--secret-env", "S", "--t0=-9223372036854775808"], environment: good, status: 65, message: "T0"),
            Case(name: "probe centre Int64.min", arguments: ["probe", "--secret-env", "S", "--cmd", "true", "--center=-9223372036854775808"], environment: good, status: 64, message: "lies outside --range"),
            Case(name: "probe guard as long as the step", arguments: ["probe", "--secret-env", "S", "--cmd", "true", "--guard-seconds", "30"], environment: good, status: 64, message: "leaves no time"),
            Case(name: "probe guard 1e300", arguments: ["probe", "--secret-env", "S", "--cmd", "true", "--guard-seconds", "1e300"], environment: good, status: 64, message: "--guard-seconds"),
            Case(name: "probe timeout inf", arguments: ["probe", "--secret-env", "S", "--cmd", "true", "--timeout", "inf"], environment: good, status: 64, message: "--timeout"),
            Case(name: "probe backoff 0", arguments: ["probe", "--secret-env", "S", "--cmd", "true", "--backoff", "0"], environment: good, status: 64, message: "--backoff"),
            Case(name: "ntp timeout 1e300", arguments: ["clock", "--ntp", "127.0.0.1", "--timeout", "1e300"], status: 64, message: "--timeout"),
            Case(name: "forecast window 1e300", arguments: ["drift", "forecast", "T", "--history", path("h.sqlite"), "--window", "1e300"], status: 64, message: "up to a year"),
            Case(name: "forecast window steps Int64.max", arguments: ["drift", "forecast", "T", "--history", path("h.sqlite"), "--window-steps", "9223372036854775807"], status: 64, message: "1 to 1000000 steps"),
            Case(name: "emulate connect timeout inf", arguments: ["emulate", "--connect-timeout", "inf"], status: 64, message: "--connect-timeout"),
            // The virtual token's own options
            Case(name: "emulate bad serial", arguments: ["emulate", "--serial", "12ab"], status: 64, message: "serial"),
            Case(name: "emulate unknown model", arguments: ["emulate", "--model", "OTPC-P9"], status: 64, message: "model"),
            Case(name: "emulate bad lockout", arguments: ["emulate", "--lockout", "often"], status: 64, message: "lockout"),
        ]
    }

    /// The rule of docs/commands.md ("Exit codes"), pinned on mistakes that once got different codes
    /// in different commands: an option that is missing or whose value it cannot take is a usage
    /// error (64) in every command; a wrong account setting is bad input (65) whether a flag or an
    /// otpauth URI carries it.
    func testSameMistakeSameCode() throws {
        let groups: [(status: Int32, runs: [(arguments: [String], environment: [String: String])])] = [
            (64, [(["clock", "--ntp", "127.0.0.1", "--timeout", "1e300"], [:]),
                  (["probe", "--secret-env", "S", "--cmd", "true", "--timeout", "inf"], good),
                  (["emulate", "--connect-timeout", "inf"], [:])]),
            (64, [(["window"], [:]), (["locate", "--code", "123456"], [:]), (["diagnose", "--code", "123456"], [:]),
                  (["seed", "show"], [:]), (["emulate", "--family", "protectimus", "--connect-timeout", "0"], [:])]),
            (64, [(["window", "--secret-env", "S", "--format", "yaml"], good), (["clock", "--ntp", "127.0.0.1", "--format", "yaml"], [:]),
                  (["emulate", "--family", "molto9"], [:]), (["emulate", "--info-preset", "ones"], [:])]),
            (64, [(["locate", "--secret-env", "S", "--code", "123456", "--range", "3w"], good),
                  (["diagnose", "--secret-env", "S", "--code", "123456", "--range", "3w"], good),
                  (["fleet", "--soon", "3w", "--history", Self.path("none.sqlite")], [:])]),
            (65, [(["window", "--secret-env", "S", "--algorithm", "md5"], good),
                  (["window", "--secret-env", "S"], ["S": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"]),
                  (["diagnose", "--secret-env", "S", "--code", "123456", "--expect-algorithm", "md5"], good)]),
            (65, [(["window", "--secret-env", "S", "--digits", "4"], good),
                  (["window", "--secret-env", "S"], ["S": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4"])]),
        ]
        for group in groups {
            for run in group.runs {
                let result = try SkewProcess.run(run.arguments, environment: run.environment, timeout: 20)
                XCTAssertEqual(result.status, group.status, "\(run.arguments): \(result.stderr)")
                XCTAssertEqual(result.stdout, "", "\(run.arguments) wrote output despite failing")
            }
        }
    }

    func testCatalogue() throws {
        let cases = self.cases
        XCTAssertGreaterThanOrEqual(cases.count, 50)
        for testCase in cases {
            let run = try SkewProcess.run(testCase.arguments, stdin: testCase.stdin, environment: testCase.environment, timeout: 20)
            XCTAssertEqual(run.status, testCase.status, "\(testCase.name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(testCase.message), "\(testCase.name): expected “\(testCase.message)” in: \(run.stderr)")
            XCTAssertFalse(run.stderr.contains("Fatal error") || run.stderr.contains("Stack dump"), "\(testCase.name) crashed: \(run.stderr)")
            if testCase.status != 1 { XCTAssertEqual(run.stdout, "", "\(testCase.name) wrote output despite failing") }
        }
    }
}
