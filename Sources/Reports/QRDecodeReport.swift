import OTPCore

/// `skew qr decode`: every QR code in a picture, what each one is, and the accounts it carries.
/// Secrets appear as fingerprints unless the person asked for them (`secretsShown`).
public struct QRDecodeReport: Report {
    public struct Account: Encodable, Sendable {
        public var type: String
        public var issuer: String?
        public var label: String
        public var algorithm: String
        public var digits: Int
        public var periodSeconds: Int?
        public var counter: UInt64?
        public var secretFingerprint: String
        public var secretBytes: Int
        /// Present only when secrets were asked for.
        public var secretBase32: String?
        /// Why skew cannot compute this account's codes, when it cannot.
        public var problem: String?
    }

    public struct Code: Encodable, Sendable {
        /// 1-based, in the order zbar found the codes.
        public var number: Int
        public var kind: String
        public var explanation: String
        public var batchNumber: Int?
        public var batchSize: Int?
        public var accounts: [Account]
    }

    public var command: String { "qr-decode" }
    public var schemaVersion: Int { 2 }
    public var file: String
    public var imageWidth: Int
    public var imageHeight: Int
    /// The size the codes were found at relative to the picture: 1, 0.5 after one 2×2 downscale, 0.25,
    /// …, or more than 1 when a small picture was enlarged.
    public var scale: Double
    public var secretsShown: Bool
    public var holdsSecrets: Bool { secretsShown }
    public var codes: [Code]

    public init(file: String, payloads: [QRPayload], imageWidth: Int, imageHeight: Int, scale: Double,
                showSecrets: Bool) {
        self.file = file
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.scale = scale
        self.secretsShown = showSecrets
        codes = payloads.enumerated().map { index, payload in
            Code(number: index + 1, kind: payload.kind.rawValue, explanation: payload.explanation,
                 batchNumber: payload.batch?.number, batchSize: payload.batch?.of,
                 accounts: payload.accounts.map { account in
                     Account(type: account.kind.rawValue, issuer: account.issuer, label: account.label,
                             algorithm: account.algorithmName, digits: account.digits, periodSeconds: account.period,
                             counter: account.counter, secretFingerprint: account.secret.fingerprint,
                             secretBytes: account.secret.bytes.count,
                             secretBase32: showSecrets ? Base32.encode(account.secret.bytes) : nil,
                             problem: account.problem)
                 })
        }
    }

    public var table: ReportTable {
        var rows: [[String]] = []
        for code in codes {
            if code.accounts.isEmpty {
                rows.append([String(code.number), code.kind, "", "", "", "", "", "", code.explanation])
            }
            for account in code.accounts {
                let step = account.periodSeconds.map { "period \($0) s" } ?? account.counter.map { "counter \($0)" } ?? ""
                let secret = account.secretBase32 ?? "fingerprint \(account.secretFingerprint) (\(account.secretBytes) bytes)"
                rows.append([String(code.number), code.kind, account.issuer ?? "", account.label, account.algorithm,
                             String(account.digits), step, secret, account.problem ?? ""])
            }
        }
        let found = scale == 1 ? "at full size"
            : scale < 1 ? "after shrinking to 1/\(Int((1 / scale).rounded())) per side"
            : "after enlarging \(Int(scale))× per side"
        var notes = codes.filter { !$0.accounts.isEmpty }.map { "Code \($0.number): \($0.explanation)." }
        if secretsShown {
            notes.append("The secret column shows the keys themselves: anyone who sees them can make these codes.")
        }
        return ReportTable(
            title: "QR codes in \(file)",
            summary: [("image", "\(imageWidth)×\(imageHeight) pixels, codes found \(found)"),
                      ("codes", String(codes.count)),
                      ("accounts", String(codes.reduce(0) { $0 + $1.accounts.count }))],
            columns: ["code", "kind", "issuer", "label", "algorithm", "digits", "period/counter", "secret", "note"],
            rows: rows, notes: notes)
    }
}
