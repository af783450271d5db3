import Foundation

/// Reads a PNG or JPEG file to 8-bit grey. The format is decided by the file's first bytes, not its
/// name, so a screenshot saved as `.jpg` that is really a PNG still loads.
public enum ImageFile {
    /// Pictures above this many pixels are refused before decoding (a 12-megapixel photo is far below).
    public static let maxPixels = 100_000_000

    public static func load(path: String) throws(QRImageError) -> GreyImage {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw QRImageError(path: path, reason: .missingFile, problem: "there is no such file",
                               fix: "check the path and the file name")
        }
        guard !isFolder.boolValue else {
            throw QRImageError(path: path, reason: .missingFile, problem: "it is a folder, not a picture",
                               fix: "give the path of the picture inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QRImageError(path: path, reason: .missingFile, problem: "the file cannot be read",
                               fix: "check its permissions")
        }
        return try decode(Array(data), path: path)
    }

    /// Decodes image bytes; `path` only names the input in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(QRImageError) -> GreyImage {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return try PNGCodec.decode(bytes, path: path)
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            return try JPEGDecoder.decode(bytes, path: path)
        }
        throw QRImageError(path: path, reason: .notAnImage,
                           problem: bytes.isEmpty ? "the file is empty" : "it is neither a PNG nor a JPEG image (\(describe(bytes)))",
                           fix: "save or convert the picture as PNG or JPEG")
    }

    static func checkSize(width: Int, height: Int, path: String) throws(QRImageError) {
        guard width > 0, height > 0 else {
            throw QRImageError(path: path, reason: .notAnImage, problem: "the image has no pixels (\(width)×\(height))",
                               fix: "take the screenshot or photo again")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= maxPixels, width <= maxPixels, height <= maxPixels else {
            throw QRImageError(path: path, reason: .notAnImage,
                               problem: "the image is \(width)×\(height) pixels, more than the \(maxPixels / 1_000_000) megapixels skew reads",
                               fix: "crop the picture to the QR code or shrink it")
        }
    }

    /// What the bytes look like, to make "not an image" errors useful.
    private static func describe(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: Array("GIF8".utf8)) { return "it is a GIF" }
        if bytes.count >= 12, bytes[0..<4].elementsEqual(Array("RIFF".utf8)), bytes[8..<12].elementsEqual(Array("WEBP".utf8)) {
            return "it is a WebP"
        }
        if bytes.count >= 12, bytes[4..<8].elementsEqual(Array("ftyp".utf8)) { return "it looks like HEIC/HEIF or another ISO media file" }
        if bytes.starts(with: Array("BM".utf8)) { return "it looks like a BMP" }
        if bytes.starts(with: Array("%PDF".utf8)) { return "it is a PDF" }
        return "unrecognised first bytes"
    }
}
