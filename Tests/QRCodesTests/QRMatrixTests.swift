import XCTest
@testable import QRCodes

/// Codes skew makes decode with zbar, as a PNG and as terminal text.
final class QRMatrixTests: XCTestCase {
    private let text = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30"

    func testImageOfTheMatrixDecodesToTheSameText() throws {
        let matrix = try QRMatrix(encoding: text)
        let image = matrix.image(scale: 4)
        XCTAssertEqual(image.width, (matrix.size + 8) * 4)
        XCTAssertEqual(QRDecoder.scanTexts(image).texts, [text])
    }

    func testPNGBytesRoundTrip() throws {
        let image = try QRMatrix(encoding: text).image(scale: 3)
        let bytes = PNGCodec.encode(image)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(try ImageFile.decode(bytes, path: "memory"), image)
    }

    func testTerminalTextHasTheQuietZoneAndDecodes() throws {
        let matrix = try QRMatrix(encoding: text)
        for darkOnLight in [false, true] {
            let lines = matrix.terminalText(darkOnLight: darkOnLight).split(separator: "\n").map(Array.init)
            let side = matrix.size + 2 * QRMatrix.quietZone
            XCTAssertEqual(lines.count, (side + 1) / 2)
            XCTAssertTrue(lines.allSatisfy { $0.count == side })
            // Back to pixels: each character is two module rows.
            var pixels = [UInt8](repeating: 255, count: side * side)
            for (row, line) in lines.enumerated() {
                for (column, character) in line.enumerated() {
                    let upper = character == "█" || character == "▀", lower = character == "█" || character == "▄"
                    // Drawn halves are light modules unless darkOnLight.
                    pixels[2 * row * side + column] = upper != darkOnLight ? 255 : 0
                    if 2 * row + 1 < side { pixels[(2 * row + 1) * side + column] = lower != darkOnLight ? 255 : 0 }
                }
            }
            XCTAssertEqual(pixels[0], 255, "the quiet zone is light")
            let image = GreyImage(width: side, height: side, pixels: pixels).upscaled(by: 4).binarized()
            XCTAssertEqual(QRDecoder.scanTexts(image).texts, [text], "darkOnLight \(darkOnLight)")
        }
    }

    func testTooLongTextIsAnError() {
        XCTAssertThrowsError(try QRMatrix(encoding: String(repeating: "A", count: 5000)))
    }
}
