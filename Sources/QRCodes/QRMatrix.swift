import CQREncode

/// A QR code's modules, built by libqrencode, and the two ways skew shows it: terminal text and a
/// grey image for PNG.
public struct QRMatrix: Sendable {
    /// Modules per side.
    public let size: Int
    /// Row-major, true for a dark module.
    public let dark: [Bool]

    /// The modules per side of blank margin scanners need (ISO/IEC 18004 asks for 4).
    public static let quietZone = 4

    public struct TooLong: Error, CustomStringConvertible {
        public var length: Int
        public var description: String {
            "the text is \(length) bytes, more than a QR code holds at error-correction level M"
        }
    }

    /// Encodes `text` as 8-bit bytes at error-correction level M, in the smallest version that fits.
    public init(encoding text: String) throws(TooLong) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw TooLong(length: text.utf8.count)
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        self.size = size
        self.dark = data.map { $0 & 1 == 1 }
    }

    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return dark[row * size + column]
    }

    /// The code as lines of UTF-8 half blocks, two module rows per line, with the quiet zone.
    /// By default light modules are drawn (for light text on a dark terminal); `darkOnLight` draws the
    /// dark modules instead, for terminals with a light background.
    public func terminalText(darkOnLight: Bool = false) -> String {
        let span = -Self.quietZone..<(size + Self.quietZone)
        var lines: [String] = []
        for top in stride(from: span.lowerBound, to: span.upperBound, by: 2) {
            var line = ""
            for column in span {
                let upper = isDark(row: top, column: column) == darkOnLight
                let lower = top + 1 < span.upperBound && isDark(row: top + 1, column: column) == darkOnLight
                switch (upper, lower) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A grey picture, black modules on white, `scale` pixels per module, with the quiet zone.
    public func image(scale: Int) -> GreyImage {
        let side = (size + 2 * Self.quietZone) * scale
        var pixels = [UInt8](repeating: 0xFF, count: side * side)
        for row in 0..<size {
            for column in 0..<size where dark[row * size + column] {
                let top = (row + Self.quietZone) * scale, left = (column + Self.quietZone) * scale
                for y in top..<(top + scale) {
                    for x in left..<(left + scale) { pixels[y * side + x] = 0 }
                }
            }
        }
        return GreyImage(width: side, height: side, pixels: pixels)
    }
}
