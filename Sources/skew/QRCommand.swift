import ArgumentParser

struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Read authenticator QR codes from pictures, and make them.",
        subcommands: [QRDecodeCommand.self, QREncodeCommand.self])
}
