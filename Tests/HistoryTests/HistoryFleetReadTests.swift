import Foundation
import History
import Testing

/// Reading the whole fleet at once, on both stores.
@Suite struct HistoryFleetReadTests {
    @Test(arguments: HistoryBackend.allCases)
    func everyTokenSplitAtItsOwnLastSync(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        func ntp(_ token: String, _ kind: HistoryEvent.Kind, _ time: Double, hostOffset: Double? = nil) -> HistoryEvent {
            event(token, kind, time, time / 1000, hostOffset: hostOffset, reference: "ntp:time.example")
        }
        try store.record([ntp("B", .measurement, 5), ntp("A", .measurement, 10), ntp("A", .sync, 20), ntp("A", .measurement, 30, hostOffset: -0.25),
                          ntp("B", .measurement, 35), ntp("C", .sync, 40), ntp("A", .measurement, 15), ntp("A", .measurement, 25)])
        let fleet = try store.sinceLastSyncOfEveryToken()
        #expect(fleet.map(\.token) == ["A", "B", "C"])
        #expect(fleet[0].sync?.time == 20)
        #expect(fleet[0].measurements.map(\.time) == [25, 30], "recorded late, still in time order, 15 before the sync left out")
        #expect(fleet[0].measurements.last?.hostOffset == -0.25, "every column read back")
        #expect(fleet[0].measurements.last?.reference == "ntp:time.example")
        #expect(fleet[1].measurements.map(\.time) == [5, 35])
        #expect(fleet[1].sync == nil)
        #expect(fleet[2].measurements.count == 0)
        #expect(try store.events(token: "A").map(\.time) == [10, 15, 20, 25, 30])
        #expect(try store.tokens() == ["A", "B", "C"])
    }

    /// Events at the same time keep the order they were recorded in (by id), in both reads.
    @Test(arguments: HistoryBackend.allCases)
    func sameTimeKeepsRecordingOrder(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        try store.record([event("A", .measurement, 10, 1), event("A", .sync, 10, 0), event("A", .measurement, 10, 2)])
        #expect(try store.events(token: "A").map(\.offset) == [1, 0, 2])
        let split = try #require(try store.sinceLastSyncOfEveryToken().first)
        #expect(split.measurements.map(\.offset) == [2])
    }
}
