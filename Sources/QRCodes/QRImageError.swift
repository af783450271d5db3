/// Why an image could not be read or held no QR code; names the file, the problem and the fix.
public struct QRImageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The file does not exist or cannot be read.
        case missingFile
        /// The bytes are not a PNG or JPEG, or the image inside is damaged.
        case notAnImage
        /// The image was read, and no QR code was found in it.
        case noCode
        /// zbar or an image decoder is not installed (they are opened on first use).
        case missingLibrary
    }

    public var path: String
    public var reason: Reason
    public var problem: String
    public var fix: String

    public var description: String { "\(path): \(problem). Fix: \(fix)." }
}
