import CDisplayWidth

/// How many terminal columns text takes: East Asian wide characters (CJK, most emoji) take two,
/// combining marks none, as the C library's `wcwidth` counts them.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { total, scalar in
            let width = skew_scalar_width(scalar.value)
            return total + (width < 0 ? 1 : Int(width))
        }
    }

    /// `text` padded with spaces to `width` columns (unchanged when already as wide).
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// `text` broken into lines of at most `width` columns, at spaces where it can and inside a word
    /// where a word alone is wider. Never returns an empty list.
    static func wrapped(_ text: String, width: Int) -> [String] {
        guard width > 0, of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if of(candidate) <= width { line = candidate; continue }
            if !line.isEmpty { lines.append(line); line = "" }
            var rest = Substring(word)
            while of(String(rest)) > width {
                var head = ""
                for character in rest {
                    if of(head + String(character)) > width { break }
                    head.append(character)
                }
                if head.isEmpty, let first = rest.first { head = String(first) }   // one character wider than the column
                lines.append(head)
                rest = rest.dropFirst(head.count)
            }
            line = String(rest)
        }
        lines.append(line)
        return lines
    }
}
