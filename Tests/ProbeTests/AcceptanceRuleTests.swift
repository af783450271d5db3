import OTPCore
import Probe
import XCTest

/// Reading verifiers' answers: every rule kind, negation, and errors that name the input.
final class AcceptanceRuleTests: XCTestCase {
    func testStatusJSONAndRegexRules() throws {
        let status = try AcceptanceRule.parse("status:200", input: "--accept")
        XCTAssertTrue(status.matches(status: 200, body: ""))
        XCTAssertFalse(status.matches(status: 401, body: ""))
        XCTAssertTrue(try AcceptanceRule.parse("exit:0", input: "--accept").matches(status: 0, body: "x"))

        let json = try AcceptanceRule.parse("json:$.result.items.1.ok=true", input: "--accept")
        XCTAssertTrue(json.matches(status: 200, body: #"{"result":{"items":[{"ok":false},{"ok":true}]}}"#))
        XCTAssertFalse(json.matches(status: 200, body: #"{"result":{"items":[{"ok":true},{"ok":1}]}}"#), "1 is not true")
        XCTAssertFalse(json.matches(status: 200, body: "not json"))
        XCTAssertTrue(try AcceptanceRule.parse("json:state=ok", input: "--accept").matches(status: 200, body: #"{"state":"ok"}"#))
        XCTAssertTrue(try AcceptanceRule.parse("json:n=42", input: "--accept").matches(status: 200, body: #"{"n":42}"#))

        let regex = try AcceptanceRule.parse("regex:Welcome, [a-z]+", input: "--accept")
        XCTAssertTrue(regex.matches(status: 500, body: "<p>Welcome, alice</p>"))
        XCTAssertFalse(regex.matches(status: 200, body: "Denied"))
        let negated = try AcceptanceRule.parse("!regex:Verification code", input: "--rate-limited")
        XCTAssertTrue(negated.matches(status: 1, body: "pamtester: Authentication failure"))
        XCTAssertFalse(negated.matches(status: 1, body: "Verification code: "))
    }

    /// The patterns people copy from ICU/PCRE habits keep working with the Swift engine.
    func testCommonPatternSyntax() throws {
        let body = "HTTP/1.1 200 OK\n<div class=\"msg\">Code ACCEPTED for user 42</div>\n"
        for pattern in ["(?i)code accepted", #"user \d{2}\b"#, "(?m)^<div", #"class="msg">.*ACCEPTED"#, "[[:upper:]]{8}",
                        "(?<word>ACC)EPTED", #"\p{Lu}+ for"#] {
            XCTAssertTrue(try AcceptanceRule.parse("regex:" + pattern, input: "--accept").matches(status: 200, body: body), pattern)
        }
        XCTAssertFalse(try AcceptanceRule.parse("regex:^Code", input: "--accept").matches(status: 200, body: body))
        XCTAssertEqual("\(try AcceptanceRule.parse("!regex:a|b", input: "--accept"))", "!regex:a|b")
    }

    /// A pattern the engine cannot run is refused when the rule is read, with the engine's reason,
    /// never at the first answer.
    func testUnsupportedPatternFeaturesAreRefusedUpFront() {
        for (pattern, reason) in [("(?(1)a|b)", "conditional"), ("a{2,1}", "lower bound"), ("(?R)", "subpattern")] {
            XCTAssertThrowsError(try AcceptanceRule.parse("regex:" + pattern, input: "--accept"), pattern) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
    }

    func testAnswerRulesCheckRateLimitFirst() throws {
        let rules = AnswerRules(accept: .status(200), rateLimited: .status(429))
        XCTAssertEqual(rules.outcome(status: 200, body: ""), .accepted)
        XCTAssertEqual(rules.outcome(status: 429, body: ""), .rateLimited)
        XCTAssertEqual(rules.outcome(status: 403, body: ""), .rejected)
    }

    func testBadRulesNameTheInputAndTheFix() {
        for text in ["colour:green", "status:ok", "json:noequals", "regex:([", "nothing", "!!status:200",
                     String(repeating: "!", count: 5000) + "status:200"] {
            XCTAssertThrowsError(try AcceptanceRule.parse(text, input: "--accept"), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("--accept:"), message)
                XCTAssertTrue(message.contains("Fix:"), message)
            }
        }
    }

    func testSingleNegation() throws {
        XCTAssertEqual(try AcceptanceRule.parse("!status:429", input: "--accept"), .not(.status(429)))
    }
}
