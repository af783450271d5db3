import Foundation
import LibraryLoader
import OTPCore
import QRCodes
import SeedFiles

/// A new random seed from the system generator, as `skew seed new` makes it: the hash's output
/// length unless asked otherwise.
struct RandomSeedRequest: Decodable, Sendable {
    var algorithm: String?
    var bytes: Int?

    struct Answer: Encodable, Sendable {
        var base32: String
        var hex: String
        var fingerprint: String
    }

    func make() throws -> Answer {
        let hash = try algorithm.map { name throws(InputError) in try SeedInput.algorithm(named: name) } ?? .sha1
        let length = bytes ?? hash.digestSize
        guard (16...Secret.allowedLength.upperBound).contains(length) else {
            throw InputError(input: "seed length", problem: "\(length) bytes is outside 16…\(Secret.allowedLength.upperBound)",
                             fix: "use 20 (SHA-1) or 32 (SHA-256); RFC 4226 requires at least 16")
        }
        let secret = try Secret(bytes: SecureRandom.bytes(length))
        return Answer(base32: Base32.encode(secret.bytes), hex: Hex.encode(secret.bytes), fingerprint: secret.fingerprint)
    }
}

/// The complete otpauth URI (algorithm, digits, period and issuer always written) and its QR code
/// as a PNG, as `skew qr encode` makes them. The PNG comes back as a data URL inside the answer,
/// never as an address the browser would fetch (and could keep) with the secret in it.
struct QRRequest: Decodable, Sendable {
    var seed: SeedInput
    var issuer: String?
    var account: String

    struct Answer: Encodable, Sendable {
        var uri: String
        var pngDataUrl: String
        var modules: Int
    }

    func make() throws -> Answer {
        let (secret, parameters, _) = try seed.resolve()
        guard parameters.t0 == 0 else {
            throw InputError(input: "T0", problem: "otpauth URIs have no field for T0, so apps would assume 0",
                             fix: "set T0 to 0; a key with another T0 cannot be carried by a QR code")
        }
        let account = account.trimmingCharacters(in: .whitespaces)
        guard !account.isEmpty else {
            throw InputError(input: "account", problem: "no account name was given", fix: "give the name apps should show, such as alice@example.com")
        }
        let issuer = issuer.flatMap { $0.isEmpty ? nil : $0 }
        let uri = OTPAuthURI(kind: .totp, label: issuer.map { "\($0):\(account)" } ?? account, issuer: issuer, secret: secret,
                             algorithm: parameters.algorithm, digits: parameters.digits, period: parameters.period)
        let text = uri.render(parameters: parameters)
        // libqrencode and libpng are opened on first use, as for `skew qr encode`.
        for library in [SystemLibrary.qrencode, .png] { try library.load() }
        let matrix: QRMatrix
        do {
            matrix = try QRMatrix(encoding: text)
        } catch {
            throw InputError(input: "otpauth URI", problem: error.description, fix: "use a shorter account or issuer")
        }
        let png = PNGCodec.encode(matrix.image(scale: 6))
        return Answer(uri: text, pngDataUrl: "data:image/png;base64," + Data(png).base64EncodedString(), modules: matrix.size)
    }
}

/// An uploaded QR picture (PNG or JPEG), read with zbar as `skew qr decode` reads it; the first key
/// it carries comes back as a complete otpauth URI for the seed field.
enum QRUpload {
    static let largestUpload = 20 << 20

    struct Answer: Encodable, Sendable {
        var seed: String
        var accounts: Int
        var explanation: String
    }

    static func read(_ bytes: [UInt8]) throws -> Answer {
        let scan: QRDecoder.Scan
        do {
            scan = try QRDecoder.scan(bytes: bytes, name: "uploaded picture")
        } catch {
            throw InputError(input: error.path, problem: error.problem, fix: error.fix)
        }
        guard let payload = scan.payloads.first(where: { !$0.accounts.isEmpty }), let account = payload.accounts.first else {
            throw InputError(input: "uploaded picture", problem: "the QR code holds no key (\(scan.payloads.map(\.explanation).joined(separator: "; ")))",
                             fix: "upload the QR code an authenticator app would scan")
        }
        if let problem = account.problem {
            throw InputError(input: "uploaded picture", problem: problem, fix: "this key's codes cannot be computed")
        }
        guard let algorithm = HashAlgorithm(name: account.algorithmName), account.kind == .totp else {
            throw InputError(input: "uploaded picture", problem: "the key is \(account.kind == .hotp ? "HOTP (counter-based)" : account.algorithmName), not a TOTP key",
                             fix: "upload a TOTP key's QR code")
        }
        let parameters = OTPParameters(algorithm: algorithm, digits: account.digits, period: account.period ?? 30)
        let uri = OTPAuthURI(kind: .totp, label: account.label, issuer: account.issuer, secret: account.secret,
                             algorithm: algorithm, digits: account.digits, period: parameters.period)
        return Answer(seed: uri.render(parameters: parameters), accounts: scan.payloads.reduce(0) { $0 + $1.accounts.count },
                      explanation: payload.explanation)
    }
}

/// Entra's CSV line and Graph JSON for the seed, from the same writers as `skew seed export`.
struct EntraRequest: Decodable, Sendable {
    var seed: SeedInput
    var serial: String
    var upn: String?
    var manufacturer: String
    var model: String

    struct Answer: Encodable, Sendable {
        /// Nil with the reason in `csvProblem` when Entra's CSV cannot carry the seed (SHA-256, say).
        var csv: String?
        var csvProblem: String?
        var graphJson: String?
        var graphProblem: String?
    }

    func make() throws -> Answer {
        let (secret, parameters, _) = try seed.resolve()
        guard !serial.isEmpty else {
            throw InputError(input: "serial", problem: "no serial number was given", fix: "give the token's serial number")
        }
        let record = SeedRecord(serial: serial, secret: secret, parameters: parameters, account: upn.flatMap { $0.isEmpty ? nil : $0 },
                                manufacturer: manufacturer, model: model)
        var answer = Answer()
        do { answer.csv = try EntraCSV.write([record]) } catch { answer.csvProblem = "\(error.problem); \(error.fix)" }
        do { answer.graphJson = try EntraGraphJSON.write([record]) } catch { answer.graphProblem = "\(error.problem); \(error.fix)" }
        return answer
    }
}
