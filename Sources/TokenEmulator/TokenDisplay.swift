import Foundation
import OTPCore
import Synchronization

/// The virtual token's "display" on standard error: the code it would show now, its clock and
/// offset. On a terminal one line is redrawn in place; otherwise a line is printed whenever the
/// shown code changes, so logs stay short. Event messages share the same lock so lines never mix.
final class TokenDisplay: Sendable {
    private let lastLine = Mutex<String>("")
    private let interactive = isatty(STDERR_FILENO) == 1

    static func line(for state: VirtualTokenState, awake: Bool, hostTime: Double) -> String {
        let time = state.clock.time(atHost: hostTime)
        return line(name: "token \(state.serial)", time: time, offset: time - hostTime,
                    code: state.displayCode(atHost: hostTime), left: state.step.seconds - Int(time.rounded(.down)) % state.step.seconds,
                    awake: awake)
    }

    /// `token 8659…  2026-… (+1.234 s)  code 123456  12 s left`, for any family.
    static func line(name: String, time: Double, offset: Double, code: String?, left: Int, awake: Bool) -> String {
        let shown = code.map { "code \($0)" } ?? "no seed"
        let power = awake ? "" : "  [off]"
        let sign = offset >= 0 ? "+" : "-"
        return "\(name)  \(Timestamp.iso(time)) (\(sign)\(String(format: "%.3f", abs(offset))) s)  \(shown)  \(left) s left\(power)"
    }

    /// Redraws the display (terminal) or prints it when its code part changed (log).
    func show(_ text: String) {
        lastLine.withLock { last in
            if interactive {
                write("\r\u{1B}[K" + text)
            } else if Self.codePart(text) != Self.codePart(last) {
                write(text + "\n")
            }
            last = text
        }
    }

    /// An event message on its own line (connections, faults).
    func event(_ text: String) {
        lastLine.withLock { last in
            write((interactive ? "\r\u{1B}[K" : "") + "emulate: " + text + "\n" + (interactive ? last : ""))
        }
    }

    /// The part of the line that matters for logs: the code and power state, not the seconds.
    private static func codePart(_ line: String) -> String {
        line.components(separatedBy: "  ").filter { $0.hasPrefix("code") || $0 == "no seed" || $0 == "[off]" }.joined()
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
