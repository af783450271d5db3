import Foundation
import History
import TestSupport
import Testing

/// The two stores every history test runs against: the same test body, a place per backend.
enum HistoryBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty place for one test's history.
    func place() throws -> HistoryPlace { try HistoryPlace(self) }
}

/// One test's own history: a file in a fresh folder, or a fresh database on the test server.
final class HistoryPlace {
    let backend: HistoryBackend
    let location: HistoryLocation
    /// The environment skew logs in with (the test server's password file).
    let environment: [String: String]
    /// Keeps the folder or the database alive for the test.
    private let folder: TemporaryFolder?
    let database: PostgresTestDatabase?

    init(_ backend: HistoryBackend) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let folder = try TemporaryFolder("history")
            self.folder = folder
            database = nil
            environment = [:]
            location = .file(folder.file("nested/history.sqlite").path)
        case .postgres:
            let database = try PostgresTestServer.shared().freshDatabase()
            self.database = database
            folder = nil
            environment = database.environment
            location = try HistoryLocation(database.url, environment: environment)
        }
    }

    func openForRecording() throws -> any HistoryStore { try location.openForRecording(environment: environment) }
    func openForUpdating() throws -> any HistoryStore { try location.openForUpdating(environment: environment) }
    func openForReading() throws -> any HistoryStore { try location.openForReading(environment: environment) }
}

/// A measurement or sync of `token` at `time`.
func event(_ token: String, _ kind: HistoryEvent.Kind, _ time: Double, _ offset: Double = 0, hostOffset: Double? = nil,
           reference: String = "host") -> HistoryEvent {
    HistoryEvent(token: token, kind: kind, time: time, offset: offset, uncertainty: 0.01, reference: reference, hostOffset: hostOffset,
                 method: kind == .sync ? "sync-readback" : "get-info-edge")
}
