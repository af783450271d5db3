import COpenSSL

/// HMAC over an 8-byte counter at two compression-function calls per code.
///
/// HMAC(K, m) = H((K⊕opad) ‖ H((K⊕ipad) ‖ m)). The hash states after absorbing K⊕ipad and K⊕opad
/// depend only on the key, so they are computed once; each counter then costs one block for the
/// inner hash and one for the outer. The block functions are OpenSSL's (SHA-NI where the CPU has it).
/// Workers own scratch memory and are used by one thread at a time.
protocol HMACBlockWorker: AnyObject {
    init(key: [UInt8])
    /// RFC 4226 dynamic truncation of HMAC(key, counter), a 31-bit number.
    func truncated(counter: UInt64) -> UInt32
}

/// Key padded to the block size, XORed with `pad`; long keys are hashed first (RFC 2104 §2).
private func paddedKey(_ key: [UInt8], algorithm: HashAlgorithm, pad: UInt8) -> [UInt8] {
    var material = key
    if material.count > algorithm.blockSize {
        material = HOTP.digest(key, algorithm: algorithm)
    }
    material += [UInt8](repeating: 0, count: algorithm.blockSize - material.count)
    return material.map { $0 ^ pad }
}

/// Scratch blocks laid out once: the counter or inner digest goes in front, then the `80` marker,
/// zeros, and the big-endian bit length of (key block + message).
private struct ScratchBlocks {
    let inner: UnsafeMutableRawPointer
    let outer: UnsafeMutableRawPointer
    let digest: UnsafeMutableRawPointer

    init(algorithm: HashAlgorithm) {
        let size = algorithm.blockSize
        inner = .allocate(byteCount: size, alignment: 16)
        outer = .allocate(byteCount: size, alignment: 16)
        digest = .allocate(byteCount: algorithm.digestSize, alignment: 16)
        inner.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        outer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        inner.storeBytes(of: 0x80, toByteOffset: 8, as: UInt8.self)
        outer.storeBytes(of: 0x80, toByteOffset: algorithm.digestSize, as: UInt8.self)
        let innerBits = UInt64(size + 8) * 8
        let outerBits = UInt64(size + algorithm.digestSize) * 8
        inner.storeBytes(of: innerBits.bigEndian, toByteOffset: size - 8, as: UInt64.self)
        outer.storeBytes(of: outerBits.bigEndian, toByteOffset: size - 8, as: UInt64.self)
    }

    func release() {
        inner.deallocate()
        outer.deallocate()
        digest.deallocate()
    }

    @inline(__always) func setCounter(_ counter: UInt64) {
        inner.storeBytes(of: counter.bigEndian, as: UInt64.self)
    }

    @inline(__always) func truncate(digestSize: Int) -> UInt32 {
        let offset = Int(digest.load(fromByteOffset: digestSize - 1, as: UInt8.self) & 0x0F)
        return UInt32(bigEndian: digest.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) & 0x7FFF_FFFF
    }
}

final class SHA1Worker: HMACBlockWorker {
    private var innerState = SHA_CTX()
    private var outerState = SHA_CTX()
    private let blocks = ScratchBlocks(algorithm: .sha1)

    init(key: [UInt8]) {
        SHA1_Init(&innerState)
        SHA1_Update(&innerState, paddedKey(key, algorithm: .sha1, pad: 0x36), 64)
        SHA1_Init(&outerState)
        SHA1_Update(&outerState, paddedKey(key, algorithm: .sha1, pad: 0x5C), 64)
    }

    deinit { blocks.release() }

