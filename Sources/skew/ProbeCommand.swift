import ArgumentParser
import Drift
import Foundation
import LibraryLoader
import OTPCore
import Probe
import ProbeVerifiers
import Reports

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Find a verifier's acceptance window (steps behind and ahead) safely, within attempt and failure budgets.",
        discussion: """
        Give exactly one verifier: --url (HTTP through libcurl), --cmd (a program; the code replaces {code} \
        in its arguments or goes to its standard input) or --interactive (you type each code and answer). \
        A wrong code is sent first: if --accept calls it accepted, the probe stops (exit 78). Every attempt is \
        appended to --evidence as it happens; waits are shown on standard error. Exit 0 when both edges are \
        exact, 1 when the answer is only bounds (or nothing was accepted), 77 when a lockout was seen and \
        --reset-cmd did not clear it, 69 when the verifier could not be asked.

        Examples:
          skew probe -s alice.txt --url https://sso.example.com/otp \\
            --body 'code={code}' --accept status:200 --max-failures 3
          skew probe -s alice.b32 --accept exit:0 \\
            --cmd 'oathtool --totp -b -w 1 @alice.b32 {code}'
          skew probe -s alice.txt --interactive --range 5
        """)

    @OptionGroup var secret: SecretOptions

    @Option(help: "Search offsets −R…+R around now: steps (10), or a duration (5m, 1h).")
    var range = "10"

    @Option(help: "Attempts allowed in total (every code the verifier judges counts; rate-limited answers do not).")
    var maxAttempts = ProbeConfiguration.defaultMaxAttempts

    @Option(help: "Rejected codes allowed in total; keep it below the verifier's lockout limit.")
    var maxFailures = ProbeConfiguration.defaultMaxFailures

    @Option(help: "Never send a code in the last N seconds of its step (default 3; 10 with --interactive).")
    var guardSeconds: Double?

    @Option(help: "Longest single wait (for a fresh step or a rate limit) before resetting or giving up.")
    var maxWait: Double = 300

    @Option(help: "First wait after a rate-limited answer, doubled each time after.")
    var backoff: Double = 5

    @Option(help: "Offset (steps) where the first code is tried, for a verifier holding a stored skew.")
    var center: Int64 = 0

    @Option(help: "HTTP verifier: URL ({code} is replaced).")
    var url: String?

    @Option(help: "HTTP method (default POST with --body, else GET).")
    var method: String?

    @Option(help: "HTTP body template with {code}: form (code={code}) or JSON ({\"code\":\"{code}\"}).")
    var body: String?

    @Option(name: .customLong("header"), help: "HTTP header 'Name: value' (repeatable).")
    var headers: [String] = []

    @Option(help: "Cookie file read before and written after the requests.")
    var cookieJar: String?

    @Option(help: "Seconds to wait for one answer from the verifier.")
    var timeout: Double = 10

    @Flag(help: "Do not verify the server's TLS certificate.")
    var insecure = false

    @Option(help: "CA certificate file for the server's TLS certificate.")
    var cacert: String?

    @Option(help: "Command verifier: program and arguments; {code} is replaced, else the code goes to standard input.")
    var cmd: String?

    @Flag(help: "You are the verifier: skew shows each code and you answer a/r/l.")
    var interactive = false

    @Option(help: "When an answer means accepted: status:200, exit:0, json:PATH=VALUE or regex:PATTERN (! negates).")
    var accept: String?

    @Option(help: "When an answer means rate-limited (default status:429 for HTTP).")
    var rateLimited: String?

    @Option(help: "Command that restores the verifier (used steps, learned drift, lockout): run after each code accepted away from the centre, instead of waits for a fresh step, to clear a lockout (then after each reject), and at the end.")
    var resetCmd: String?

    @Option(help: "Evidence file (JSON Lines, appended as attempts happen; default reports/probe-UTCSTAMP.jsonl).")
    var evidence: String?

    @Option(help: ArgumentHelp("Also write what was measured as a verifier profile into this JSON file (added to it, under the file's base name, when it already holds profiles), for --verifier FILE in fleet and drift forecast.",
                               valueName: "file"))
    var saveProfile: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let guardSeconds = try checkedLimits()
        if let saveProfile, let existing = FileManager.default.contents(atPath: saveProfile) {
            _ = try VerifierProfileFile(json: existing, origin: "--save-profile \(saveProfile)")   // refused before probing, not after
        }
        let (secret, parameters, _) = try secret.resolve()
        let configuration = try probeConfiguration(guardSeconds: guardSeconds, period: parameters.period)
        guard configuration.guardSeconds < Double(parameters.period) else {
            throw UsageError(input: "--guard-seconds", problem: "\(formatSeconds(configuration.guardSeconds)) s leaves no time to send in a \(parameters.period) s step",
                             fix: "give fewer seconds than the step, such as 3")
        }
        _ = try output.chosenFormat()
        let environment = childEnvironment()
        let (verifier, description) = try makeVerifier(environment: environment)
        let reset = try resetCmd.map {
            ResetCommand(words: try CommandLineWords.split($0, input: "--reset-cmd"), environment: environment,
                         timeoutSeconds: max(timeout, 30))
        }
        let evidencePath = evidence ?? "\(output.reportDir)/probe-\(OutputOptions.stamp()).jsonl"
        let log: EvidenceLog
        do { log = try EvidenceLog(path: evidencePath) } catch {
            throw CLIFailure(message: "\(error). Fix: choose a writable --evidence path.", exitCode: .cannotCreate)
        }
        Console.info("probe: evidence goes to \(evidencePath)")
        let sink = ProbeProgress(log: log)
        let totp = TOTP(secret: secret, parameters: parameters)
        let result: ProbeResult
        switch verifier {
        case .http(let http):
            var engine = ProbeEngine(totp: totp, verifier: http, clock: SystemClock(), configuration: configuration,
                                     resetter: reset, evidence: sink)
            result = engine.run()
        case .command(let command):
            var engine = ProbeEngine(totp: totp, verifier: command, clock: SystemClock(), configuration: configuration,
                                     resetter: reset, evidence: sink)
            result = engine.run()
        case .person(let person):
            var engine = ProbeEngine(totp: totp, verifier: person, clock: SystemClock(), configuration: configuration,
                                     resetter: reset, evidence: sink)
            result = engine.run()
        }
        let report = ProbeReport(result: result.inCommandLineWords, secret: secret, parameters: parameters, configuration: configuration,
                                 verifier: description, evidenceFile: evidencePath)
        try output.emit(report)
        // The answer belongs on the terminal even when the report goes to a file.
        if output.output != nil { FileHandle.standardOutput.write(Data(Renderer.table(report.table).utf8)) }
        if let saveProfile {
            let id = ProbeProfile.id(forFile: saveProfile)
            if let profile = ProbeProfile.profile(id: id, result: result, verifier: description, measuredAt: Date()) {
                try ProbeProfile.save(profile, to: saveProfile)
                Console.info("profile '\(id)' written to \(saveProfile) (use it with --verifier \(saveProfile))")
            } else {
                Console.warning("--save-profile \(saveProfile): nothing written, the probe has no accepted code on both sides of the centre")
            }
        }
        try exitStatus(result)
    }

    /// Exit 78 when the rule cannot say no, 69 when the verifier could not be asked, 77 for a
    /// lockout --reset-cmd did not clear, 1 for bounds; 0 only for an exact window.
    private func exitStatus(_ result: ProbeResult) throws {
        if result.ruleCheck == .failed {
            let rule = accept ?? (url != nil ? "status:200" : "exit:0")
            let example = url != nil ? "json:PATH=VALUE (such as json:result=ok) or regex:PATTERN on the body"
                : "regex:PATTERN on what the command prints, or an exit status only a success gives"
            throw CLIFailure(message: "--accept \(rule): a wrong code (one no step near now produces) was called accepted, so the rule cannot tell accept from reject. Fix: give --accept a rule only a success answer meets: \(example).",
                             exitCode: .misconfigured)
        }
        if result.attempts.last?.outcome == .error {
            throw CLIFailure(message: result.stopReason?.commandLineText ?? "the verifier could not be asked", exitCode: .unavailable)
        }
        // A lockout that --reset-cmd cleared, followed by an exact re-measurement, ends well.
        if result.behaviours.lockout == .seen, result.confidence != .exact {
            guard cmd != nil, rateLimited == nil else { throw QuietExit(exitCode: .noPermission) }
            throw CLIFailure(message: "a control code that must be accepted was refused (lockout). If the command was only rate-limiting, name its rate-limit answer with --rate-limited RULE (such as regex:PATTERN or exit:CODE) so those answers are waited out instead of read as rejects.",
                             exitCode: .noPermission)
        }
        if result.confidence != .exact { throw QuietExit(exitCode: .negative) }
    }

    private enum ChosenVerifier {
        case http(HTTPVerifier)
        case command(CommandVerifier)
        case person(InteractiveVerifier)
    }

    /// The search radius in steps of `period` and the rest of the configuration.
    private func probeConfiguration(guardSeconds: Double, period: Int) throws -> ProbeConfiguration {
        let range = try RangeText.steps(self.range, period: period)
        guard (1...1_000_000).contains(range) else {
            throw UsageError(input: "--range", problem: "\(range) steps is outside 1…1000000", fix: "give the search radius in steps, such as 10")
        }
        guard (-range...range).contains(center) else {
            throw UsageError(input: "--center", problem: "\(center) lies outside --range ±\(range)", fix: "widen --range or move --center")
        }
        return ProbeConfiguration(range: range, maxAttempts: maxAttempts, maxFailures: maxFailures,
                                  guardSeconds: guardSeconds, maxWaitSeconds: maxWait, backoffSeconds: backoff,
                                  center: center)
    }

    /// Checks the limits that need no secret (before one is read from standard input); the guard in seconds.
    private func checkedLimits() throws -> Double {
        guard maxAttempts >= 1 else {
            throw UsageError(input: "--max-attempts", problem: "\(maxAttempts) allows no attempt", fix: "give at least 1")
        }
        guard maxFailures >= 1 else {
            throw UsageError(input: "--max-failures", problem: "\(maxFailures) allows no rejected code, and any probe may meet one",
                             fix: "give at least 1 (and below the verifier's lockout limit)")
        }
        if interactive && secret.secretArgument == "-" {
            throw UsageError(input: "--secret -", problem: "standard input is where --interactive reads your answers",
                             fix: "give the secret with --secret-file or --secret-env")
        }
        let guardValue = guardSeconds ?? (interactive ? 10 : 3)
        // Upper limits too: an endless guard or wait would stall the probe for hours, not fail it.
        let limits: [(name: String, value: Double, range: ClosedRange<Double>, text: String)] = [
            ("--guard-seconds", guardValue, 0...3600, "0…3600"), ("--max-wait", maxWait, 0...86_400, "0…86400"),
            ("--backoff", backoff, 0.01...3600, "0.01…3600"), ("--timeout", timeout, 0.01...3600, "0.01…3600"),
        ]
        for limit in limits where !(limit.value.isFinite && limit.range.contains(limit.value)) {
            throw UsageError(input: limit.name, problem: "\(limit.value) s is outside \(limit.text) s", fix: "give seconds in that range")
        }
        return guardValue
    }

    private func makeVerifier(environment: [String: String]) throws -> (ChosenVerifier, String) {
        let chosen = [url != nil, cmd != nil, interactive].filter { $0 }.count
        guard chosen == 1 else {
            throw UsageError(input: "verifier", problem: chosen == 0 ? "no verifier was given" : "more than one verifier was given",
                             fix: "give exactly one of --url URL, --cmd 'PROGRAM ARGS' or --interactive")
        }
        if let url {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw UsageError(input: "--url", problem: "'\(url)' is not an http:// or https:// URL", fix: "give the verifier's full URL")
            }
            for header in headers where !header.contains(":") {
                throw UsageError(input: "--header", problem: "'\(header)' has no ':'", fix: "write headers as 'Name: value'")
            }
            let rules = AnswerRules(accept: try AcceptanceRule.parse(accept ?? "status:200", input: "--accept"),
                                    rateLimited: try AcceptanceRule.parse(rateLimited ?? "status:429", input: "--rate-limited"))
            let options = HTTPVerifier.Options(url: url, method: method?.uppercased(), body: body, headers: headers,
                                               cookieJar: cookieJar, timeoutSeconds: timeout, insecure: insecure,
                                               caCertificate: cacert, rules: rules)
            do {
                return (.http(try HTTPVerifier(options: options)), "HTTP \(options.method ?? (body == nil ? "GET" : "POST")) \(url), accept \(rules.accept)")
            } catch let missing as MissingLibrary {
                throw missing
            } catch {
                throw CLIFailure(message: "\(error)", exitCode: .unavailable)
            }
        }
        let rules = AnswerRules(accept: try AcceptanceRule.parse(accept ?? "exit:0", input: "--accept"),
                                rateLimited: try rateLimited.map { text throws(InputError) in try AcceptanceRule.parse(text, input: "--rate-limited") })
        if let cmd {
            let words = try CommandLineWords.split(cmd, input: "--cmd")
            let how = words.contains { $0.contains("{code}") } ? "code in arguments" : "code on standard input"
            return (.command(CommandVerifier(words: words, environment: environment, timeoutSeconds: timeout, rules: rules)),
                    "command \(words[0]) (\(how)), accept \(rules.accept)")
        }
        return (.person(InteractiveVerifier()), "interactive (a person answers)")
    }

    /// The environment for spawned commands: this process's, without the variable holding the secret.
    private func childEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let variable = secret.secretEnv { environment.removeValue(forKey: variable) }
        return environment
    }
}
