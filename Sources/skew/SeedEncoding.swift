import ArgumentParser
import Foundation
import OTPCore
import QRCodes

/// What a URI or QR code carries besides the secret, for `seed new` and `seed convert`.
struct SeedURIOptions: ParsableArguments {
    @Option(help: "The account name a URI carries, such as alice@example.com (seed convert: default the input URI's).")
    var label: String?

    @Option(help: "Who issues the key, written into a URI (seed convert: default the input URI's).")
    var issuer: String?

    @Option(help: "Pixels per module in a PNG.")
    var scale = 8
}

/// The forms `seed new` and `seed convert` write a secret in.
enum SeedEncoding: String, ExpressibleByArgument, CaseIterable {
    case base32, hex, uri, png

    /// The secret in this form; a URI and its QR code carry the label, issuer and parameters.
    /// `toFile` is false when the bytes go to standard output.
    func render(_ secret: Secret, parameters: OTPParameters, label: String?, issuer: String?, scale: Int, toFile: Bool) throws -> [UInt8] {
        switch self {
        case .base32: return Array((Base32.encode(secret.bytes) + "\n").utf8)
        case .hex: return Array((Hex.encode(secret.bytes) + "\n").utf8)
        case .uri, .png:
            guard let label, !label.isEmpty else {
                throw UsageError(input: "--label", problem: "an otpauth URI needs an account name",
                                 fix: "add --label with the name apps should show, such as --label alice@example.com")
            }
            guard parameters.t0 == 0 else {
                throw UsageError(input: "--t0", problem: "otpauth URIs have no field for T0, so apps would assume 0",
                                 fix: "drop --t0, or write --as base32 or hex")
            }
            let issuer = issuer.flatMap { $0.isEmpty ? nil : $0 }
            let uri = OTPAuthURI(kind: .totp, label: issuer.map { "\($0):\(label)" } ?? label, issuer: issuer, secret: secret,
                                 algorithm: parameters.algorithm, digits: parameters.digits, period: parameters.period)
            let text = uri.render(parameters: parameters)
            guard self == .png else { return Array((text + "\n").utf8) }
            guard toFile || isatty(STDOUT_FILENO) == 0 else {
                throw UsageError(input: "--as png --show-secrets", problem: "standard output is a terminal, which cannot show a PNG",
                                 fix: "write it to a file with --output FILE, or pipe it (> alice.png)")
            }
            guard (1...64).contains(scale) else {
                throw UsageError(input: "--scale", problem: "\(scale) pixels per module is outside 1…64", fix: "use a scale such as 8")
            }
            do {
                return PNGCodec.encode(try QRMatrix(encoding: text).image(scale: scale))
            } catch {
                throw InputError(input: "otpauth URI", problem: error.description, fix: "use a shorter label or issuer")
            }
        }
    }
}
