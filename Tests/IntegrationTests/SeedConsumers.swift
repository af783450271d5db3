import Foundation
import XCTest

/// The independent programs the seed file tests hold skew's exports to: python-pskc (Debian's
/// python3-pskc), pskctool's XML Schema check, privacyIDEA's own import parser (from PyPI, in the venv scripts/install-deps
/// makes), Python's csv and json with Entra's documented limits, and oathtool. Keys and passwords
/// reach them through the environment, as skew's do.
enum SeedConsumers {
    static let python = URL(fileURLWithPath: "/usr/bin/python3")
    static let privacyIDEAPython = SkewProcess.packageRoot.appendingPathComponent(".build-privacyidea/bin/python")

    /// python-pskc reads a PSKC file (KEY hex or PASSWORD from the environment) and prints its keys as JSON.
    static let readPSKC = #"""
    import json, os, sys
    from pskc import PSKC
    p = PSKC(sys.argv[1])
    if os.environ.get("KEY"): p.encryption.key = bytes.fromhex(os.environ["KEY"])
    if os.environ.get("PASSWORD"): p.encryption.derive_key(os.environ["PASSWORD"])
    print(json.dumps([dict(serial=k.serial, id=k.id, secret=k.secret.hex(), suite=k.algorithm_suite, algorithm=k.algorithm,
                           digits=k.response_length, period=k.time_interval, time=k.time_offset,
                           manufacturer=k.manufacturer, model=k.model, user=k.userid,
                           encrypted=p.encryption.algorithm) for k in p.keys]))
    """#

    /// python-pskc writes a PSKC file from JSON on standard input, encrypted with KEY or PASSWORD when set.
    static let writePSKC = #"""
    import json, os, sys
    from pskc import PSKC
    p = PSKC()
    if os.environ.get("KEY"): p.encryption.setup_preshared_key(key=bytes.fromhex(os.environ["KEY"]))
    if os.environ.get("PASSWORD"): p.encryption.setup_pbkdf2(os.environ["PASSWORD"], iterations=2000)
    for t in json.load(sys.stdin):
        p.add_key(id=t["serial"], serial=t["serial"], secret=bytes.fromhex(t["secret"]), manufacturer="Token2", model="C302",
                  algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp", algorithm_suite=t["suite"],
                  response_length=6, time_interval=30)
    p.write(sys.argv[1])
    print(len(p.keys))
    """#

    /// privacyIDEA's parsers: `csv FILE` (parseOATHcsv) or `pskc FILE` (parsePSKCdata, KEY or PASSWORD from the
    /// environment), inside a privacyIDEA application context, which its token classes need.
    static let privacyIDEA = #"""
    import contextlib, json, os, sys, logging
    logging.disable(logging.CRITICAL)
    from privacyidea.app import create_app
    from privacyidea.lib.importotp import parseOATHcsv, parsePSKCdata
    with contextlib.redirect_stdout(sys.stderr):
        app = create_app("testing", "", silent=True)
    text = open(sys.argv[2]).read()
    with app.app_context():
        if sys.argv[1] == "csv":
            tokens = parseOATHcsv(text)
            not_imported = []
        else:
            tokens, not_imported = parsePSKCdata(text, preshared_key_hex=os.environ.get("KEY"), password=os.environ.get("PASSWORD"))
    for t in tokens.values(): t.pop("user", None)
    print(json.dumps(dict(tokens={s: {k: str(v) for k, v in t.items()} for s, t in tokens.items()}, not_imported=list(not_imported))))
    """#

    /// Python's csv and json read Entra's two formats and check Entra's documented limits; prints
    /// the tokens as JSON, or the broken limits and exits 1.
    static let readEntra = #"""
    import csv, json, re, sys
    problems, tokens = [], []
    if sys.argv[1] == "csv":
        rows = list(csv.reader(open(sys.argv[2], newline="")))
        if rows[0] != ["upn", "serial number", "secret key", "time interval", "manufacturer", "model"]:
            problems.append("header %r" % rows[0])
        for r in rows[1:]:
            tokens.append(dict(upn=r[0], serial=r[1], secret=r[2], period=int(r[3]), manufacturer=r[4], model=r[5], hash="hmacsha1"))
    else:
        doc = json.load(open(sys.argv[2]))
        if doc.get("@context") != "#$delta": problems.append("@context")
        for i, d in enumerate(doc["value"]):
            allowed = {"@contentId", "serialNumber", "manufacturer", "model", "secretKey", "timeIntervalInSeconds", "hashFunction", "assignTo"}
            if set(d) - allowed: problems.append("unknown fields %r" % (set(d) - allowed))
            if d["@contentId"] != str(i + 1): problems.append("contentId %r" % d["@contentId"])
            if d["hashFunction"] not in ("hmacsha1", "hmacsha256"): problems.append("hashFunction %r" % d["hashFunction"])
            tokens.append(dict(upn=d.get("assignTo", {}).get("id", ""), serial=d["serialNumber"], secret=d["secretKey"],
                               period=int(d["timeIntervalInSeconds"]), manufacturer=d["manufacturer"], model=d["model"], hash=d["hashFunction"]))
    for t in tokens:
        if not re.fullmatch(r"[A-Z2-7]{1,128}", t["secret"]): problems.append("secret of %s is not base32 A-Z2-7 of at most 128" % t["serial"])
        if t["period"] not in (30, 60): problems.append("period %r" % t["period"])
        if not t["serial"] or not t["manufacturer"] or not t["model"]: problems.append("empty serial, manufacturer or model")
    if len({t["serial"] for t in tokens}) != len(tokens): problems.append("repeated serial")
    print("\n".join(problems) if problems else json.dumps(tokens))
    sys.exit(1 if problems else 0)
    """#

    /// Runs one of the scripts above with `arguments` and `environment`, decoding its JSON output.
    static func run(_ script: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    interpreter: URL = python, in folder: TemporaryFolder) throws -> Any {
        let path = try folder.write("consumer-\(abs(script.hashValue)).py", script)
        let result = try SkewProcess.run([path] + arguments, stdin: stdin, environment: environment, workingDirectory: folder.url,
                                         executable: interpreter)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: .fragmentsAllowed)
    }

    /// pskctool's (OATH Toolkit, libpskc) check of a PSKC file against RFC 6030's XML Schema: `OK` or `FAIL`.
    static func validatePSKC(_ path: String) throws -> String {
        try requireTool("/usr/bin/pskctool")
        let result = try SkewProcess.run(["--validate", path], executable: URL(fileURLWithPath: "/usr/bin/pskctool"))
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The hex of a base32 seed, decoded by Python's base64.
    static func base32ToHex(_ text: String) throws -> String {
        let result = try SkewProcess.run(["-c", "import base64, sys\ns = sys.argv[1]\nprint(base64.b32decode(s + '=' * (-len(s) % 8)).hex())",
                                          text.trimmingCharacters(in: .whitespacesAndNewlines)], executable: python)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// oathtool's TOTP code for a hex seed at Unix time `at`.
    static func oathtoolCode(hexSeed: String, algorithm: String = "SHA1", digits: Int = 6, period: Int = 30, at: Int) throws -> String {
        let result = try SkewProcess.run(["--totp=\(algorithm)", "--digits=\(digits)", "--time-step-size=\(period)s",
                                          "--now=@\(at)", hexSeed], executable: URL(fileURLWithPath: "/usr/bin/oathtool"))
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
