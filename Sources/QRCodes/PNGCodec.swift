import CPNG

/// PNG through libpng's simplified API (`png_image_*`): whole images in memory, errors by return
/// value, so no setjmp shim is needed.
public enum PNGCodec {
    static func decode(_ bytes: [UInt8], path: String) throws(QRImageError) -> GreyImage {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw damaged(&image, path: path) }
        do {
            try ImageFile.checkSize(width: Int(image.width), height: Int(image.height), path: path)
        } catch {
            png_image_free(&image)
            throw error
        }
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0xFF, count: width * height)
        // Transparent pixels are composited onto white: QR codes on transparent backgrounds are dark on white.
        var white = png_color(red: 255, green: 255, blue: 255)
        let finished = pixels.withUnsafeMutableBytes { target in
            png_image_finish_read(&image, &white, target.baseAddress, png_int_32(width), nil)
        }
        guard finished != 0 else { throw damaged(&image, path: path) }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// The PNG file bytes of a grey image, encoded in memory so the caller can write them atomically.
    public static func encode(_ picture: GreyImage) -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(picture.width)
        image.height = png_uint_32(picture.height)
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        var size: png_alloc_size_t = 0
        picture.pixels.withUnsafeBytes { source in
            _ = png_image_write_to_memory(&image, nil, &size, 0, source.baseAddress, png_int_32(picture.width), nil)
        }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = picture.pixels.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                png_image_write_to_memory(&image, target.baseAddress, &size, 0, source.baseAddress,
                                          png_int_32(picture.width), nil)
            }
        }
        // Writing a valid grey buffer to a buffer of the size libpng itself asked for cannot fail
        // short of memory exhaustion, which Swift treats as fatal anyway.
        precondition(written != 0, "libpng could not encode an image: \(message(&image))")
        return Array(output.prefix(Int(size)))
    }

    private static func damaged(_ image: inout png_image, path: String) -> QRImageError {
        let detail = message(&image)
        png_image_free(&image)
        return QRImageError(path: path, reason: .notAnImage, problem: "the PNG image is damaged (\(detail))",
                            fix: "copy or export the picture again")
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
