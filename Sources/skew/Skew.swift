import ArgumentParser
import Foundation

@main
struct Skew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skew",
        abstract: "TOTP diagnostics and clock-skew testing: code windows, code search, token clocks, verifier windows.",
        version: VersionText.short,
        subcommands: [WindowCommand.self, LocateCommand.self, DiagnoseCommand.self, ProbeCommand.self, TokenGroupCommand.self,
                      DriftCommand.self, FleetCommand.self, HistoryCommand.self, SyncCommand.self, BurnCommand.self, ProvisionCommand.self, ClockCommand.self, QRCommand.self, SeedCommand.self,
                      EmulateCommand.self, BenchCommand.self, ServeCommand.self]
    )

    /// Runs the command and maps failures to the exit codes documented in the README.
    static func main() {
        // The full text opens libcurl and zbar to ask their versions: only for --version itself,
        // so that no other command pays for loading them.
        if CommandLine.arguments.dropFirst() == ["--version"] {
            print(VersionText.full)
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as any SkewFailure {
            Console.error(failure.message)
            Foundation.exit(failure.exitCode.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
