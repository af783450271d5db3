/// A report with the two fields every JSON document carries, so that a consumer can tell which
/// layout it reads and which skew produced it: `schema` {name, version} and `tool` {name, version,
/// commit}. The report's own fields stay at the top level beside them.
struct StampedReport<Wrapped: Report>: Encodable {
    let report: Wrapped

    private enum Keys: String, CodingKey { case schema, tool }

    struct Schema: Encodable {
        let name: String
        let version: Int
    }

    struct Tool: Encodable {
        var name = "skew"
        var version = ToolVersion.version
        var commit = ToolVersion.commit
    }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Schema(name: "skew.\(report.command)", version: report.schemaVersion), forKey: .schema)
        try container.encode(Tool(), forKey: .tool)
    }
}
