import ArgumentParser
import TimeSources
import Tokens

/// `--ntp`, `--max-host-offset` and `--force`: which clock a time write takes as true time, and
/// the check that refuses to set a token from a host clock known to be wrong.
struct ReferenceClockOptions: ParsableArguments {
    @Option(help: "NTP server (HOST[:PORT]) to check the host clock against; the token is then set to the NTP-corrected time.")
    var ntp: String?

    @Option(help: "Refuse when the host clock is known (from --ntp) to be off by more than this many seconds.")
    var maxHostOffset: Double = 0.5

    @Flag(help: "Set the token even though the host clock is off by more than --max-host-offset; Molto2: authenticate even though the history saw 2 or fewer tries left on it.")
    var force = false

    func validate() throws {
        guard maxHostOffset.isFinite, maxHostOffset >= 0 else {
            throw ValidationError("--max-host-offset \(maxHostOffset): give seconds of 0 or more, such as 0.5")
        }
    }

    /// Asks the NTP server (if any) and applies the host-offset check.
    func resolve() throws -> ReferenceClock {
        guard let ntp else { return ReferenceClock(hostOffset: nil, clock: HostTokenClock()) }
        let measurement = try SNTPClient(server: ntp).measure()
        let clock = ReferenceClock(hostOffset: measurement, clock: HostTokenClock())
        if abs(measurement.offset) > maxHostOffset {
            let text = "the host clock is \(formatSeconds(abs(measurement.offset))) s \(measurement.offset > 0 ? "behind" : "ahead of") \(measurement.server), more than --max-host-offset \(formatSeconds(maxHostOffset)) s"
            guard force else {
                throw CLIFailure(message: "\(text). A token set from it would be off too. Fix: synchronise the host clock (chrony, systemd-timesyncd), or pass --force to set the token from the NTP-corrected time anyway.",
                                 exitCode: .unavailable)
            }
            Console.warning("\(text); --force: setting the token from the NTP-corrected time")
        }
        return clock
    }
}
