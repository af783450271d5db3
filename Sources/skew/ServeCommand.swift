import ArgumentParser
import Foundation
import Serve

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The window, diagnose, token, probe, fleet and provisioning pages as a local web page; prints the address.",
        discussion: """
            The address carries a random access token: only a browser that opened it can use the \
            server. It listens on 127.0.0.1 unless --listen says otherwise. Ctrl-C stops it.

            Examples:
              skew serve
              skew serve --port 8470
              skew serve --history postgres://skew@db.example.org/skew
            """)

    @Option(help: "TCP port (0: any free port, which is printed).")
    var port = 0

    @Option(help: "Address to listen on (default 127.0.0.1, this computer only). Another address lets other computers in, over plain HTTP.")
    var listen = "127.0.0.1"

    /// The history the token and fleet pages read and record into, as for every other command.
    @OptionGroup var historyOptions: HistoryOptions

    func run() throws {
        guard (0...65_535).contains(port) else {
            throw UsageError(input: "--port", problem: "\(port) is not a TCP port", fix: "give a port from 1 to 65535, or 0 for any free port")
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(listen)
        if !loopback {
            Console.warning("--listen \(listen) lets other computers reach the pages over plain HTTP: the access token and any seed typed in cross the network unencrypted")
        }
        let hostName = ProcessInfo.processInfo.hostName
        let server = SkewServer(address: ServeAddress(bindHost: listen == "localhost" ? "127.0.0.1" : listen, port: port,
                                                      extraHostNames: loopback ? [] : [hostName]),
                                token: try AccessToken.random(), settings: ServeSettings(history: try historyOptions.location()))
        do {
            try runBlocking {
                try await server.run { url, _ in
                    // Written at once, not buffered: a script or test reading the address waits for this line.
                    FileHandle.standardOutput.write(Data((url + "\n").utf8))
                    Console.info("skew serve: open the address above in a browser on this computer; Ctrl-C stops the server")
                }
            }
        } catch {
            throw CLIFailure(message: "cannot serve on \(listen) port \(port): \(error)", exitCode: .unavailable)
        }
    }
}
