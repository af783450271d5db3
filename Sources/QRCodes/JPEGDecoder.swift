import CTurboJPEG

/// JPEG to grey through TurboJPEG, which reports errors by return value rather than longjmp.
enum JPEGDecoder {
    static func decode(_ bytes: [UInt8], path: String) throws(QRImageError) -> GreyImage {
        guard let handle = tjInitDecompress() else {
            throw QRImageError(path: path, reason: .notAnImage, problem: "the JPEG decoder could not start",
                               fix: "try again; the machine may be out of memory")
        }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0 else { throw damaged(handle, path: path) }
        try ImageFile.checkSize(width: Int(width), height: Int(height), path: path)
        var pixels = [UInt8](repeating: 0xFF, count: Int(width) * Int(height))
        let result = bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), target.baseAddress, width, 0, height,
                              TJPF_GRAY.rawValue, 0)
            }
        }
        // A warning (a truncated or slightly damaged file) still yields the pixels decoded so far,
        // which often include the whole code.
        if result != 0 && tjGetErrorCode(handle) != TJERR_WARNING.rawValue { throw damaged(handle, path: path) }
        return GreyImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    private static func damaged(_ handle: tjhandle, path: String) -> QRImageError {
        let detail = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error"
        return QRImageError(path: path, reason: .notAnImage, problem: "the JPEG image is damaged (\(detail))",
                            fix: "copy or export the picture again")
    }
}
