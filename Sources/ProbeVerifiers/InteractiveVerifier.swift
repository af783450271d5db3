import Foundation
import Probe

/// A person as the verifier: shows the code, its offset and the seconds it has left, and reads
/// whether the login took it. This is how a web login that no script can reach gets probed.
public final class InteractiveVerifier: Verifier {
    private let input: FileHandle
    private let output: FileHandle
    private var pending = [UInt8]()
    private var attempt = 0

    public init(input: FileHandle = .standardInput, output: FileHandle = .standardError) {
        self.input = input
        self.output = output
    }

    public func submit(_ submission: Submission) -> VerifierResponse {
        attempt += 1
        let offset = submission.offset > 0 ? "+\(submission.offset)" : String(submission.offset)
        let seconds = Int(submission.secondsLeft.rounded(.down))
        write("\nAttempt \(attempt): offset \(offset) steps (step \(submission.step))\n  code \(submission.code)   \(seconds) s left in this step\n")
        while true {
            write("Enter it at the login, then answer a (accepted), r (rejected) or l (rate-limited): ")
            guard let line = readLine() else {
                return VerifierResponse(.error, detail: "no answer: the terminal closed")
            }
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "a", "accepted", "y", "yes": return VerifierResponse(.accepted, detail: "person: accepted")
            case "r", "rejected", "n", "no": return VerifierResponse(.rejected, detail: "person: rejected")
            case "l", "rate-limited", "limited": return VerifierResponse(.rateLimited, detail: "person: rate-limited")
            default: write("Please answer a, r or l.\n")
            }
        }
    }

    private func write(_ text: String) { output.write(Data(text.utf8)) }

    /// Reads one line byte by byte, so nothing typed after it is swallowed by buffering.
    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line.replacingOccurrences(of: "\r", with: "")
            }
            let chunk = input.availableData
            if chunk.isEmpty {
                guard !pending.isEmpty else { return nil }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                return line
            }
            pending.append(contentsOf: chunk)
        }
    }
}
