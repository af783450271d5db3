import Foundation
import History
import Testing

/// What every command relies on, on both stores.
@Suite struct HistoryStoreTests {
    @Test(arguments: HistoryBackend.allCases)
    func recordsPersistAcrossOpensAndSplitAtLastSync(backend: HistoryBackend) throws {
        let place = try backend.place()
        do {
            let store = try place.openForRecording()
            try store.record(event("A", .measurement, 10, 5))
            try store.record(event("A", .sync, 20, 0.1))
            try store.record(event("B", .measurement, 25, -1))
            try store.record(event("A", .measurement, 30, 0.2))
            let stored = try store.record(event("A", .measurement, 40, 0.3))
            #expect(stored.id != nil)
        }
        let reopened = try place.openForRecording()
        #expect(try reopened.events().count == 5)
        #expect(try reopened.events(token: "B").map(\.offset) == [-1])
        let split = try reopened.sinceLastSync(token: "A")
        #expect(split.sync?.time == 20)
        #expect(split.measurements.map(\.time) == [30, 40])
        #expect(try reopened.sinceLastSync(token: "B").measurements.count == 1)
    }

    /// Every field comes back as it was recorded, the identity included, and ids are the store's own.
    @Test(arguments: HistoryBackend.allCases)
    func everyFieldReadBack(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        let recorded = HistoryEvent(token: "secret:ab12", kind: .measurement, time: 1_700_000_000.125, offset: -2.5e-3, uncertainty: 0.0625,
                                    reference: "ntp:time.example", hostOffset: -0.25, method: "manual")
        let stored = try store.record(recorded)
        #expect(stored.uid == recorded.uid)
        #expect(try store.events() == [stored])
        let second = try store.record(event("secret:ab12", .sync, 1_700_000_100))
        #expect(second.id != stored.id)
        #expect(second.uid != stored.uid, "every event gets its own identity")
    }

    @Test(arguments: HistoryBackend.allCases)
    func readingCreatesNothingAndNamesUnknownTokens(backend: HistoryBackend) throws {
        let place = try backend.place()
        #expect {
            try place.openForReading()
        } throws: { error in
            guard case .missing = error as? HistoryFailure else { return false }
            return true
        }
        try place.openForRecording().record(event("86596220000001", .measurement, 10, 5))
        let reader = try place.openForReading()
        #expect(try reader.tokens() == ["86596220000001"])
        try reader.requireToken("86596220000001")
        #expect {
            try reader.requireToken("86596220000002")
        } throws: { error in
            "\(error)".hasPrefix("86596220000002: no measurement or sync of this token") && "\(error)".contains("it holds 86596220000001")
        }
    }

    /// The same events recorded twice (a copy run again, or two stations' copies) are stored once.
    @Test(arguments: HistoryBackend.allCases)
    func recordMissingAddsOnlyNewIdentities(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        let first = [event("A", .measurement, 10, 1), event("A", .measurement, 20, 2)]
        #expect(try store.recordMissing(first) == 2)
        #expect(try store.recordMissing(first) == 0)
        #expect(try store.recordMissing(first + [event("B", .sync, 30)]) == 1)
        #expect(try store.events().map(\.uid).sorted() == (first.map(\.uid) + [try store.events(token: "B")[0].uid]).sorted())
        #expect(try store.events().count == 3)
        #expect(throws: HistoryFailure.alreadyRecorded(location: store.location), "record insists on a new identity") { try store.record(first[0]) }
        #expect(try store.events().count == 3)
    }

    /// A batch is all or none: one event that cannot be stored leaves none of the batch behind.
    @Test(arguments: HistoryBackend.allCases)
    func batchIsAllOrNothing(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        let kept = try store.record(event("A", .measurement, 5))
        #expect(throws: HistoryFailure.alreadyRecorded(location: store.location)) {
            try store.record([event("A", .measurement, 10), kept, event("A", .measurement, 20)])
        }
        #expect(try store.events().map(\.time) == [5])
    }

    @Test(arguments: HistoryBackend.allCases)
    func excludeTakesAMeasurementOutAndUndoPutsItBack(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        let sync = try store.record(event("A", .sync, 5))
        let measured = try store.record(event("A", .measurement, 10))
        try store.record(event("A", .measurement, 20))
        let excluded = try store.exclude(id: try #require(measured.id), reason: "reader asleep")
        #expect(excluded.excludedReason == "reader asleep")
        #expect(excluded.uid == measured.uid)
        let split = try store.sinceLastSync(token: "A")
        #expect(split.measurements.map(\.time) == [20])
        #expect(split.excluded.map(\.time) == [10])
        try store.exclude(id: try #require(measured.id), reason: nil)
        #expect(try store.sinceLastSync(token: "A").measurements.map(\.time) == [10, 20])
        for id: Int64 in [try #require(sync.id), 999_999] {
            #expect {
                try store.exclude(id: id, reason: "x")
            } throws: { error in
                guard case .unknownMeasurement(let failed, _) = error as? HistoryFailure else { return false }
                return failed == id
            }
        }
    }

    @Test(arguments: HistoryBackend.allCases)
    func triesLeftAreRememberedPerToken(backend: HistoryBackend) throws {
        let place = try backend.place()
        let store = try place.openForRecording()
        #expect(try store.lastTriesLeft(token: "M") == nil)
        try store.recordTriesLeft(token: "M", triesLeft: 3, time: 100)
        try store.recordTriesLeft(token: "M", triesLeft: 2, time: 200)
        try store.recordTriesLeft(token: "N", triesLeft: nil, time: 200)
        #expect(try store.lastTriesLeft(token: "M") == 2)
        #expect(try store.lastTriesLeft(token: "N") == 0, "a refusal that did not say counts as none left")
        try store.clearTriesLeft(token: "M")
        #expect(try store.lastTriesLeft(token: "M") == nil)
        #expect(try store.lastTriesLeft(token: "N") == 0)
    }
}
