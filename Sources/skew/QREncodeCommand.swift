import ArgumentParser
import Files
import Foundation
import OTPCore
import QRCodes

struct QREncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Show a complete otpauth URI (algorithm, digits and period always present) as a QR code, and write it as a PNG.",
        discussion: """
            The QR code holds the secret: show it only where nobody else can see the screen. The URI is \
            printed only with --show-secrets.

            Examples:
              skew qr encode -s alice.txt --issuer Contoso --png alice.png
              skew qr encode -s alice.txt --algorithm sha256 --png - > alice.png
            """)

    @OptionGroup var secret: SecretOptions

    @Option(help: "Who issues the key, shown by authenticator apps (default: the URI's issuer).")
    var issuer: String?

    @Option(help: "The account name, such as alice@example.com (default: the URI's label).")
    var label: String?

    @Option(help: "Also write the QR code to this PNG file (atomically, readable by you only: it holds the secret; '-' is standard output, with no terminal drawing).")
    var png: String?

    @Option(help: "Pixels per module in the PNG.")
    var scale = 8

    @Flag(help: "Do not draw the QR code on the terminal (with --png).")
    var noTerminal = false

    @Flag(help: "Draw dark modules as blocks, for terminals with a light background.")
    var lightTerminal = false

    @Flag(help: "Also print the otpauth URI, which contains the secret.")
    var showSecrets = false

    func run() throws {
        guard (1...64).contains(scale) else {
            throw UsageError(input: "--scale", problem: "\(scale) pixels per module is outside 1…64",
                             fix: "use a scale such as 8")
        }
        guard !(noTerminal && png == nil) else {
            throw UsageError(input: "--no-terminal", problem: "with no --png file there would be no output",
                             fix: "add --png FILE, or drop --no-terminal")
        }
        guard !(showSecrets && png == "-") else {
            throw UsageError(input: "--show-secrets with --png -", problem: "the URI and the PNG would both go to standard output",
                             fix: "write the PNG to a file (--png FILE), or drop --show-secrets")
        }
        let (key, parameters, given) = try secret.resolve()
        guard parameters.t0 == 0 else {
            throw UsageError(input: "--t0", problem: "otpauth URIs have no field for T0, so apps would assume 0",
                             fix: "drop --t0; a key with another T0 cannot be carried by a QR code")
        }
        let uri = try makeURI(secret: key, parameters: parameters, given: given)
        let text = uri.render(parameters: parameters)
        let matrix: QRMatrix
        do {
            matrix = try QRMatrix(encoding: text)
        } catch {
            throw InputError(input: "otpauth URI", problem: error.description, fix: "use a shorter label or issuer")
        }
        if let png {
            let bytes = PNGCodec.encode(matrix.image(scale: scale))
            if png == "-" {
                FileHandle.standardOutput.write(Data(bytes))
            } else {
                try AtomicFile.write(bytes, to: png, permissions: 0o600)
            }
        }
        if !noTerminal && png != "-" { print(matrix.terminalText(darkOnLight: lightTerminal), terminator: "") }
        let step = uri.kind == .totp ? "\(parameters.period) s period" : "counter \(uri.counter ?? 0)"
        Console.info("otpauth://\(uri.kind.rawValue): issuer \(uri.issuer ?? "(none)"), label \(uri.label), \(parameters.algorithm.rawValue), \(parameters.digits) digits, \(step), secret fingerprint \(key.fingerprint)")
        if let png {
            let side = (matrix.size + 2 * QRMatrix.quietZone) * scale
            Console.info("wrote \(png == "-" ? "standard output" : png) (\(side)×\(side) pixels, \(matrix.size)×\(matrix.size) modules)")
        }
        if showSecrets {
            Console.warning("--show-secrets prints the URI with the secret in it")
            print(text)
        }
    }

    /// The label follows Google's key-URI convention, `Issuer:account`, and the issuer is repeated as
    /// a parameter; apps differ in which of the two they read, so the two always agree.
    private func makeURI(secret: Secret, parameters: OTPParameters, given: OTPAuthURI?) throws -> OTPAuthURI {
        let chosenIssuer = (issuer ?? given?.issuer).flatMap { $0.isEmpty ? nil : $0 }
        let account = try accountName(issuer: chosenIssuer, given: given)
        guard !account.isEmpty else {
            throw UsageError(input: "--label", problem: "no account name was given",
                             fix: "add --label with the name apps should show, such as --label alice@example.com")
        }
        let kind = given?.kind ?? .totp
        return OTPAuthURI(kind: kind, label: chosenIssuer.map { "\($0):\(account)" } ?? account, issuer: chosenIssuer,
                          secret: secret, algorithm: parameters.algorithm, digits: parameters.digits,
                          period: parameters.period, counter: kind == .hotp ? given?.counter : nil)
    }

    /// The label without an issuer prefix when an issuer is chosen: the chosen issuer (`--issuer`, or
    /// the URI's issuer parameter) replaces the URI label's prefix, and a `--label` that names another
    /// issuer is refused rather than guessed at.
    private func accountName(issuer chosen: String?, given: OTPAuthURI?) throws -> String {
        guard let chosen else { return label ?? given?.label ?? "" }
        guard let label else { return given?.account ?? "" }
        if label.hasPrefix(chosen + ":") { return String(label.dropFirst(chosen.count + 1)) }
        guard let colon = label.firstIndex(of: ":") else { return label }
        let named = label[..<colon], account = label[label.index(after: colon)...]
        throw InputError(input: "--label", problem: "'\(label)' names the issuer '\(named)', but the issuer is '\(chosen)'\(issuer == nil ? " (the URI's)" : "")",
                         fix: "give the account alone (--label '\(account)'), which skew writes as '\(chosen):\(account)'; or --issuer '\(named)'")
    }
}
