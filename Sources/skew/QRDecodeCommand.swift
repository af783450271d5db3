import ArgumentParser
import Foundation
import OTPCore
import QRCodes
import Reports

struct QRDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "List every QR code in a PNG or JPEG: authenticator keys, Google Authenticator exports, and look-alikes explained.",
        discussion: """
            Secrets are shown as fingerprints only, unless --show-secrets is given.
            Exit status: 0 when at least one QR code was found, 1 when the picture holds none, 65 when the \
            file is not a PNG or JPEG or is damaged, 66 when it is missing or unreadable.

            Examples:
              skew qr decode enrolment.png
              skew qr decode export.jpg -f csv -o accounts.csv
              xclip -o -selection clipboard -t image/png | skew qr decode -
            """)

    @Argument(help: "The picture: PNG or JPEG (told apart by content, not by name); '-' reads standard input.")
    var file: String

    @Flag(help: "Also print each secret in base32. Anyone who sees it can make the codes.")
    var showSecrets = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        if showSecrets && output.report {
            throw UsageError(input: "--show-secrets with --report", problem: "reports are kept files, and would hold the secrets",
                             fix: "drop --report, or give --output FILE to write the secrets to a file of your choosing")
        }
        let scan = file == "-"
            ? try QRDecoder.scan(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()), name: "standard input")
            : try QRDecoder.scan(path: file)
        if showSecrets {
            Console.warning("--show-secrets prints the keys themselves; clear the terminal and do not save this output where others can read it")
        }
        try output.emit(QRDecodeReport(file: file, payloads: scan.payloads, imageWidth: scan.width,
                                       imageHeight: scan.height, scale: scan.scale, showSecrets: showSecrets))
    }
}
