import Foundation
import History
import PCSC
import Reports
import Tokens

/// What the token page asks its socket for: the reader to follow (nil: the first that holds a card).
public struct TokenWatchRequest: Decodable, Sendable {
    public var reader: String?
}

/// One message of the token page's socket. `kind` says which fields are there:
/// `readers` (every reader and whether it holds a card), `token` (the token on the followed reader,
/// as `skew token info -f json` reports it), `offset` (one live measurement, as `skew drift measure
/// -f json` reports it, not recorded), `history` (the token's history and forecast), `gone` (the
/// card left the reader) and `problem` (the token could not be read; the text says why).
struct TokenPageMessage: Encodable {
    struct Reader: Encodable, Sendable {
        var name: String
        var cardPresent: Bool
        var cardMute: Bool
    }

    var kind: String
    var readers: [Reader]?
    var reader: String?
    var info: TokenInfoReport?
    var offset: OffsetReport?
    var history: TokenHistory?
    var problem: String?
}

/// The token page's socket: follows pcscd's reader and card events (`ReaderWatcher`), and while a
/// token is on the followed reader identifies it, then measures its offset again and again, each
/// result sent as it is measured.
struct TokenLive {
    let request: TokenWatchRequest
    let socket: LiveSocket
    /// Where the history panel reads the token's events (`ServeSettings.history`).
    let history: HistoryLocation

    /// Second ticks timed per measurement, as `skew drift measure` times by default.
    static let fineEdges = 2
    /// Pause between measurements, so other pages and a sync get the reader too.
    static let pause: UInt64 = 500_000_000

    func run() async throws {
        var readers: [ReaderStatus] = []
        var followed: (reader: String, atr: [UInt8])?
        var follower: Task<Void, Never>?
        defer { follower?.cancel() }
        for try await batch in ReaderWatcher.events() {
            readers = Self.apply(batch, to: readers)
            try await socket.send(TokenPageMessage(kind: "readers", readers: readers.map {
                TokenPageMessage.Reader(name: $0.name, cardPresent: $0.cardPresent, cardMute: $0.cardMute)
            }))
            let chosen = readers.first { $0.name == request.reader } ?? (request.reader == nil ? readers.first { $0.cardPresent } : nil)
            let now = chosen.flatMap { $0.cardPresent ? (reader: $0.name, atr: $0.atr) : nil }
            guard now?.reader != followed?.reader || now?.atr != followed?.atr else { continue }
            follower?.cancel()
            if let gone = followed?.reader { try await socket.send(TokenPageMessage(kind: "gone", reader: gone)) }
            followed = now
            follower = now.map { card in Task { await follow(reader: card.reader) } }
        }
    }

    /// The statuses after `batch`, in pcscd's order.
    static func apply(_ batch: [ReaderEvent], to readers: [ReaderStatus]) -> [ReaderStatus] {
        var readers = readers
        for event in batch {
            switch event {
            case .readerAdded(let status): readers.append(status)
            case .readerRemoved(let name): readers.removeAll { $0.name == name }
            case .cardInserted(let status):
                if let index = readers.firstIndex(where: { $0.name == status.name }) { readers[index] = status }
            case .cardRemoved(let name):
                if let index = readers.firstIndex(where: { $0.name == name }) {
                    readers[index] = ReaderStatus(name: name, cardPresent: false, cardMute: false, atr: [])
                }
            }
        }
        return readers
    }

    /// Identifies the token on `reader`, sends its history once its name is known, then measures
    /// until cancelled (the card left, or the page asked for another reader).
    private func follow(reader: String) async {
        do {
            let info = try await TokenDesk.withToken(on: reader) { token in TokenInfoReport(description: try token.describe()) }
            try await socket.send(TokenPageMessage(kind: "token", reader: reader, info: info))
            var historySent = false
            while !Task.isCancelled {
                let measured = try await TokenDesk.withToken(on: reader) { token in
                    try token.measureOffset(OffsetRequest(fineEdges: Self.fineEdges, account: { throw TokenLiveNeedsSecret() },
                                                          range: 3000, pollInterval: 0.002))
                }
                try Task.checkCancellation()
                try await socket.send(TokenPageMessage(kind: "offset", reader: reader, offset: OffsetReport(
                    token: measured.token, method: measured.method, observation: measured.observation, ntp: nil, reference: "host",
                    measuringSeconds: measured.seconds, notes: measured.notes)))
                if !historySent {
                    try await socket.send(TokenPageMessage(kind: "history", reader: reader, history: TokenHistory(token: measured.token, history: history)))
                    historySent = true
                }
                try await Task.sleep(nanoseconds: Self.pause)
            }
        } catch is CancellationError {
        } catch {
            try? await socket.send(TokenPageMessage(kind: "problem", reader: reader, problem: String(describing: error)))
        }
    }
}

/// A token measured from its codes (Protectimus) needs its secret, which the live page does not ask for.
struct TokenLiveNeedsSecret: Error, CustomStringConvertible {
    var description: String {
        "this token is measured from the codes it shows, which needs its secret; the live page measures only tokens that report their clock (Token2, Molto2), so measure this one with its secret from the command line"
    }
}
