/// The GET INFO answer (docs/token-protocol.md §4.1): serial and clock, between header and separator bytes
/// whose meaning is unknown and which are therefore kept but never checked.
public struct TokenInfo: Sendable, Equatable {
    public var serial: String
    /// The token's clock: Unix seconds, UTC.
    public var time: UInt32
    public var header: [UInt8]
    public var separator: [UInt8]

    public init(serial: String, time: UInt32, header: [UInt8] = [0, 0, 0], separator: [UInt8] = [0, 0]) {
        self.serial = serial
        self.time = time
        self.header = header
        self.separator = separator
    }

    /// Reads N at offset 3, the serial after it and the big-endian time at 6 + N.
    public init(data: [UInt8]) throws(TokenError) {
        guard data.count >= 10 else {
            throw TokenError.malformedResponse(command: "GET INFO", problem: "\(data.count) data bytes, fewer than the 10 of an empty serial")
        }
        let length = Int(data[3])
        guard length + 10 <= data.count else {
            throw TokenError.malformedResponse(command: "GET INFO",
                                               problem: "serial length \(length) needs \(length + 10) data bytes, got \(data.count)")
        }
        // Serials are printed decimal digits; the character set beyond that is unknown, so any
        // printable ASCII passes, but bytes that would print as garbage mean a garbled answer.
        let serialBytes = data[4..<(4 + length)]
        guard serialBytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw TokenError.malformedResponse(command: "GET INFO", problem: "the serial holds bytes that are not printable ASCII")
        }
        header = Array(data[0..<3])
        serial = String(decoding: serialBytes, as: UTF8.self)
        separator = Array(data[(4 + length)..<(6 + length)])
        time = data[(6 + length)..<(10 + length)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The data field as a token sends it (the emulator's answer).
    public var data: [UInt8] {
        let serialBytes = Array(serial.utf8)
        return header + [UInt8(serialBytes.count)] + serialBytes + separator
            + [UInt8(time >> 24), UInt8(time >> 16 & 0xFF), UInt8(time >> 8 & 0xFF), UInt8(time & 0xFF)]
    }

    /// The model the serial's prefix names, if it is a known programmable model.
    public var model: TokenModel? { TokenModel.identify(serial: serial) }
}
