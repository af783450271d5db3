import Foundation
import TestSupport
import XCTest
@testable import QRCodes

/// Loading pictures: format by content, and clear errors for what is not a readable picture.
final class ImageFileTests: XCTestCase {
    private var scratch: TemporaryFolder!
    private var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try TemporaryFolder("image")
    }

    override func tearDown() {
        scratch = nil
    }


    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func reason(_ path: String) -> QRImageError.Reason? {
        do {
            _ = try ImageFile.load(path: path)
            return nil
        } catch {
            return error.reason
        }
    }

    func testPNGAndJPEGLoadAsGrey() throws {
        let png = try ImageFile.load(path: QRFixtures.path("plain.png"))
        XCTAssertEqual(png.pixels.count, png.width * png.height)
        XCTAssertEqual(Set(png.pixels), [0, 255], "qrencode draws pure black on white")
        let jpeg = try ImageFile.load(path: QRFixtures.path("photo.jpg"))
        XCTAssertEqual([jpeg.width, jpeg.height], [4000, 3000])
    }

    func testFormatComesFromTheBytesNotTheName() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: QRFixtures.path("plain.png"))))
        let misnamed = try write(bytes, "screenshot.jpg")
        XCTAssertEqual(try ImageFile.load(path: misnamed), try ImageFile.load(path: QRFixtures.path("plain.png")))
    }

    func testTransparentBackgroundBecomesWhite() throws {
        let image = try ImageFile.load(path: QRFixtures.path("transparent.png"))
        XCTAssertEqual(image.pixels[0], 255)
    }

    func testMissingEmptyForeignAndDamagedFiles() throws {
        XCTAssertEqual(reason(folder.appendingPathComponent("nope.png").path), .missingFile)
        XCTAssertEqual(reason(folder.path), .missingFile, "a folder is no picture")
        XCTAssertEqual(reason(try write([], "empty.png")), .notAnImage)
        XCTAssertEqual(reason(try write(Array("GIF89a....".utf8), "a.gif")), .notAnImage)
        XCTAssertEqual(reason(try write(Array("otpauth://totp/x?secret=A".utf8), "a.png")), .notAnImage)
        let png = Array(try Data(contentsOf: URL(fileURLWithPath: QRFixtures.path("plain.png"))))
        XCTAssertEqual(reason(try write(Array(png.prefix(60)), "cut.png")), .notAnImage)
        var flipped = png
        for index in 40..<min(200, flipped.count) { flipped[index] ^= 0x5A }
        XCTAssertEqual(reason(try write(flipped, "garbled.png")), .notAnImage)
        XCTAssertEqual(reason(try write([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "cut.jpg")), .notAnImage)
        let gif = try write(Array("GIF89a....".utf8), "b.gif")
        XCTAssertThrowsError(try ImageFile.load(path: gif)) { error in
            let message = (error as? QRImageError)?.description ?? ""
            XCTAssertTrue(message.contains("it is a GIF"), message)
            XCTAssertTrue(message.contains("Fix:"), message)
        }
    }

    func testDownscaleAveragesBlocksAndUpscaleKeepsLevels() {
        let image = GreyImage(width: 3, height: 2, pixels: [0, 255, 10, 255, 255, 10])
        let half = image.downscaled()
        XCTAssertEqual([half.width, half.height], [1, 1])
        XCTAssertEqual(half.pixels, [191])
        let big = GreyImage(width: 2, height: 1, pixels: [0, 255]).upscaled(by: 3)
        XCTAssertEqual([big.width, big.height], [6, 3])
        XCTAssertEqual(big.pixels.first, 0)
        XCTAssertEqual(big.pixels.last, 255)
        XCTAssertEqual(GreyImage(width: 3, height: 1, pixels: [40, 100, 200]).binarized().pixels, [0, 0, 255])
    }
}
