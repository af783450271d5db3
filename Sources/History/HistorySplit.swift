/// One token's history cut at its last sync: what a drift fit of that token uses.
public struct HistorySplit: Sendable, Equatable {
    public var token: String
    /// The last sync, if the token was ever synced.
    public var sync: HistoryEvent?
    /// The measurements after the last sync that count, oldest first.
    public var measurements: [HistoryEvent]
    /// The measurements after the last sync that a person excluded, oldest first.
    public var excluded: [HistoryEvent]

    /// Splits one token's events; they may come in any order (sorted here by time, then id).
    public init(token: String, events: [HistoryEvent]) {
        let inOrder = zip(events, events.dropFirst()).allSatisfy { !Self.precedes($1, $0) }
        let all = inOrder ? events : events.sorted(by: Self.precedes)
        let lastSync = all.lastIndex { $0.kind == .sync }
        let after = (lastSync.map { Array(all[($0 + 1)...]) } ?? all).filter { $0.kind == .measurement }
        self.token = token
        sync = lastSync.map { all[$0] }
        measurements = after.filter { $0.excludedReason == nil }
        excluded = after.filter { $0.excludedReason != nil }
    }

    /// Every token's split from events in any order, tokens sorted.
    public static func everyToken<Events: Sequence>(_ events: Events) -> [HistorySplit] where Events.Element == HistoryEvent {
        var byToken: [String: [HistoryEvent]] = [:]
        for event in events { byToken[event.token, default: []].append(event) }
        return byToken.sorted { $0.key < $1.key }.map { HistorySplit(token: $0.key, events: $0.value) }
    }

    private static func precedes(_ first: HistoryEvent, _ second: HistoryEvent) -> Bool {
        (first.time, first.id ?? 0) < (second.time, second.id ?? 0)
    }
}
