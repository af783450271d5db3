import Foundation

/// A Google Authenticator export (`otpauth-migration://offline?data=…`): a base64 protobuf
/// `MigrationPayload` holding several accounts, possibly split over several QR codes (a batch).
public struct MigrationPayload: Sendable, Equatable {
    public var accounts: [OTPAccount]
    public var version: Int
    /// This code's place in the export (0-based) and how many codes the export has.
    public var batchIndex: Int
    public var batchSize: Int
    public var batchID: Int64

    public static let scheme = "otpauth-migration://"

    public static func isMigrationURI(_ text: String) -> Bool {
        text.trimmingWhitespace().lowercased().hasPrefix(scheme)
    }

    public init(parsing raw: String, input: String = "otpauth-migration URI") throws(InputError) {
        let text = raw.trimmingWhitespace()
        guard Self.isMigrationURI(text) else {
            throw InputError(input: input, problem: "it does not start with otpauth-migration://",
                             fix: "pass the whole text of the Google Authenticator export QR code")
        }
        let query = text.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        var dataField: String?
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0].lowercased() == "data", parts.count == 2 { dataField = String(parts[1]) }
        }
        guard let dataField, !dataField.isEmpty else {
            throw InputError(input: input, problem: "it has no data= parameter",
                             fix: "scan the export QR code again; the text may have been cut")
        }
        let base64 = try OTPAuthURI.percentDecode(dataField, input: input)
        var normalized = base64.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            .filter { !$0.isWhitespace }
        normalized += String(repeating: "=", count: (4 - normalized.count % 4) % 4)
        guard let bytes = Data(base64Encoded: normalized) else {
            throw InputError(input: input, problem: "the data= parameter is not valid base64",
                             fix: "scan the export QR code again; the text may have been cut or changed")
        }
        do {
            try self.init(protobuf: Array(bytes))
        } catch {
            throw InputError(input: input, problem: "the export data is not a readable MigrationPayload (\(error.reason))",
                             fix: "scan the export QR code again, or export the accounts again from Google Authenticator")
        }
    }

    init(protobuf bytes: [UInt8]) throws(ProtobufWireReader.Malformed) {
        var reader = ProtobufWireReader(bytes[...])
        var accounts: [OTPAccount] = []
        var version = 0, batchIndex = 0, batchSize = 1
        var batchID: Int64 = 0
        while let (number, value) = try reader.nextField() {
            switch (number, value) {
            case (1, .bytes(let message)): accounts.append(try Self.account(message, index: accounts.count + 1))
            case (2, .varint(let value)): version = Int(truncatingIfNeeded: value)
            case (3, .varint(let value)): batchSize = Int(truncatingIfNeeded: value)
            case (4, .varint(let value)): batchIndex = Int(truncatingIfNeeded: value)
            case (5, .varint(let value)): batchID = Int64(truncatingIfNeeded: Int32(truncatingIfNeeded: value))
            default: continue
            }
        }
        self.accounts = accounts
        self.version = version
        self.batchIndex = batchIndex
        self.batchSize = max(batchSize, 1)
        self.batchID = batchID
    }

    /// One `OtpParameters` message: secret=1, name=2, issuer=3, algorithm=4, digits=5, type=6, counter=7.
    private static func account(_ message: ArraySlice<UInt8>, index: Int) throws(ProtobufWireReader.Malformed) -> OTPAccount {
        var reader = ProtobufWireReader(message)
        var secretBytes: [UInt8] = [], name = "", issuer = ""
        var algorithmCode: UInt64 = 0, digitsCode: UInt64 = 0, typeCode: UInt64 = 0, counter: UInt64 = 0
        while let (number, value) = try reader.nextField() {
            switch (number, value) {
            case (1, .bytes(let bytes)): secretBytes = Array(bytes)
            case (2, .bytes(let bytes)): name = String(decoding: bytes, as: UTF8.self)
            case (3, .bytes(let bytes)): issuer = String(decoding: bytes, as: UTF8.self)
            case (4, .varint(let value)): algorithmCode = value
            case (5, .varint(let value)): digitsCode = value
            case (6, .varint(let value)): typeCode = value
            case (7, .varint(let value)): counter = value
            default: continue
            }
        }
        let secret: Secret
        do {
            secret = try Secret(bytes: secretBytes)
        } catch {
            throw ProtobufWireReader.Malformed(reason: "account \(index): \(error.problem)")
        }
        var problems: [String] = []
        let algorithmName: String
        switch algorithmCode {
        case 0, 1: algorithmName = "SHA1"
        case 2: algorithmName = "SHA256"
        case 3: algorithmName = "SHA512"
        case 4:
            algorithmName = "MD5"
            problems.append("MD5 is not an RFC 6238 algorithm; skew cannot compute its codes")
        default:
            algorithmName = "unknown(\(algorithmCode))"
            problems.append("the export names algorithm code \(algorithmCode), which is not defined")
        }
        let digits: Int
        switch digitsCode {
        case 0, 1: digits = 6
        case 2: digits = 8
        default:
            digits = 6
            problems.append("the export names digit-count code \(digitsCode), which is not defined")
        }
        let kind: OTPAuthURI.Kind = typeCode == 1 ? .hotp : .totp
        if typeCode > 2 { problems.append("the export names OTP type code \(typeCode), which is not defined") }
        // Google Authenticator's export carries no period: every account it holds uses 30 s.
        return OTPAccount(kind: kind, issuer: issuer.isEmpty ? nil : issuer, label: name, secret: secret,
                          algorithmName: algorithmName, digits: digits, period: kind == .totp ? 30 : nil,
                          counter: kind == .hotp ? counter : nil,
                          problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }
}
