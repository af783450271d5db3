/// RFC 4648 base32, the form authenticator apps show secrets in, with diagnostics for the typos
/// people make when copying one by hand.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// What a character that is not in the alphabet was most likely meant to be.
    private static let lookAlikes: [Character: String] = [
        "0": "the letter O", "1": "the letter I or L", "8": "the letter B",
    ]

    /// Decodes base32 in any case; spaces, dashes and `=` padding are ignored.
    public static func decode(_ text: String, input: String = "secret") throws(InputError) -> [UInt8] {
        var values: [UInt8] = []
        values.reserveCapacity(text.count)
        var sawPadding = false
        for (index, character) in text.enumerated() {
            let position = index + 1
            if character.isWhitespace || character == "-" { continue }
            if character == "=" { sawPadding = true; continue }
            if sawPadding {
                throw InputError(input: input, problem: "character \(position) comes after '=' padding",
                                 fix: "padding belongs only at the end; remove the '=' signs in the middle")
            }
            guard let value = value(of: character) else {
                throw invalidCharacter(character, at: position, in: text, input: input)
            }
            values.append(value)
        }
        switch values.count % 8 {
        case 1, 3, 6:
            throw InputError(
                input: input,
                problem: "\(values.count) base32 characters cannot encode whole bytes (valid lengths leave 0, 2, 4, 5 or 7 over a multiple of 8)",
                fix: "a character is probably missing or doubled; copy the secret again")
        default: break
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bytes
    }

    /// Upper-case base32 without padding, as otpauth URIs carry it.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// True when every character could be base32 (ignoring separators and case).
    public static func looksLikeBase32(_ text: String) -> Bool {
        text.allSatisfy { $0.isWhitespace || $0 == "-" || $0 == "=" || value(of: $0) != nil }
    }

    private static func value(of character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return ascii - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return ascii - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return ascii - UInt8(ascii: "2") + 26
        default: return nil
        }
    }

    private static func invalidCharacter(_ character: Character, at position: Int, in text: String,
                                         input: String) -> InputError {
        let compact = text.filter { !$0.isWhitespace && $0 != "-" && $0 != ":" }
        let isHexLike = !compact.isEmpty && compact.count % 2 == 0
            && compact.allSatisfy { $0.isHexDigit && $0.isASCII }
        if isHexLike {
            return InputError(input: input, problem: "character \(position) is not base32, and the whole secret looks like hex",
                              fix: "read it as hexadecimal", remedy: .readAsHex)
        }
        let shown = character.isASCII && !character.isNewline ? "'\(character)'" : "a non-ASCII character"
        if let meant = lookAlikes[character] {
            return InputError(input: input, problem: "character \(position) is \(shown), which base32 does not use",
                              fix: "base32 uses A-Z and 2-7 only; \(shown) is most likely \(meant)")
        }
        return InputError(input: input, problem: "character \(position) is \(shown), which base32 does not use",
                          fix: "base32 uses only the letters A-Z and the digits 2-7; check the secret where it was copied from")
    }
}
