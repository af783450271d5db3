import ArgumentParser
import Foundation
import OTPCore
import Reports

struct WindowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "window",
        abstract: "Show the codes of steps -N…+N around now or --at TIME.",
        discussion: """
            Examples:
              skew window -s alice.txt -w 3
              skew window -s alice.txt --at 2026-01-05T08:30:00+01:00 -f json
              printf %s "$SEED" | skew window --secret - --digits 8 --period 60
            """)

    @OptionGroup var secret: SecretOptions

    @Option(parsing: .unconditional, help: "Reference time: Unix seconds or ISO 8601 (default now).")
    var at: String?

    @Option(name: [.customShort("w"), .customLong("steps")], help: "How many steps each side of the reference step.")
    var radius = 3

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard (0...100_000).contains(radius) else {
            throw UsageError(input: "--steps", problem: "\(radius) is outside 0…100000",
                             fix: "give how many steps to show on each side, such as 3")
        }
        let (secret, parameters, _) = try secret.resolve()
        let time = try at.map { text throws(InputError) in try Timestamp.parse(text, input: "--at") } ?? Date().timeIntervalSince1970
        let window = CodeWindow(totp: TOTP(secret: secret, parameters: parameters), time: time, radius: radius)
        try output.emit(WindowReport(window: window))
    }
}