    @inline(__always) func truncated(counter: UInt64) -> UInt32 {
        blocks.setCounter(counter)
        var state = innerState
        SHA1_Transform(&state, blocks.inner)
        let words = (state.h0, state.h1, state.h2, state.h3, state.h4)
        blocks.outer.storeBytes(of: words.0.bigEndian, toByteOffset: 0, as: UInt32.self)
        blocks.outer.storeBytes(of: words.1.bigEndian, toByteOffset: 4, as: UInt32.self)
        blocks.outer.storeBytes(of: words.2.bigEndian, toByteOffset: 8, as: UInt32.self)
        blocks.outer.storeBytes(of: words.3.bigEndian, toByteOffset: 12, as: UInt32.self)
        blocks.outer.storeBytes(of: words.4.bigEndian, toByteOffset: 16, as: UInt32.self)
        state = outerState
        SHA1_Transform(&state, blocks.outer)
        blocks.digest.storeBytes(of: state.h0.bigEndian, toByteOffset: 0, as: UInt32.self)
        blocks.digest.storeBytes(of: state.h1.bigEndian, toByteOffset: 4, as: UInt32.self)
        blocks.digest.storeBytes(of: state.h2.bigEndian, toByteOffset: 8, as: UInt32.self)
        blocks.digest.storeBytes(of: state.h3.bigEndian, toByteOffset: 12, as: UInt32.self)
        blocks.digest.storeBytes(of: state.h4.bigEndian, toByteOffset: 16, as: UInt32.self)
        return blocks.truncate(digestSize: 20)
    }
}

final class SHA256Worker: HMACBlockWorker {
    private var innerState = SHA256_CTX()
    private var outerState = SHA256_CTX()
    private let blocks = ScratchBlocks(algorithm: .sha256)

    init(key: [UInt8]) {
        SHA256_Init(&innerState)
        SHA256_Update(&innerState, paddedKey(key, algorithm: .sha256, pad: 0x36), 64)
        SHA256_Init(&outerState)
        SHA256_Update(&outerState, paddedKey(key, algorithm: .sha256, pad: 0x5C), 64)
    }

    deinit { blocks.release() }

    @inline(__always) func truncated(counter: UInt64) -> UInt32 {
        blocks.setCounter(counter)
        var state = innerState
        SHA256_Transform(&state, blocks.inner)
        Self.storeState(&state, into: blocks.outer)
        state = outerState
        SHA256_Transform(&state, blocks.outer)
        Self.storeState(&state, into: blocks.digest)
        return blocks.truncate(digestSize: 32)
    }

    @inline(__always) private static func storeState(_ state: inout SHA256_CTX, into target: UnsafeMutableRawPointer) {
        withUnsafeBytes(of: &state.h) { raw in
            for index in 0..<8 {
                let word = raw.load(fromByteOffset: index * 4, as: UInt32.self)
                target.storeBytes(of: word.bigEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
    }
}

final class SHA512Worker: HMACBlockWorker {
    private var innerState = SHA512_CTX()
    private var outerState = SHA512_CTX()
    private let blocks = ScratchBlocks(algorithm: .sha512)

    init(key: [UInt8]) {
        SHA512_Init(&innerState)
        SHA512_Update(&innerState, paddedKey(key, algorithm: .sha512, pad: 0x36), 128)
        SHA512_Init(&outerState)
        SHA512_Update(&outerState, paddedKey(key, algorithm: .sha512, pad: 0x5C), 128)
    }

    deinit { blocks.release() }

    @inline(__always) func truncated(counter: UInt64) -> UInt32 {
        blocks.setCounter(counter)
        var state = innerState
        SHA512_Transform(&state, blocks.inner)
        Self.storeState(&state, into: blocks.outer)
        state = outerState
        SHA512_Transform(&state, blocks.outer)
        Self.storeState(&state, into: blocks.digest)
        return blocks.truncate(digestSize: 64)
    }

    @inline(__always) private static func storeState(_ state: inout SHA512_CTX, into target: UnsafeMutableRawPointer) {
        withUnsafeBytes(of: &state.h) { raw in
            for index in 0..<8 {
                let word = raw.load(fromByteOffset: index * 8, as: UInt64.self)
                target.storeBytes(of: word.bigEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
    }
}
