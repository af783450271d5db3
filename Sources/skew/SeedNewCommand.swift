import ArgumentParser
import OTPCore
import SeedFiles

struct SeedNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a random seed from the operating system's CSPRNG (getrandom), as base32, hex, an otpauth URI or a QR code PNG.",
        discussion: """
            The seed goes to a file readable by you only (--output), or to standard output only with \
            --show-secrets; its fingerprint goes to standard error either way. The default length is the \
            hash's output: 20 bytes for SHA-1, 32 for SHA-256, 64 for SHA-512 (RFC 4226 recommends it).

            Examples:
              skew seed new -o alice.b32
              skew seed new --algorithm sha256 --as hex --show-secrets
              skew seed new --as png --label alice@example.com --issuer Contoso -o alice.png
            """)

    @Option(help: "Seed length in bytes, 16 to 128 (default: the hash's output length).")
    var bytes: Int?

    @Option(name: .customLong("as"), help: "Form: base32, hex, uri or png (a QR code of the URI).")
    var encoding: SeedEncoding = .base32

    @Option(help: "HMAC algorithm the seed is for: sha1, sha256 or sha512 (written into a URI).")
    var algorithm = "sha1"

    @Option(help: "Code length for a URI, 6 to 10.")
    var digits = 6

    @Option(help: "Time step in seconds for a URI.")
    var period = 30

    @OptionGroup var uri: SeedURIOptions

    @OptionGroup var destination: SecretFileOutput

    func run() throws {
        let hash = try hashAlgorithm(named: algorithm)
        let parameters = try OTPParameters(algorithm: hash, digits: digits, period: period).validated()
        let length = bytes ?? hash.digestSize
        guard (16...Secret.allowedLength.upperBound).contains(length) else {
            throw UsageError(input: "--bytes", problem: "\(length) bytes is outside 16…\(Secret.allowedLength.upperBound)",
                             fix: "use 20 (SHA-1) or 32 (SHA-256); RFC 4226 requires at least 16")
        }
        let secret = try Secret(bytes: SecureRandom.bytes(length))
        try destination.deliver(try encoding.render(secret, parameters: parameters, label: uri.label, issuer: uri.issuer, scale: uri.scale,
                                                    toFile: destination.output != nil))
        Console.info("new \(length)-byte seed for \(hash.rawValue), fingerprint \(secret.fingerprint)\(destination.output.map { ", written to \($0)" } ?? "")")
    }
}
