import OTPCore
import SeedFiles

/// `skew seed import` and `skew seed export`: every token of a seed file as read or written, named
/// by serial, model, account and settings, its seed only by fingerprint, so the report can be
/// kept and shared where the seed file cannot.
public struct SeedFileReport: Report {
    public struct Token: Encodable, Sendable {
        /// Where the token is in the file read, such as `line 3` or `KeyPackage 2`.
        public var position: String
        public var serial: String?
        public var manufacturer: String?
        public var model: String?
        public var account: String?
        public var algorithm: String?
        public var digits: Int?
        public var periodSeconds: Int?
        public var secretFingerprint: String?
        public var secretBytes: Int?
        /// Why the token cannot be used, when it cannot (then it is left out of any export).
        public var problem: String?
    }

    public var command: String { "seed-file" }
    public var schemaVersion: Int { 2 }
    /// The file read.
    public var source: String
    public var sourceFormat: String
    /// The file written and its format, for an export.
    public var destination: String?
    public var destinationFormat: String?
    /// `none`, `pre-shared key` or `password (PBKDF2)` for PSKC exports.
    public var encryption: String?
    public var tokens: [Token]

    public init(source: String, sourceFormat: SeedFileFormat, entries: [SeedEntry], destination: String? = nil,
                destinationFormat: SeedFileFormat? = nil, encryption: String? = nil) {
        self.source = source
        self.sourceFormat = sourceFormat.rawValue
        self.destination = destination
        self.destinationFormat = destinationFormat?.rawValue
        self.encryption = encryption
        tokens = entries.map { entry in
            switch entry.outcome {
            case .success(let record):
                Token(position: entry.position, serial: record.serial, manufacturer: record.manufacturer, model: record.model,
                      account: record.account, algorithm: record.parameters.algorithm.rawValue, digits: record.parameters.digits,
                      periodSeconds: record.parameters.period, secretFingerprint: record.secret.fingerprint,
                      secretBytes: record.secret.bytes.count)
            case .failure(let error):
                Token(position: entry.position, serial: entry.serial, problem: error.description)
            }
        }
    }

    public var problems: Int { tokens.filter { $0.problem != nil }.count }

    public var table: ReportTable {
        var summary = [("read", "\(source) (\(sourceFormat))"),
                       ("tokens", "\(tokens.count - problems) usable, \(problems) with problems")]
        if let destination, let destinationFormat {
            summary.append(("written", "\(destination) (\(destinationFormat)\(encryption.map { ", encryption: \($0)" } ?? ""), readable by you only)"))
        }
        let rows = tokens.map { token in
            [token.position, token.serial ?? "", token.model ?? "", token.account ?? "", token.algorithm ?? "",
             token.digits.map(String.init) ?? "", token.periodSeconds.map { "\($0)" } ?? "",
             token.secretFingerprint.map { "\($0) (\(token.secretBytes ?? 0) bytes)" } ?? "", token.problem ?? "ok"]
        }
        return ReportTable(title: destination == nil ? "Seeds in \(source)" : "Seeds exported from \(source)",
                           summary: summary,
                           columns: ["where", "serial", "model", "account", "algorithm", "digits", "period", "fingerprint", "check"],
                           rows: rows,
                           notes: ["Seeds are shown by fingerprint only; the seed file itself is the only copy of them here."])
    }
}
