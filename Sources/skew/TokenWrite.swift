import Foundation
import History
import Reports
import Tokens

/// The steps `skew sync` and `skew burn` share once the token has checked the write: the warnings
/// and the plan on standard error, then either the dry-run listing or the write, the history row,
/// the report and, for a write the read-back did not verify, exit 1.
struct TokenWrite {
    var command: String
    var writeOptions: TokenWriteOptions
    var historyOptions: HistoryOptions
    var output: OutputOptions

    /// Runs the plan; nil after a dry run. `confirm` turns the written result into burn's confirmation.
    @discardableResult
    func run(_ plan: ClockWritePlan, on token: any TokenDevice,
             confirm: (ClockWriteResult) throws -> TokenWriteReport.Confirmation? = { _ in nil }) throws -> TokenWriteReport? {
        plan.warnings.forEach(Console.warning)
        plan.summary.map(Console.info)
        if writeOptions.dryRun {
            print(plan.dryRun.joined(separator: "\n"))
            return nil
        }
        let result = try token.setClock(plan)
        var historyID: Int64?
        if !writeOptions.noRecord {
            historyID = try historyOptions.open().record(HistoryEvent(sync: result)).id
        }
        let report = TokenWriteReport(command: command, result: result, confirmation: try confirm(result), historyId: historyID)
        try output.emit(report)
        guard result.verified else { throw CLIFailure(message: result.unverified.commandLineMessage, exitCode: .negative) }
        return report
    }
}
