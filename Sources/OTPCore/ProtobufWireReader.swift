/// Reads protocol buffer wire format far enough for the Google Authenticator export: varint and
/// length-delimited fields, skipping fixed-width ones. Hand-written because swift-protobuf's code
/// generator would add about ten minutes to every clean CI build for one small message type.
///
/// Every read is bounds-checked, so a truncated or hostile payload gives an error, never a crash.
struct ProtobufWireReader {
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
    }

    struct Malformed: Error {
        var reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// The next field's number and value, nil at the end; fixed32/fixed64 fields are skipped.
    mutating func nextField() throws(Malformed) -> (number: UInt64, value: Value)? {
        while position < bytes.endIndex {
            let key = try readVarint()
            let number = key >> 3
            guard number > 0 else { throw Malformed(reason: "field number 0 at byte \(position)") }
            switch key & 7 {
            case 0: return (number, .varint(try readVarint()))
            case 2:
                let length = try readVarint()
                guard length <= UInt64(bytes.endIndex - position) else {
                    throw Malformed(reason: "field \(number) claims \(length) bytes, only \(bytes.endIndex - position) remain")
                }
                let start = position
                position += Int(length)
                return (number, .bytes(bytes[start..<position]))
            case 1: try skip(8, field: number)
            case 5: try skip(4, field: number)
            default: throw Malformed(reason: "field \(number) has unsupported wire type \(key & 7)")
            }
        }
        return nil
    }

    private mutating func skip(_ count: Int, field: UInt64) throws(Malformed) {
        guard bytes.endIndex - position >= count else {
            throw Malformed(reason: "field \(field) is cut short")
        }
        position += count
    }

    private mutating func readVarint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else { throw Malformed(reason: "a number is cut short at the end") }
            guard shift < 64 else { throw Malformed(reason: "a number is longer than 10 bytes") }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
