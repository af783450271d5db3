import Foundation
import Synchronization
import TokenProtocol

/// Runs a virtual token of either family as a card in vpcd: answers vpcd's power and ATR
/// requests, the reader's UID request and token commands, saves state after every change, shows
/// the display, logs received commands when asked, and injects the faults `EmulatorOptions` asks for.
public final class VirtualTokenEmulator: Sendable {
    private let token: Mutex<any EmulatedCard>
    private let options: EmulatorOptions
    private let display = TokenDisplay()
    private let awake: Atomic<Bool>
    /// The connected socket's descriptor, or -1: lets SIGUSR1 break the link from another thread.
    private let linkDescriptor = Atomic<Int32>(-1)
    /// Numbers the connections to vpcd, and the latest one vpcd has spoken on.
    private let connections = Atomic<Int>(0)
    private let heardFrom = Atomic<Int>(0)
    /// Kept for the emulator's lifetime; only touched in `startButton`, before the handler runs.
    nonisolated(unsafe) private let buttonSource = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .global())

    public init(token: any EmulatedCard, options: EmulatorOptions) {
        self.token = Mutex(token)
        self.options = options
        awake = Atomic(!options.startAsleep)
    }

    /// Runs until vpcd closes the link (an error) or an injected fault ends the run (returns).
    public func run() throws(EmulatorError) {
        try saveState()
        startDisplay()
        startButton()
        var answered = 0
        while true {
            while !awake.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.05) }
            let link = try connect()
            linkDescriptor.store(link.descriptor, ordering: .relaxed)
            defer { linkDescriptor.store(-1, ordering: .relaxed) }
            let connection = connections.add(1, ordering: .relaxed).newValue
            warnIfReaderSilent(connection: connection)
            var seenByReader = false
            while true {
                guard let message = link.readMessage() else {
                    link.closeLink()
                    if !awake.load(ordering: .relaxed) {
                        display.event("switched off: left the reader")
                        token.withLock { $0.powerCycle() }
                        // pcscd polls every 400 ms; a quicker return could go unnoticed.
                        Thread.sleep(forTimeInterval: 0.6)
                        break
                    }
                    throw .linkClosedByReader(port: options.port)
                }
                if !seenByReader {
                    seenByReader = true
                    heardFrom.store(connection, ordering: .relaxed)
                    display.event("on the reader (vpcd at 127.0.0.1:\(options.port))")
                }
                if message.count == 1 {
                    if message[0] == 0x04 {
                        _ = link.writeMessage(CardIdentity.atr)
                    } else if message[0] <= 0x02 {
                        token.withLock { $0.powerCycle() }
                    }
                    continue
                }
                if message.first == 0xFF {
                    _ = link.writeMessage(readerPseudoAPDU(message))
                    continue
                }
                if options.logCommands { display.event("received " + Self.loggable(message)) }
                if let silent = options.silentAfter, answered >= silent {
                    link.closeLink()
                    display.event("closed the link without answering APDU \(answered + 1) (silent after \(silent))")
                    return
                }
                if options.slowWrites > 0, message.count > 1, message[0] == 0x84 {
                    Thread.sleep(forTimeInterval: options.slowWrites)
                }
                let answer = token.withLock { $0.handle(message, hostTime: Date().timeIntervalSince1970) }
                if answer.stateChanged { try saveState() }
                if let quiet = answer.quiet {
                    goQuiet(quiet, on: link)
                    break
                }
                guard link.writeMessage(answer.response) else { throw .linkClosedByReader(port: options.port) }
                answered += 1
                if let drop = options.dropAfter, answered >= drop {
                    link.closeLink()
                    display.event("left the reader after \(answered) APDU\(answered == 1 ? "" : "s") (drop after \(drop))")
                    return
                }
            }
        }
    }

    /// Leaves one command unanswered the way `quiet` says and ends the link (staying away when the
    /// card left the field); the run loop then joins vpcd again.
    private func goQuiet(_ quiet: QuietAnswer, on link: VPCDSocket) {
        switch quiet {
        case .empty:
            _ = link.writeMessage([])
            link.closeLink()
            display.event("answered with no bytes (foreign answer: empty); joining the reader again")
        case .timeout:
            Thread.sleep(forTimeInterval: QuietAnswer.timeoutSeconds)
            link.closeLink()
            display.event("gave no answer for \(QuietAnswer.timeoutSeconds) s, then closed the link (foreign answer: timeout); joining the reader again")
        case .drop:
            link.closeLink()
            token.withLock { $0.powerCycle() }
            display.event("left the reader without answering (foreign answer: drop); back in \(QuietAnswer.awaySeconds) s")
            Thread.sleep(forTimeInterval: QuietAnswer.awaySeconds)
        }
    }

    /// vpcd asks for the ATR every 400 ms; silence means the TCP connection only sits in vpcd's
    /// backlog, typically because another card already holds this reader slot.
    private func warnIfReaderSilent(connection: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [self] in
            guard heardFrom.load(ordering: .relaxed) < connection, awake.load(ordering: .relaxed) else { return }
            display.event("vpcd at 127.0.0.1:\(options.port) has not spoken to this card for 2 s: is another card (another emulator) already on this reader? Still waiting.")
        }
    }

    /// A received command for `--log-apdus`: Protectimus frames in full (they carry no secret),
    /// other commands up to 7 bytes, and only the 5-byte header of longer ones (seed ciphertext,
    /// MACs and cryptograms stay out of logs).
    static func loggable(_ message: [UInt8]) -> String {
        if message.first == ProtectimusFrame.requestMarker || message.count <= 7 { return APDUHex.spaced(message) }
        return APDUHex.spaced(Array(message.prefix(5))) + " … (\(message.count) bytes)"
    }

    /// `FF CA 00 00 00` (get UID) answers the 7-byte UID; other reader commands are not supported.
    private func readerPseudoAPDU(_ message: [UInt8]) -> [UInt8] {
        if message == [0xFF, 0xCA, 0x00, 0x00, 0x00] {
            return token.withLock { $0.uid } + [0x90, 0x00]
        }
        return [0x6A, 0x81]
    }

    private func connect() throws(EmulatorError) -> VPCDSocket {
        let deadline = Date().addingTimeInterval(options.connectTimeout)
        while true {
            do {
                return try VPCDSocket.connect(port: options.port)
            } catch {
                if Date() >= deadline { throw .vpcdUnreachable(port: options.port, reason: error.reason) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    private func saveState() throws(EmulatorError) {
        guard let path = options.statePath else { return }
        let card = token.withLock { $0 }
        try card.saveState(to: path)
    }

    private func startDisplay() {
        Thread.detachNewThread { [self] in
            while true {
                let card = token.withLock { $0 }
                display.show(card.displayLine(awake: awake.load(ordering: .relaxed), hostTime: Date().timeIntervalSince1970))
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    /// SIGUSR1 is the power button: it switches the token off (it leaves the reader) or on.
    private func startButton() {
        signal(SIGUSR1, SIG_IGN)
        let source = buttonSource
        source.setEventHandler { [self] in
            let nowAwake = !awake.load(ordering: .relaxed)
            awake.store(nowAwake, ordering: .relaxed)
            if !nowAwake {
                let descriptor = linkDescriptor.load(ordering: .relaxed)
                if descriptor >= 0 { VPCDSocket(descriptor: descriptor).shutdownLink() }
            } else {
                display.event("switched on")
            }
        }
        source.resume()
    }
}
