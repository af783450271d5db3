import LibraryLoader
import OTPCore

/// Finds and classifies every QR code in a PNG or JPEG: the entry point for `skew qr decode` and for
/// commands that take a seed from a picture (`skew burn --qr FILE`).
public enum QRDecoder {
    /// Downscaling stops before the shorter side would drop below this many pixels.
    public static let smallestSide = 100
    /// Pictures whose shorter side is below this are also tried enlarged.
    public static let enlargeBelow = 400
    /// How much small pictures are enlarged: enough for one-pixel modules to span several pixels.
    public static let enlargement = 3

    /// What a scan found, and how much the picture had to be shrunk for zbar to see it.
    public struct Scan: Sendable {
        public var payloads: [QRPayload]
        public var width: Int
        public var height: Int
        /// The size the codes were found at, relative to the picture: 1 at full size, 0.5 after one
        /// 2×2 downscale, 0.25 after two, 3 when a small picture had to be enlarged.
        public var scale: Double
    }

    /// Every QR code in the image file, classified. Throws `.noCode` when the picture holds none.
    public static func decode(path: String) throws(QRImageError) -> [QRPayload] {
        try scan(path: path).payloads
    }

    public static func scan(path: String) throws(QRImageError) -> Scan {
        try loadLibraries(path: path)
        return try scan(try ImageFile.load(path: path), name: path)
    }

    /// The same for a picture's bytes (read from standard input, say); `name` stands for it in errors.
    public static func scan(bytes: [UInt8], name: String) throws(QRImageError) -> Scan {
        try loadLibraries(path: name)
        return try scan(try ImageFile.decode(bytes, path: name), name: name)
    }

    /// Opens the image decoders and zbar (loaded on first use, not linked) before the picture is read.
    private static func loadLibraries(path: String) throws(QRImageError) {
        for library in [SystemLibrary.png, .turbojpeg, .zbar] {
            do {
                try library.load()
            } catch {
                throw QRImageError(path: path, reason: .missingLibrary, problem: "pictures cannot be read here: \(error)",
                                   fix: "install the Debian package \(library.package)")
            }
        }
    }

    private static func scan(_ image: GreyImage, name path: String) throws(QRImageError) -> Scan {
        let (texts, scale) = scanTexts(image)
        guard !texts.isEmpty else {
            throw QRImageError(path: path, reason: .noCode,
                               problem: "no QR code was found in the \(image.width)×\(image.height) image, at full size or shrunk",
                               fix: "crop the picture around the code, or take the photo again straight on, in focus and without glare")
        }
        return Scan(payloads: texts.map(QRPayload.init(classifying:)), width: image.width, height: image.height,
                    scale: scale)
    }

    /// Scans at full size, then halves the picture (2×2 mean) and retries until codes appear or it
    /// gets too small; a small picture is also tried enlarged. Large phone photos and noisy images often
    /// decode only after shrinking, tiny screenshots only after enlarging and sharpening.
    public static func scanTexts(_ image: GreyImage) -> (texts: [String], scale: Double) {
        var current = image
        var scale = 1.0
        while true {
            let texts = ZbarScanner.scan(current)
            if !texts.isEmpty { return (texts, scale) }
            guard min(current.width, current.height) / 2 >= smallestSide else { break }
            current = current.downscaled()
            scale /= 2
        }
        if min(image.width, image.height) < enlargeBelow {
            let texts = ZbarScanner.scan(image.upscaled(by: enlargement).binarized())
            if !texts.isEmpty { return (texts, Double(enlargement)) }
        }
        return ([], 1)
    }
}
