import ArgumentParser
import Reports
import TimeSources

struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Measure the host clock's offset against an NTP server (SNTP, best of several samples).",
        discussion: """
            Examples:
              skew clock --ntp pool.ntp.org
              skew clock --ntp 192.0.2.10:123 --samples 16 -f json
            """)

    @Option(help: "NTP server as HOST or HOST:PORT.")
    var ntp: String

    @Option(help: "Queries to send; the one with the smallest round trip is kept.")
    var samples = 4

    @Option(help: "Seconds to wait for each answer.")
    var timeout = 1.0

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 60 else {
            throw ValidationError("--timeout \(timeout): give seconds above 0 and up to 60, such as 1")
        }
        guard (1...100).contains(samples) else { throw ValidationError("--samples \(samples): give 1 to 100 queries") }
    }

    func run() throws {
        let client = try SNTPClient(server: ntp, samples: samples, timeout: timeout)
        let measurement = try client.measure()
        try output.emit(ClockReport(measurement: measurement, hostTime: HostClock.now()))
    }
}
