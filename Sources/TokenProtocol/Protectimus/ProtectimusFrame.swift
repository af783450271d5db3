/// The Protectimus SLIM NFC framing (docs/token-protocol.md §11.2), which is not ISO 7816-4: a request is
/// `86 L CMD DATA… X` and an answer `AA L CMD DATA… X`, where L counts CMD, DATA and X, and X is the
/// XOR of CMD and DATA. Over PC/SC these bytes are the whole command (the reader adds PCB and CRC_A).
public enum ProtectimusFrame {
    public static let requestMarker: UInt8 = 0x86
    public static let responseMarker: UInt8 = 0xAA

    public static func checksum(command: UInt8, data: [UInt8]) -> UInt8 { data.reduce(command, ^) }

    public static func request(command: UInt8, data: [UInt8]) -> [UInt8] {
        [requestMarker, UInt8(data.count + 2), command] + data + [checksum(command: command, data: data)]
    }

    public static func response(command: UInt8, data: [UInt8]) -> [UInt8] {
        [responseMarker, UInt8(data.count + 2), command] + data + [checksum(command: command, data: data)]
    }

    /// A frame's command byte and data, after checking marker, length and checksum.
    public struct Parsed: Sendable, Equatable {
        public var command: UInt8
        public var data: [UInt8]
    }

    /// Parses a frame that starts with `marker`; the problem in words when it does not parse.
    public static func parse(_ raw: [UInt8], marker: UInt8) -> Result<Parsed, FrameProblem> {
        guard raw.count >= 4 else { return .failure(FrameProblem(text: "\(raw.count) bytes, fewer than the 4 of an empty frame")) }
        guard raw[0] == marker else {
            return .failure(FrameProblem(text: "starts with \(APDUHex.byte(raw[0])), not \(APDUHex.byte(marker))"))
        }
        guard Int(raw[1]) == raw.count - 2 else {
            return .failure(FrameProblem(text: "length byte \(APDUHex.byte(raw[1])) but \(raw.count - 2) bytes follow it"))
        }
        let command = raw[2]
        let data = Array(raw[3..<(raw.count - 1)])
        let expected = checksum(command: command, data: data)
        guard raw[raw.count - 1] == expected else {
            return .failure(FrameProblem(text: "checksum \(APDUHex.byte(raw[raw.count - 1])) instead of \(APDUHex.byte(expected))"))
        }
        return .success(Parsed(command: command, data: data))
    }

    public struct FrameProblem: Error, Sendable, Equatable {
        public var text: String
    }
}
