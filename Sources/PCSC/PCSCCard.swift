import CPCSC

/// A connected card (`SCardConnect`): sends APDUs and disconnects.
///
/// Disconnecting always leaves the card as it is (`SCARD_LEAVE_CARD`): pcscd powers it down when
/// the last client leaves anyway, and powering it down ourselves after a fault can make pcscd miss
/// the card's return (see docs/testing.md).
public final class PCSCCard {
    public let reader: String
    /// The card handle is only valid while its context lives.
    private let context: PCSCContext
    private let handle: SCARDHANDLE
    private let pci: UnsafePointer<SCARD_IO_REQUEST>
    private var connected = true

    init(context: PCSCContext, reader: String, handle: SCARDHANDLE, activeProtocol: DWORD) {
        self.context = context
        self.reader = reader
        self.handle = handle
        pci = activeProtocol == DWORD(SCARD_PROTOCOL_T1) ? skew_pci_t1() : skew_pci_t0()
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

    /// Ends the connection, leaving the card powered as it is. Safe to call twice.
    public func disconnect() {
        guard connected else { return }
        connected = false
        SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }
}
