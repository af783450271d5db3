import OTPCore

/// A secret the token might really hold, derived from the text the person gave by one copying mistake.
///
/// Variants carry positions and character classes for the explanation; the secret bytes stay in
/// `secret` (whose description shows only a fingerprint).
public struct SecretVariant: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The secret as given.
        case asGiven
        /// Character `position` (1-based) was typed as `typed` but is the look-alike `meant`.
        case lookAlike(position: Int, typed: Character, meant: Character)
        /// Every character base32 does not use was replaced by its letter look-alike.
        case lookAlikesEverywhere(count: Int)
        /// A character is missing before character `position` (1-based; count + 1 = at the end).
        case missingCharacter(position: Int)
        /// Character `position` is one too many.
        case extraCharacter(position: Int)
        /// Characters `position` and `position + 1` are swapped.
        case swappedNeighbours(position: Int)
        /// The text is hex but was read as base32 (or base32 read as hex) somewhere.
        case hexReadAsBase32
        case base32ReadAsHex
        /// The text's own characters (ASCII) were used as the key.
        case textAsASCII
        /// Only the first `bytes` bytes of the seed were loaded.
        case cut(bytes: Int)
    }

    public var kind: Kind
    public var secret: Secret
    /// Prior probability that this mistake happened (relative to the secret being right, which is 1).
    public var prior: Double

    public var isAsGiven: Bool { kind == .asGiven }
}

/// Builds the variants of a secret text: look-alike characters, one character missing or extra,
/// swapped neighbours, hex/base32 confusion, ASCII keys and seeds cut to 20 or 16 bytes.
public enum SecretVariants {
    /// Characters people confuse when copying by hand or from a screen, in groups.
    static let lookAlikeGroups: [[Character]] = [["0", "O"], ["1", "I", "L"], ["8", "B"], ["5", "S"], ["2", "Z"], ["6", "G"]]

    /// Priors of each kind of mistake. A kind with many variants (look-alikes, missing, extra and
    /// swapped characters) spreads its total over them, so a longer secret is not likelier to match.
    enum Prior {
        static let lookAlikeTotal = 0.1
        static let lookAlikesEverywhere = 0.2
        static let missingTotal = 0.05
        static let extraTotal = 0.05
        static let swappedTotal = 0.05
        static let encodingConfusion = 0.02
        static let ascii = 0.01
        static let cut = 0.01
    }

    /// Every variant that decodes, deduplicated by key bytes (the likelier explanation is kept),
    /// the secret as given first when it decodes.
    public static func generate(text raw: String, encoding: SecretText.Encoding) -> [SecretVariant] {
        let text = normalise(raw, encoding: encoding)
        var variants: [SecretVariant] = []
        var seen: [[UInt8]: Int] = [:]
        func add(_ kind: SecretVariant.Kind, _ candidate: String, _ prior: Double, as chosen: SecretText.Encoding? = nil) {
            guard let bytes = decode(candidate, encoding: chosen ?? encoding), let secret = try? Secret(bytes: bytes) else { return }
            if let index = seen[bytes] {
                if variants[index].prior < prior { variants[index] = SecretVariant(kind: kind, secret: secret, prior: prior) }
                return
            }
            seen[bytes] = variants.count
            variants.append(SecretVariant(kind: kind, secret: secret, prior: prior))
        }
        add(.asGiven, text, 1)
        let characters = Array(text)
        let alphabet = encoding == .base32 ? Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") : Array("0123456789ABCDEF")

        // Look-alikes, one position at a time, and all undecodable ones at once.
        var everywhere = characters
        var replaced = 0
        let lookAlikes = characters.reduce(0) { count, typed in
            count + (lookAlikeGroups.first { $0.contains(typed) }.map { $0.count - 1 } ?? 0)
        }
        for (index, typed) in characters.enumerated() {
            guard let group = lookAlikeGroups.first(where: { $0.contains(typed) }) else { continue }
            for meant in group where meant != typed {
                var copy = characters
                copy[index] = meant
                add(.lookAlike(position: index + 1, typed: typed, meant: meant), String(copy),
                    Prior.lookAlikeTotal / Double(lookAlikes))
            }
            if !alphabet.contains(typed), let letter = group.first(where: { alphabet.contains($0) }) {
                everywhere[index] = letter
                replaced += 1
            }
        }
        if replaced > 1 { add(.lookAlikesEverywhere(count: replaced), String(everywhere), Prior.lookAlikesEverywhere) }

        // One character missing: insert every alphabet character at every position.
        let insertions = Double((characters.count + 1) * alphabet.count)
        for position in 0...characters.count {
            for character in alphabet {
                var copy = characters
                copy.insert(character, at: position)
                add(.missingCharacter(position: position + 1), String(copy), Prior.missingTotal / insertions)
            }
        }
        // One character extra: remove each.
        for position in characters.indices {
            var copy = characters
            copy.remove(at: position)
            add(.extraCharacter(position: position + 1), String(copy), Prior.extraTotal / Double(max(characters.count, 1)))
        }
        // Two neighbours swapped.
        let swappable = characters.indices.dropLast().filter { characters[$0] != characters[$0 + 1] }
        for position in swappable {
            var copy = characters
            copy.swapAt(position, position + 1)
            add(.swappedNeighbours(position: position + 1), String(copy), Prior.swappedTotal / Double(swappable.count))
        }
        // Hex and base32 confused, the text used as ASCII.
        switch encoding {
        case .hex: add(.hexReadAsBase32, text, Prior.encodingConfusion, as: .base32)
        case .base32: add(.base32ReadAsHex, text, Prior.encodingConfusion, as: .hex)
        }
        // A seed cut to 20 or 16 bytes (tokens that take at most 20 bytes, apps that take 16).
        if let given = decode(text, encoding: encoding) ?? decode(String(everywhere), encoding: encoding) {
            for length in [20, 16] where given.count > length {
                addBytes(.cut(bytes: length), Array(given.prefix(length)), Prior.cut, &variants, &seen)
            }
        }
        addBytes(.textAsASCII, Array(text.utf8), Prior.ascii, &variants, &seen)
        return variants
    }

    private static func addBytes(_ kind: SecretVariant.Kind, _ bytes: [UInt8], _ prior: Double,
                                 _ variants: inout [SecretVariant], _ seen: inout [[UInt8]: Int]) {
        guard seen[bytes] == nil, let secret = try? Secret(bytes: bytes) else { return }
        seen[bytes] = variants.count
        variants.append(SecretVariant(kind: kind, secret: secret, prior: prior))
    }

    /// Upper-case, without spaces, dashes, colons and `=` padding (and a leading 0x for hex).
    static func normalise(_ text: String, encoding: SecretText.Encoding) -> String {
        var compact = text.filter { !$0.isWhitespace && $0 != "-" && $0 != "=" && $0 != ":" }.uppercased()
        if encoding == .hex, compact.hasPrefix("0X") { compact.removeFirst(2) }
        return compact
    }

    private static func decode(_ text: String, encoding: SecretText.Encoding) -> [UInt8]? {
        switch encoding {
        case .base32: try? Base32.decode(text)
        case .hex: try? Hex.decode(text)
        }
    }
}
