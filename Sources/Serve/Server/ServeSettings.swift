import History

/// What the command line chooses for every page: the history the token and fleet pages read and
/// record into (`skew serve --history`, else `SKEW_HISTORY`, else the default file), so that the
/// pages and the commands of one station share one history, a shared PostgreSQL one included.
public struct ServeSettings: Sendable {
    public var history: HistoryLocation

    /// The default file, as `skew` uses it without `--history`.
    public init(history: HistoryLocation = .file(SQLiteHistoryStore.defaultPath())) {
        self.history = history
    }
}
