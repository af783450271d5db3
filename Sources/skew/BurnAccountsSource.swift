import Foundation
import OTPCore
import QRCodes
import SeedFiles
import Tokens

/// `skew burn --accounts FILE`: the accounts of a Google Authenticator export (a QR picture, or a
/// text file holding its `otpauth-migration://` URI) or of a plain PSKC file, each with the title
/// its profile will show. Anything that cannot go on a profile (HOTP, an unknown algorithm) stops
/// the run before the token is touched.
enum BurnAccountsSource {
    static func read(_ path: String) throws -> [AccountsBurnRequest.Account] {
        let lower = path.lowercased()
        if [".png", ".jpg", ".jpeg"].contains(where: lower.hasSuffix) {
            return try accounts(QRDecoder.decode(path: path).flatMap(\.accounts), source: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(message: "\(path): cannot read the accounts file (missing or not readable). Fix: check the path and its permissions.", exitCode: .noInput)
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if MigrationPayload.isMigrationURI(text) {
            return try accounts(MigrationPayload(parsing: text, input: "--accounts \(path)").accounts, source: path)
        }
        guard SeedFileFormat.detect(data) == .pskc else {
            throw InputError(input: "--accounts \(path)", problem: "is neither a QR picture, an otpauth-migration:// URI nor a PSKC file",
                             fix: "give Google Authenticator's export QR (PNG or JPEG), a file holding its URI, or a plain PSKC file")
        }
        let entries = try PSKCReader.read(data, keys: .none, input: "--accounts \(path)")
        let records = try entries.map { entry throws(InputError) -> SeedRecord in try entry.outcome.get() }
        return records.map { AccountsBurnRequest.Account(seed: $0.secret, parameters: $0.parameters, title: $0.account ?? $0.serial) }
    }

    private static func accounts(_ accounts: [OTPAccount], source: String) throws -> [AccountsBurnRequest.Account] {
        guard !accounts.isEmpty else {
            throw InputError(input: "--accounts \(source)", problem: "holds no authenticator account", fix: "export the accounts from the app again")
        }
        return try accounts.map { account throws(InputError) in
            guard account.kind == .totp, let parameters = account.parameters else {
                throw InputError(input: "--accounts \(source)", problem: "account '\(account.label)' is \(account.kind == .totp ? account.problem ?? "not computable" : "HOTP (counter-based)"), which a profile cannot hold",
                                 fix: "export only TOTP accounts with SHA1 or SHA256")
            }
            let title = account.issuer.map { $0.isEmpty || account.label.hasPrefix($0) ? account.label : "\($0) \(account.label)" } ?? account.label
            return AccountsBurnRequest.Account(seed: account.secret, parameters: parameters, title: title)
        }
    }
}
