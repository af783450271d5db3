/// Hexadecimal secrets, as token vendors and `oathtool` print them.
public enum Hex {
    /// Decodes hex, ignoring white space, colons, dashes and a leading `0x`.
    public static func decode(_ text: String, input: String = "secret") throws(InputError) -> [UInt8] {
        var body = Substring(text)
        while let first = body.first, first.isWhitespace { body = body.dropFirst() }
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(body.count)
        var position = text.count - body.count
        for character in body {
            position += 1
            if character.isWhitespace || character == ":" || character == "-" { continue }
            guard let value = character.hexDigitValue, character.isASCII else {
                throw InputError(
                    input: input,
                    problem: "character \(position) is not a hex digit",
                    fix: "hex secrets use only 0-9 and A-F; if this is a base32 secret, read it as base32",
                    remedy: .readAsBase32)
            }
            nibbles.append(UInt8(value))
        }
        guard nibbles.count % 2 == 0 else {
            throw InputError(
                input: input,
                problem: "\(nibbles.count) hex digits is an odd number, so one digit is missing or extra",
                fix: "check the secret for a dropped or doubled digit")
        }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// Upper-case hex without separators.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.map { String(format2hex: $0) }.joined().uppercased()
    }
}
