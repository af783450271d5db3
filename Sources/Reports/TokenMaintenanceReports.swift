import Tokens

/// `skew token delete`: one profile's seed deleted, and its block read back.
public struct TokenDeleteReport: Report {
    public var command: String { "token-delete" }
    public var reader: String
    public var family: String
    public var serial: String?
    public var profile: Int
    public var title: String
    public var seedBefore: Bool
    /// False when the token reported the profile already empty (`6A 83`).
    public var deleted: Bool
    public var seedAfter: Bool
    public var authenticated: Bool

    public init(_ result: SeedDeleteResult) {
        reader = result.identity.reader
        family = result.identity.family.rawValue
        serial = result.identity.serial
        profile = result.profile
        title = result.title
        seedBefore = result.seedBefore
        deleted = result.deleted
        seedAfter = result.seedAfter
        authenticated = result.authenticated
    }

    public var table: ReportTable {
        ReportTable(title: "Seed deletion on \(reader)", columns: ["serial", "profile", "title", "seed before", "answer", "seed after"],
                    rows: [[serial ?? "", String(profile), title, seedBefore ? "yes" : "no", deleted ? "deleted" : "already empty (6A 83)",
                            seedAfter ? "STILL THERE" : "no"]],
                    notes: ["The title and settings stay; only the seed is gone."])
    }
}

/// `skew token set-key`: the key change, the button, and the check with the new key.
public struct TokenKeyChangeReport: Report {
    public var command: String { "token-set-key" }
    public var reader: String
    public var family: String
    public var serial: String?
    public var awaitedButton: Bool
    public var verified: Bool
    public var triesLeft: Int?

    public init(_ result: KeyChangeResult) {
        reader = result.identity.reader
        family = result.identity.family.rawValue
        serial = result.identity.serial
        awaitedButton = result.awaitedButton
        verified = result.verified
        triesLeft = result.triesLeft
    }

    public var table: ReportTable {
        ReportTable(title: "Customer key change on \(reader)", columns: ["serial", "waited for the button", "new key verified", "tries left"],
                    rows: [[serial ?? "", awaitedButton ? "yes" : "no", verified ? "yes" : "NO", triesLeft.map(String.init) ?? ""]],
                    notes: verified ? ["A new session authenticated with the new key: keep it safe; a lost key plus a lockout leaves only a factory reset, which erases every profile."]
                        : ["The new key was refused: the button was probably not pressed, so the old key still holds. Nothing else changed."])
    }
}
