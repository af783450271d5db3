/// An 8-bit grey picture, one byte per pixel, rows top to bottom: the Y800 layout zbar scans.
public struct GreyImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixel buffer does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Half the size, each pixel the mean of a 2×2 block. Phone photos and noisy pictures that zbar
    /// misses at full size decode once fine noise is averaged away and modules are fewer pixels wide.
    public func downscaled() -> GreyImage {
        let newWidth = max(width / 2, 1), newHeight = max(height / 2, 1)
        var output = [UInt8](repeating: 0, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<newHeight {
                    let top = min(2 * y, height - 1) * width, bottom = min(2 * y + 1, height - 1) * width
                    for x in 0..<newWidth {
                        let left = min(2 * x, width - 1), right = min(2 * x + 1, width - 1)
                        let sum = Int(source[top + left]) + Int(source[top + right])
                            + Int(source[bottom + left]) + Int(source[bottom + right])
                        target[y * newWidth + x] = UInt8((sum + 2) / 4)
                    }
                }
            }
        }
        return GreyImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// `factor` times the size, bilinear. Tiny codes (one or two pixels per module, often blurred)
    /// decode once each module spans several pixels.
    public func upscaled(by factor: Int) -> GreyImage {
        let newWidth = width * factor, newHeight = height * factor
        var output = [UInt8](repeating: 0, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<newHeight {
                    // Pixel centres map back to source coordinates; edges clamp.
                    let sourceY = max(0, (Double(y) + 0.5) / Double(factor) - 0.5)
                    let y0 = min(Int(sourceY), height - 1), y1 = min(y0 + 1, height - 1)
                    let fy = sourceY - Double(y0)
                    for x in 0..<newWidth {
                        let sourceX = max(0, (Double(x) + 0.5) / Double(factor) - 0.5)
                        let x0 = min(Int(sourceX), width - 1), x1 = min(x0 + 1, width - 1)
                        let fx = sourceX - Double(x0)
                        let top = Double(source[y0 * width + x0]) * (1 - fx) + Double(source[y0 * width + x1]) * fx
                        let bottom = Double(source[y1 * width + x0]) * (1 - fx) + Double(source[y1 * width + x1]) * fx
                        target[y * newWidth + x] = UInt8((top * (1 - fy) + bottom * fy).rounded())
                    }
                }
            }
        }
        return GreyImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// Black and white, split halfway between the darkest and the lightest pixel. Enlarged tiny codes
    /// have soft module edges that zbar's finder misses; hard edges restore them.
    public func binarized() -> GreyImage {
        guard let darkest = pixels.min(), let lightest = pixels.max() else { return self }
        let middle = (Int(darkest) + Int(lightest) + 1) / 2
        return GreyImage(width: width, height: height, pixels: pixels.map { Int($0) < middle ? 0 : 0xFF })
    }
}
