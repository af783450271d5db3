import Foundation
import Probe

/// A verifier that is a program: the code goes in place of `{code}` in its arguments, or on its
/// standard input when no argument holds `{code}`. Exit status 0 means accepted unless rules say
/// otherwise. The environment it gets has the secret's variable removed; the secret itself is never
/// part of the command.
public final class CommandVerifier: Verifier {
    private let words: [String]
    private let environment: [String: String]
    private let timeoutSeconds: Double
    private let rules: AnswerRules
    private let codeOnStandardInput: Bool

    public init(words: [String], environment: [String: String], timeoutSeconds: Double, rules: AnswerRules) {
        self.words = words
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.rules = rules
        codeOnStandardInput = !words.contains { $0.contains("{code}") }
    }

    public func submit(_ submission: Submission) -> VerifierResponse {
        let arguments = words.map { $0.replacingOccurrences(of: "{code}", with: submission.code) }
        do {
            let finished = try ChildProcess(arguments: arguments, environment: environment)
                .run(input: codeOnStandardInput ? submission.code + "\n" : nil, timeoutSeconds: timeoutSeconds)
            if finished.timedOut {
                return VerifierResponse(.error, detail: "\(words[0]) did not answer within \(timeoutSeconds) s")
            }
            return rules.response(label: "exit \(finished.status)", status: Int(finished.status), body: finished.output)
        } catch {
            return VerifierResponse(.error, detail: "\(error)")
        }
    }
}

/// `--reset-cmd`: a program that restores the verifier (an admin API call, a file restore).
public final class ResetCommand: VerifierReset {
    private let process: ChildProcess
    private let timeoutSeconds: Double

    public init(words: [String], environment: [String: String], timeoutSeconds: Double) {
        process = ChildProcess(arguments: words, environment: environment)
        self.timeoutSeconds = timeoutSeconds
    }

    public func reset() -> String? {
        do {
            let finished = try process.run(input: nil, timeoutSeconds: timeoutSeconds)
            if finished.timedOut { return "\(process.arguments[0]) did not finish within \(timeoutSeconds) s" }
            return finished.status == 0 ? nil : "\(process.arguments[0]) exited with status \(finished.status)"
        } catch {
            return "\(error)"
        }
    }
}
