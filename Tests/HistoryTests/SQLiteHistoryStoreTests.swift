import Foundation
import GRDB
import History
import TestSupport
import Testing

/// What only the SQLite file has: its path, its file format and its migrations.
@Suite struct SQLiteHistoryStoreTests {
    @Test func corruptFileIsReportedAndLeftUntouched() throws {
        let folder = try TemporaryFolder("history-corrupt")
        let path = folder.file("history.sqlite").path
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            try SQLiteHistoryStore(path: path)
        } throws: { error in
            guard case .corrupt = error as? HistoryFailure else { return false }
            return "\(error)".contains("left untouched")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    /// `skew drift history` and `forecast` only read: a mistyped path must not leave a folder and an
    /// empty database behind, and a read-only store writes nothing.
    @Test func readingCreatesNoFileAndWritesNothing() throws {
        let folder = try TemporaryFolder("history-read")
        #expect(throws: HistoryFailure.missing(location: folder.file("typo/history.sqlite").path)) {
            try SQLiteHistoryStore(readingAt: folder.file("typo/history.sqlite").path)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("typo").path), "no folder was created")
        let path = folder.file("history.sqlite").path
        try SQLiteHistoryStore(path: path).record(event("T", .measurement, 10, 5))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try SQLiteHistoryStore(readingAt: path)
        #expect(throws: HistoryFailure.self, "a store opened for reading cannot write") { try reader.record(event("X", .measurement, 20, 1)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// The token index took a fifth of the file; per-token reads do without it. An existing history loses it on the next write-open.
    @Test func noTokenIndexAfterOpening() throws {
        let folder = try TemporaryFolder("history-index")
        let path = folder.file("h.sqlite").path
        _ = try SQLiteHistoryStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let indexes = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL AND name NOT LIKE '%uid%'") }
        #expect(indexes == [])
    }

    @Test func defaultPathFollowsXDG() {
        #expect(SQLiteHistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/skew/history.sqlite")
        #expect(SQLiteHistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/skew/history.sqlite")
    }

    /// A history written by the skew before event identities (schema v4, built here by hand with the
    /// statements that skew ran) is migrated: its rows get distinct UUIDs and keep everything else;
    /// read-only it is read as it is, unchanged.
    @Test func olderFileIsMigratedAndItsRowsGetIdentities() throws {
        let folder = try TemporaryFolder("history-v4")
        let path = folder.file("history.sqlite").path
        try SQLiteFixtures.writeVersion4(path: path, measurements: [(10, 0.5), (20, 0.75), (30, 1.0)])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let reader = try SQLiteHistoryStore(readingAt: path)
        #expect(try reader.events().map(\.offset) == [0.5, 0.75, 1.0])
        #expect(try reader.events().map(\.uid) == ["", "", ""], "read-only: not migrated, so no identities yet")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let store = try SQLiteHistoryStore(path: path)
        let events = try store.events()
        #expect(events.map(\.offset) == [0.5, 0.75, 1.0])
        #expect(events.map(\.id) == [1, 2, 3])
        #expect(Set(events.map(\.uid)).count == 3)
        #expect(events.allSatisfy { UUID(uuidString: $0.uid) != nil && $0.uid == $0.uid.lowercased() }, "\(events.map(\.uid))")
        #expect(try store.lastTriesLeft(token: "T") == 2, "the tries table came through")
        let applied = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.count == SQLiteHistoryStore.schemaVersion)
    }

    /// A skew from before identities passes over migration v5 and writes rows without a uid: they
    /// read with an empty one, and the next recording open gives them their own.
    @Test func rowsWithoutIdentityGetOneOnTheNextRecordingOpen() throws {
        let folder = try TemporaryFolder("history-old-writer")
        let path = folder.file("history.sqlite").path
        let kept = try SQLiteHistoryStore(path: path).record(event("T", .measurement, 10))
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "INSERT INTO events (token, kind, time, offset, uncertainty, reference, method) VALUES ('T', 'measurement', 20, 0, 0.01, 'host', 'get-info-edge')")
        }
        #expect(try SQLiteHistoryStore(readingAt: path).events().map(\.uid) == [kept.uid, ""])
        let uids = try SQLiteHistoryStore(path: path).events().map(\.uid)
        #expect(uids[0] == kept.uid)
        #expect(UUID(uuidString: uids[1]) != nil, "\(uids)")
    }

    /// A file a newer skew migrated is refused, for recording and for reading, and left as it was.
    @Test func newerFileIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder("history-newer")
        let path = folder.file("history.sqlite").path
        try SQLiteHistoryStore(path: path).record(event("T", .measurement, 10))
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let refusal = HistoryFailure.newerSchema(location: path, found: SQLiteHistoryStore.schemaVersion + 1, known: SQLiteHistoryStore.schemaVersion)
        #expect(throws: refusal) { try SQLiteHistoryStore(path: path) }
        #expect(throws: refusal) { try SQLiteHistoryStore(readingAt: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

/// Histories as older skews wrote them, from the SQL those versions ran (kept here verbatim, so a
/// later change to the migrations cannot change the fixture).
enum SQLiteFixtures {
    static func writeVersion4(path: String, measurements: [(time: Double, offset: Double)]) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { database in
            try database.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1 events'), ('v2 no token index'), ('v3 exclusions'), ('v4 authentication tries');
                CREATE TABLE "events" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "token" TEXT NOT NULL, "kind" TEXT NOT NULL
                    CHECK ("kind" IN ('measurement', 'sync')), "time" DOUBLE NOT NULL, "offset" DOUBLE NOT NULL, "uncertainty" DOUBLE NOT NULL,
                    "reference" TEXT NOT NULL, "host_offset" DOUBLE, "method" TEXT NOT NULL, "excluded_reason" TEXT);
                CREATE TABLE "authentication_tries" ("token" TEXT PRIMARY KEY NOT NULL, "tries_left" INTEGER, "seen" DOUBLE NOT NULL);
                INSERT INTO authentication_tries VALUES ('T', 2, 5);
                """)
            for (time, offset) in measurements {
                try database.execute(sql: "INSERT INTO events (token, kind, time, offset, uncertainty, reference, method) VALUES ('T', 'measurement', ?, ?, 0.01, 'host', 'get-info-edge')",
                                     arguments: [time, offset])
            }
        }
    }
}
