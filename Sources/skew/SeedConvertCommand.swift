import ArgumentParser
import OTPCore

struct SeedConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a secret between base32, hex, an otpauth URI and a QR code PNG.",
        discussion: """
            Reads the secret like every command (--secret-file, --secret-env, --secret -; --hex for hex \
            input); writes it to a file readable by you only (--output) or, with --show-secrets, to \
            standard output. A URI keeps the input URI's label and issuer unless --label or --issuer is given.

            Examples:
              skew seed convert -s token.hex --hex --as base32 -o token.b32
              skew seed convert -s alice.uri --as hex --show-secrets
              skew seed convert -s token.b32 --as uri --label alice@example.com \\
                --issuer Contoso --show-secrets
            """)

    @OptionGroup var secret: SecretOptions

    @Option(name: .customLong("as"), help: "Form: base32, hex, uri or png (a QR code of the URI).")
    var encoding: SeedEncoding

    @OptionGroup var uri: SeedURIOptions

    @OptionGroup var destination: SecretFileOutput

    func run() throws {
        let (key, parameters, given) = try secret.resolve()
        try destination.deliver(try encoding.render(key, parameters: parameters, label: uri.label ?? given?.account,
                                                    issuer: uri.issuer ?? given?.issuer, scale: uri.scale,
                                                    toFile: destination.output != nil))
        Console.info("\(key.bytes.count)-byte secret, fingerprint \(key.fingerprint), as \(encoding.rawValue)\(destination.output.map { ", written to \($0)" } ?? "")")
    }
}
