import ArgumentParser

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Measure a clock's offset to a fraction of a second, keep the history, fit the drift rate and forecast.",
        subcommands: [DriftMeasureCommand.self, DriftHistoryCommand.self, DriftForecastCommand.self, DriftExcludeCommand.self],
        defaultSubcommand: DriftMeasureCommand.self)
}
