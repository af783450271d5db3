/// The shared history's tables, as numbered migrations: version N is the first N entries applied,
/// each a list of single statements (the extended protocol takes one at a time).
/// Never change or reorder one that has shipped; add the next at the end (docs/design.md, "History").
///
/// The tables carry a `skew_` prefix, since the database may hold other programs' tables too.
/// `skew_schema_version` holds one row, the version the database is at.
enum PostgresSchema {
    static let migrations: [[String]] = [
        // 1: events and tries, as in SQLite schema v5; the uid is unique so a copy stores an event once.
        // Reads by token go through (token, time, id), the order every per-token read returns.
        ["""
        CREATE TABLE skew_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uid text NOT NULL UNIQUE,
            token text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('measurement', 'sync')),
            time double precision NOT NULL,
            "offset" double precision NOT NULL,
            uncertainty double precision NOT NULL,
            reference text NOT NULL,
            host_offset double precision,
            method text NOT NULL,
            excluded_reason text
        )
        """,
         "CREATE INDEX skew_events_by_token ON skew_events (token, time, id)",
         """
        CREATE TABLE skew_authentication_tries (
            token text PRIMARY KEY,
            tries_left integer,
            seen double precision NOT NULL
        )
        """],
    ]

    /// The version this skew writes.
    static var version: Int { migrations.count }

    /// Taken for the whole migrating transaction, so that stations starting at once migrate one
    /// after the other (the second finds the work done). The number is "skew" in ASCII.
    static let migrationLock: Int64 = 0x736B_6577

    static let createVersionTable = "CREATE TABLE IF NOT EXISTS skew_schema_version (version integer NOT NULL)"
}
