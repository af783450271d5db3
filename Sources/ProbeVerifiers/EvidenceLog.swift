import Foundation
import OTPCore
import Probe

/// Appends every attempt to a JSON Lines file the moment it happens, so an interrupted probe still
/// leaves its evidence. Lines carry offsets, steps, times and outcomes; never a code or the secret.
public final class EvidenceLog: EvidenceSink {
    private let descriptor: Int32
    public let path: String

    public init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw VerifierSetupError(message: "\(path): cannot open the evidence file (\(String(cString: strerror(errno))))")
        }
        self.path = path
    }

    deinit { close(descriptor) }

    private struct AttemptLine: Encodable {
        var type = "attempt"
        var attempt: Attempt
        var sentAtUTC: String

        func encode(to encoder: any Encoder) throws {
            try attempt.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(type, forKey: .type)
            try container.encode(sentAtUTC, forKey: .sentAtUTC)
        }

        enum Keys: String, CodingKey { case type, sentAtUTC = "sent_at_utc" }
    }

    private struct EventLine: Encodable {
        var type = "event"
        var event: String
        var note: String
        var at: Double
        var utc: String
    }

    public func record(_ attempt: Attempt) {
        append(AttemptLine(attempt: attempt, sentAtUTC: Timestamp.isoMilliseconds(attempt.sentAt)))
    }

    public func record(event: String, note: String, at time: Double) {
        append(EventLine(event: event, note: note, at: time, utc: Timestamp.isoMilliseconds(time)))
    }

    private func append(_ line: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(line) else { return }
        data.append(10)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
        fsync(descriptor)
    }
}
