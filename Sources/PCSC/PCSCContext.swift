import CPCSC
import LibraryLoader
import Foundation

/// What pcscd reports about one reader.
public struct ReaderStatus: Sendable, Equatable {
    public var name: String
    public var cardPresent: Bool
    /// The card is there but does not answer (pcscd flags it mute).
    public var cardMute: Bool
    public var atr: [UInt8]

    public init(name: String, cardPresent: Bool, cardMute: Bool, atr: [UInt8]) {
        self.name = name
        self.cardPresent = cardPresent
        self.cardMute = cardMute
        self.atr = atr
    }
}

/// A connection to pcscd (`SCardEstablishContext`): lists readers, waits for cards, connects.
///
/// Not thread-safe; only `canceller` may be used from another thread (for Ctrl-C).
public final class PCSCContext {
    let handle: SCARDCONTEXT

    /// Whether pcscd answers at all: a fresh context can be established.
    public static func serviceIsRunning() -> Bool {
        var context = SCARDCONTEXT()
        guard (try? SystemLibrary.pcsclite.load()) != nil,
              SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context) == SCARD_S_SUCCESS else { return false }
        SCardReleaseContext(context)
        return true
    }

    /// Fails with `.noService` within a millisecond when pcscd is not running.
    public init() throws(PCSCError) {
        do {
            try SystemLibrary.pcsclite.load()
        } catch {
            throw .library(error)
        }
        var context: SCARDCONTEXT = 0
        let status = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)
        guard status == SCARD_S_SUCCESS else { throw PCSCError.from(status, function: "SCardEstablishContext", reader: nil) }
        handle = context
    }

    deinit { SCardReleaseContext(handle) }

    /// Cancels a blocking wait from another thread (`SCardCancel`).
    public struct Canceller: Sendable {
        let handle: SCARDCONTEXT
        public func cancel() { SCardCancel(handle) }
    }

    public var canceller: Canceller { Canceller(handle: handle) }

    /// Reader names in pcscd's order; empty when there is none.
    public func readers() throws(PCSCError) -> [String] {
        var length: DWORD = 0
        var status = SCardListReaders(handle, nil, nil, &length)
        if status == SCARD_E_NO_READERS_AVAILABLE { return [] }
        guard status == SCARD_S_SUCCESS else { throw PCSCError.from(status, function: "SCardListReaders", reader: nil) }
        var buffer = [CChar](repeating: 0, count: Int(length))
        status = SCardListReaders(handle, nil, &buffer, &length)
        if status == SCARD_E_NO_READERS_AVAILABLE { return [] }
        guard status == SCARD_S_SUCCESS else { throw PCSCError.from(status, function: "SCardListReaders", reader: nil) }
        // A multi-string: names separated by NUL, ended by an empty name.
        return buffer.split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    /// The current state of every reader (or of `names`), without waiting.
    public func status(of given: [String]? = nil) throws(PCSCError) -> [ReaderStatus] {
        let names: [String]
        if let given { names = given } else { names = try readers() }
        if names.isEmpty { return [] }
        return try withReaderStates(names) { states throws(PCSCError) in
            let status = SCardGetStatusChange(handle, 0, &states, DWORD(states.count))
            guard status == SCARD_S_SUCCESS || status == SCARD_E_TIMEOUT else {
                throw PCSCError.from(status, function: "SCardGetStatusChange", reader: names.count == 1 ? names[0] : nil)
            }
            return zip(names, states).map { Self.readerStatus(name: $0, state: $1) }
        }
    }

    /// Waits up to `timeout` seconds until a responsive card is on `reader` (or on any reader when
    /// nil) and returns that reader's name. Uses `SCardGetStatusChange`, so it wakes the moment the
    /// card arrives; `canceller` ends the wait with `.cancelled`.
    public func waitForCard(reader: String?, timeout: Double) throws(PCSCError) -> String {
        let available = try readers()
        if available.isEmpty { throw PCSCError.noReaders }
        let watched: [String]
        if let reader {
            guard available.contains(reader) else { throw PCSCError.unknownReader(name: reader, available: available) }
            watched = [reader]
        } else {
            watched = available
        }
        guard let name = try waitUntil(watched, timeout: timeout, { $0.cardPresent && !$0.cardMute }) else {
            throw PCSCError.noCard(readers: watched, waited: timeout)
        }
        return name
    }

    /// Waits up to `timeout` seconds until `reader` holds no card (it was taken away); false when
    /// the time ran out first. `canceller` ends the wait with `.cancelled`.
    public func waitForRemoval(reader: String, timeout: Double) throws(PCSCError) -> Bool {
        try waitUntil([reader], timeout: timeout) { !$0.cardPresent } != nil
    }

    /// The first of `watched` whose status meets `condition`, woken by `SCardGetStatusChange` on
    /// every change; nil after `timeout` seconds.
    private func waitUntil(_ watched: [String], timeout: Double, _ condition: (ReaderStatus) -> Bool) throws(PCSCError) -> String? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        return try withReaderStates(watched) { states throws(PCSCError) -> String? in
            while true {
                let now = DispatchTime.now().uptimeNanoseconds
                let remainingMilliseconds = deadline > now ? (deadline - now + 999_999) / 1_000_000 : 0
                let status = SCardGetStatusChange(handle, DWORD(remainingMilliseconds), &states, DWORD(states.count))
                if status == SCARD_E_TIMEOUT { return nil }
                guard status == SCARD_S_SUCCESS else {
                    throw PCSCError.from(status, function: "SCardGetStatusChange", reader: watched.count == 1 ? watched[0] : nil)
                }
                for (name, state) in zip(watched, states) where condition(Self.readerStatus(name: name, state: state)) {
                    return name
                }
                if remainingMilliseconds == 0 { return nil }
                for index in states.indices {
                    states[index].dwCurrentState = states[index].dwEventState & ~DWORD(SCARD_STATE_CHANGED)
                }
            }
        }
    }

    /// Connects to the card on `reader` (shared, T=0 or T=1, whichever the card offers).
    public func connect(reader: String) throws(PCSCError) -> PCSCCard {
        let (card, active) = try connectHandle(reader: reader)
        return PCSCCard(context: self, reader: reader, handle: card, activeProtocol: active)
    }

    /// `SCardConnect` alone: the handle and the protocol the card took.
    func connectHandle(reader: String) throws(PCSCError) -> (SCARDHANDLE, DWORD) {
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        let status = SCardConnect(handle, reader, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1),
                                  &card, &active)
        guard status == SCARD_S_SUCCESS else {
            var error = PCSCError.from(status, function: "SCardConnect", reader: reader)
            if case .unknownReader = error { error = .unknownReader(name: reader, available: (try? readers()) ?? []) }
            throw error
        }
        return (card, active)
    }

    /// Runs `body` with SCARD_READERSTATE structs whose reader-name C strings live for the call.
    func withReaderStates<T>(_ names: [String],
                                     _ body: (inout [SCARD_READERSTATE]) throws(PCSCError) -> T) throws(PCSCError) -> T {
        let cNames = names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        var states = cNames.map { name -> SCARD_READERSTATE in
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(name)
            state.dwCurrentState = DWORD(SCARD_STATE_UNAWARE)
            return state
        }
        return try body(&states)
    }

    static func readerStatus(name: String, state: SCARD_READERSTATE) -> ReaderStatus {
        let event = state.dwEventState
        let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(min(state.cbAtr, DWORD(MAX_ATR_SIZE))))) }
        return ReaderStatus(name: name, cardPresent: event & DWORD(SCARD_STATE_PRESENT) != 0,
                            cardMute: event & DWORD(SCARD_STATE_MUTE) != 0, atr: atr)
    }
}
