import CLibraryLoader
import CPCSC
import Foundation

/// A connected card (`SCardConnect`): sends APDUs and disconnects.
///
/// Disconnecting always leaves the card as it is (`SCARD_LEAVE_CARD`): pcscd powers it down when
/// the last client leaves anyway, and powering it down ourselves after a fault can make pcscd miss
/// the card's return (see docs/testing.md).
public final class PCSCCard {
    public let reader: String
    /// The card handle is only valid while its context lives.
    private let context: PCSCContext
    private var handle: SCARDHANDLE
    private var pci: UnsafePointer<SCARD_IO_REQUEST>
    private var connected = true

    init(context: PCSCContext, reader: String, handle: SCARDHANDLE, activeProtocol: DWORD) {
        self.context = context
        self.reader = reader
        self.handle = handle
        pci = Self.pci(activeProtocol)
    }

    private static func pci(_ activeProtocol: DWORD) -> UnsafePointer<SCARD_IO_REQUEST> {
        activeProtocol == DWORD(SCARD_PROTOCOL_T1) ? skew_pci_t1() : skew_pci_t0()
    }

    deinit { disconnect() }

    /// Sends one command APDU and returns the response, data followed by SW1 SW2.
    ///
    /// A response shorter than two bytes is an error: pcsc-lite reports success with zero bytes
    /// when a card closes the link after receiving a command.
    public func transmit(_ command: [UInt8]) throws(PCSCError) -> [UInt8] {
        // Short APDUs: at most 256 data bytes plus the status word.
        var response = [UInt8](repeating: 0, count: 258)
        var length = DWORD(response.count)
        let status = SCardTransmit(handle, pci, command, DWORD(command.count), nil, &response, &length)
        guard status == SCARD_S_SUCCESS else {
            // When pcscd dies mid-command, pcsc-lite reports whatever the broken socket led to
            // (lost communication, a "security violation", no service); asking the service
            // directly tells that case apart from a token leaving the reader.
            guard PCSCContext.serviceIsRunning() else { throw .serviceStopped(reader: reader) }
            throw PCSCError.from(status, function: "SCardTransmit", reader: reader)
        }
        guard length >= 2 else { throw PCSCError.shortResponse(reader: reader, count: Int(length)) }
        return Array(response.prefix(Int(length)))
    }

    /// Sets the connection up again after the card went quiet (no answer, a timeout, a dropped
    /// link), within `timeout` seconds: a warm reset while pcscd still holds the card, which also
    /// proves commands reach it again; else, once the card is back on the reader, a new connection
    /// and the same reset. A card that is not back in time is reported as having left the reader.
    public func reconnect(timeout: Double) throws(PCSCError) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        var remaining: Double { Double(Int64(deadline) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1e9 }
        // pcscd polls its readers (every 400 ms for vpcd): let a poll see what the card did (left,
        // came back) first, or pcscd may void the new connection when it notices a moment later.
        Thread.sleep(forTimeInterval: 0.5)
        while true {
            if connected {
                var active: DWORD = 0
                let status = SCardReconnect(handle, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1),
                                            DWORD(SCARD_RESET_CARD), &active)
                if status == SCARD_S_SUCCESS {
                    pci = Self.pci(active)
                    return
                }
                disconnect()
            }
            guard remaining > 0 else {
                guard PCSCContext.serviceIsRunning() else { throw .serviceStopped(reader: reader) }
                throw .cardRemoved(reader: reader, detail: "it gave no answer and was not back within \(timeout) s")
            }
            // pcscd may not have seen the card leave yet, or the link come back: look again shortly.
            Thread.sleep(forTimeInterval: 0.1)
            do {
                _ = try context.waitForCard(reader: reader, timeout: max(0, remaining))
            } catch .noCard {
                continue
            }
            if let (card, _) = try? context.connectHandle(reader: reader) {
                handle = card
                connected = true
            }
        }
    }

    /// Ends the connection, leaving the card powered as it is. Safe to call twice.
    public func disconnect() {
        guard connected else { return }
        connected = false
        SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }
}
