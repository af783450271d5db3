import GRDB

/// The row of `SQLiteHistoryStore`'s events table.
extension HistoryEvent: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "events"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Reads a row by column position (`SQLiteHistoryStore.columns`), several times faster than the
    /// Codable path: `skew fleet` reads every event of the history at once.
    public init(row: Row) throws {
        let id: Int64? = row[0]
        guard let kind = Kind(rawValue: row[3]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "event \(String(describing: id)) has an unknown kind")
        }
        self.init(id: id, uid: row[1], token: row[2], kind: kind, time: row[4], offset: row[5], uncertainty: row[6], reference: row[7],
                  hostOffset: row[8], method: row[9], excludedReason: row[10])
    }
}
