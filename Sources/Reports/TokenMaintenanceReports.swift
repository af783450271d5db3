import Tokens

/// `skew token delete`: one profile's seed deleted, and its block read back.
public struct TokenDeleteReport: Report {
    public var command: String { "token-delete" }
    /// The deletion this report presents.
    public let result: SeedDeleteResult

    public init(_ result: SeedDeleteResult) {
        self.result = result
    }

    enum CodingKeys: CodingKey {
        case reader, family, serial, profile, title, seedBefore, deleted, seedAfter, authenticated
    }

    /// The result's fields as they always were; the dry-run listing stays out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result.identity.reader, forKey: .reader)
        try container.encode(result.identity.family.rawValue, forKey: .family)
        try container.encodeIfPresent(result.identity.serial, forKey: .serial)
        try container.encode(result.profile, forKey: .profile)
        try container.encode(result.title, forKey: .title)
        try container.encode(result.seedBefore, forKey: .seedBefore)
        try container.encode(result.deleted, forKey: .deleted)
        try container.encode(result.seedAfter, forKey: .seedAfter)
        try container.encode(result.authenticated, forKey: .authenticated)
    }

    public var table: ReportTable {
        ReportTable(title: "Seed deletion on \(result.identity.reader)", columns: ["serial", "profile", "title", "seed before", "answer", "seed after"],
                    rows: [[result.identity.serial ?? "", String(result.profile), result.title, result.seedBefore ? "yes" : "no",
                            result.deleted ? "deleted" : "already empty (6A 83)", result.seedAfter ? "STILL THERE" : "no"]],
                    notes: ["The title and settings stay; only the seed is gone."])
    }
}

/// `skew token set-key`: the key change, the button, and the check with the new key.
public struct TokenKeyChangeReport: Report {
    public var command: String { "token-set-key" }
    /// The key change this report presents.
    public let result: KeyChangeResult

    public init(_ result: KeyChangeResult) {
        self.result = result
    }

    enum CodingKeys: CodingKey {
        case reader, family, serial, awaitedButton, verified, triesLeft
    }

    /// The result's fields as they always were; the dry-run listing stays out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result.identity.reader, forKey: .reader)
        try container.encode(result.identity.family.rawValue, forKey: .family)
        try container.encodeIfPresent(result.identity.serial, forKey: .serial)
        try container.encode(result.awaitedButton, forKey: .awaitedButton)
        try container.encode(result.verified, forKey: .verified)
        try container.encodeIfPresent(result.triesLeft, forKey: .triesLeft)
    }

    public var table: ReportTable {
        ReportTable(title: "Customer key change on \(result.identity.reader)", columns: ["serial", "waited for the button", "new key verified", "tries left"],
                    rows: [[result.identity.serial ?? "", result.awaitedButton ? "yes" : "no", result.verified ? "yes" : "NO",
                            result.triesLeft.map(String.init) ?? ""]],
                    notes: result.verified ? ["A new session authenticated with the new key: keep it safe; a lost key plus a lockout leaves only a factory reset, which erases every profile."]
                        : ["The new key was refused: the button was probably not pressed, so the old key still holds. Nothing else changed."])
    }
}
