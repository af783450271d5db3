/// What the text in a QR code is, for a person holding a picture of one: an authenticator key
/// (one account or a Google Authenticator export of several), or something that is often mistaken
/// for one, with what to do instead.
///
/// `explanation` never repeats secret material: unknown text is described by length only.
public struct QRPayload: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case otpauth
        case otpauthMigration = "otpauth-migration"
        /// An otpauth or otpauth-migration text that does not parse.
        case invalid
        case microsoftActivation = "microsoft-activation"
        case serialNumber = "serial-number"
        case url
        case fido
        case unknown
    }

    public var kind: Kind
    /// The accounts a person could add to an authenticator from this code (empty when it is not a key).
    public var accounts: [OTPAccount]
    /// One or two sentences: what this is and, when it is not a TOTP key, what to do instead.
    public var explanation: String
    /// For a Google Authenticator export: this code's place in the export.
    public var batch: Batch?

    /// Google Authenticator splits large exports over several codes: this is code `number` of `of`.
    public struct Batch: Sendable, Equatable {
        public var number: Int
        public var of: Int

        public init(number: Int, of: Int) {
            self.number = number
            self.of = of
        }
    }

    public init(kind: Kind, accounts: [OTPAccount] = [], explanation: String, batch: Batch? = nil) {
        self.kind = kind
        self.accounts = accounts
        self.explanation = explanation
        self.batch = batch
    }

    /// Classifies the decoded text of one QR code.
    public init(classifying raw: String) {
        let text = raw.trimmingWhitespace()
        let lower = text.lowercased()
        if OTPAuthURI.isURI(text) {
            do {
                let uri = try OTPAuthURI(parsing: text, input: "otpauth URI in the QR code")
                self.init(kind: .otpauth, accounts: [OTPAccount(uri: uri)],
                          explanation: "an authenticator key (otpauth://\(uri.kind.rawValue)) for one account")
            } catch {
                self.init(kind: .invalid, explanation: "an otpauth:// key that cannot be used: \(error)")
            }
        } else if MigrationPayload.isMigrationURI(text) {
            do {
                let export = try MigrationPayload(parsing: text, input: "otpauth-migration data in the QR code")
                let count = export.accounts.count
                var explanation = "a Google Authenticator export with \(count) account\(count == 1 ? "" : "s")"
                    + " (exports carry no period; Google Authenticator uses 30 s)"
                if export.batchSize > 1 {
                    explanation += "; it is code \(export.batchIndex + 1) of \(export.batchSize) of one export: decode the others too"
                }
                self.init(kind: .otpauthMigration, accounts: export.accounts, explanation: explanation,
                          batch: Batch(number: export.batchIndex + 1, of: export.batchSize))
            } catch {
                self.init(kind: .invalid, explanation: "a Google Authenticator export that cannot be read: \(error)")
            }
        } else if lower.hasPrefix("phonefactor://") {
            self.init(kind: .microsoftActivation, explanation:
                "this is Microsoft Authenticator's own activation code, not a TOTP key; in the Microsoft sign-in page choose 'I want to use a different authenticator app' to get a standard TOTP QR")
        } else if lower.hasPrefix("fido:/") {
            self.init(kind: .fido, explanation:
                "a FIDO passkey code (FIDO:/…) that a browser shows to sign in with a phone; it is not a TOTP key and carries no secret skew can use")
        } else if Self.isSerialNumber(text) {
            self.init(kind: .serialNumber, explanation:
                "\(text.count) digits only (\(text)): a hardware token's serial-number barcode, which names the token but is not its seed; get the seed from the vendor's seed file or an otpauth:// QR")
        } else if let host = Self.webHost(text) {
            self.init(kind: .url, explanation:
                "a web address (\(host)), not a TOTP key; if a sign-in page shows it, look there for a 'can't scan' or 'other authenticator app' option that gives an otpauth:// code")
        } else {
            self.init(kind: .unknown, explanation:
                "\(text.count) characters that are not an authenticator key skew knows (not shown, in case they are secret)")
        }
    }

    /// Serial barcodes are long runs of digits; shorter ones are too easily something else.
    private static func isSerialNumber(_ text: String) -> Bool {
        (8...20).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The scheme and host of an http(s) address, without its path or query (they may hold tokens).
    private static func webHost(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }) else { return nil }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        return scheme + host
    }
}
