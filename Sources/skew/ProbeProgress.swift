import Foundation
import Probe
import ProbeVerifiers

/// Passes the probe's evidence to the log and shows on standard error what the probe waits for
/// and how long (fresh steps, the guard, rate-limit back-off) and each reset, so a long pause is
/// never silent.
final class ProbeProgress: EvidenceSink {
    private let log: EvidenceLog

    init(log: EvidenceLog) { self.log = log }

    func record(_ attempt: Attempt) { log.record(attempt) }

    func record(event: String, note: String, at time: Double) {
        log.record(event: event, note: note, at: time)
        if ["wait", "backoff", "reset"].contains(event) { Console.info("probe: \(event == "reset" ? "reset: " : "")\(note)") }
    }
}
