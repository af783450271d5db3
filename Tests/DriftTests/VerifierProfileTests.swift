import Drift
import Foundation
import XCTest

/// The built-in profiles say what their sources say, and a person's own file is checked like them.
final class VerifierProfileTests: XCTestCase {
    private func profile(_ id: String) throws -> VerifierProfile {
        try XCTUnwrap(VerifierProfileFile.builtIn.profiles.first { $0.id == id }, "built-in profile \(id)")
    }

    func testBuiltInWindowsInSteps() throws {
        // Entra: ±1 min at 30 s and ±2 min at 60 s are both ±2 steps; learns at every sign-in.
        XCTAssertEqual(try profile("entra").window(period: 30), StepWindow(period: 30, behind: 2, ahead: 2))
        XCTAssertEqual(try profile("entra").window(period: 60), StepWindow(period: 60, behind: 2, ahead: 2))
        XCTAssertNil(try profile("entra").window(period: 45), "no window is published for 45 s tokens")
        XCTAssertEqual(try profile("entra").learnsDrift, .everySuccess)
        // privacyIDEA timeWindow 180 s: −6..+5 steps of 30 s.
        XCTAssertEqual(try profile("privacyidea").window(period: 30), StepWindow(period: 30, behind: 6, ahead: 5))
        // google-authenticator-libpam WINDOW_SIZE 3: −⌊2/2⌋..+⌊3/2⌋ = −1..+1, any step length.
        XCTAssertEqual(try profile("google-authenticator-libpam").window(period: 30), StepWindow(period: 30, behind: 1, ahead: 1))
        XCTAssertEqual(try profile("google-authenticator-libpam").learnsDrift, .resyncCodes)
        XCTAssertEqual(try profile("oathtool-w1").window(period: 60), StepWindow(period: 60, behind: 1, ahead: 1))
        XCTAssertEqual(try profile("okta").window(period: 30), StepWindow(period: 30, behind: 4, ahead: 4))
        XCTAssertEqual(try profile("okta").lockoutFailures, 5)
        XCTAssertEqual(try profile("keycloak").learnsDrift, .never)
        XCTAssertNil(try profile("duo").window(period: 30), "Duo publishes no window")
        for profile in VerifierProfileFile.builtIn.profiles {
            XCTAssertFalse(profile.source.reference.isEmpty, profile.id)
            XCTAssertNotNil(profile.source.date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression), profile.id)
        }
    }

    func testAPersonsOwnFileInTheSameFormat() throws {
        let text = """
            {"schema": {"name": "skew.verifier-profiles", "version": 1},
             "profiles": [{"id": "corp-vpn", "name": "Our VPN", "learns_drift": "never",
                           "source": {"kind": "measurement", "reference": "skew probe", "date": "2026-11-30"},
                           "windows": [{"period": 30, "behind_steps": 3, "ahead_steps": 1}]}]}
            """
        let file = try VerifierProfileFile(json: Data(text.utf8), origin: "mine.json")
        XCTAssertEqual(file.profiles.first?.window(period: 30), StepWindow(period: 30, behind: 3, ahead: 1))
        XCTAssertNil(file.profiles.first?.window(period: 60))
    }

    func testBadFilesAreNamedWithTheProblem() {
        let cases: [(String, String)] = [
            ("{\"schema\": {\"name\": \"other\", \"version\": 1}, \"profiles\": []}", "schema is other"),
            ("{\"schema\": {\"name\": \"skew.verifier-profiles\", \"version\": 1}, \"profiles\": [{\"id\": \"x\"}]}", "is missing"),
            ("{\"schema\": {\"name\": \"skew.verifier-profiles\", \"version\": 1}, \"profiles\": [{\"id\": \"x\", \"name\": \"x\", \"learns_drift\": \"never\", \"source\": {\"kind\": \"document\", \"reference\": \"r\", \"date\": \"2026-01-01\"}, \"windows\": [{\"behind_steps\": -1, \"ahead_steps\": 1}]}]}",
             "must be 0 to 10000"),
            ("{\"schema\": {\"name\": \"skew.verifier-profiles\", \"version\": 1}, \"profiles\": [{\"id\": \"x\", \"name\": \"x\", \"learns_drift\": \"sometimes\", \"source\": {\"kind\": \"document\", \"reference\": \"r\", \"date\": \"2026-01-01\"}, \"windows\": []}]}",
             "learns_drift"),
            ("not json", "mine.json"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try VerifierProfileFile(json: Data(text.utf8), origin: "mine.json")) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(expected) && message.hasPrefix("mine.json: ") && message.contains("Fix:"), message)
            }
        }
    }
}
