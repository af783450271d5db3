import COpenSSL
import OTPCore
import XCTest

/// The precomputed-state fast path against OpenSSL's one-shot HMAC(), called here directly so the
/// check does not share code with either path in OTPCore.
final class FastPathTests: XCTestCase {
    private func independentTruncated(key: [UInt8], counter: UInt64, algorithm: HashAlgorithm) -> UInt32 {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * $0)) }
        var output = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let digest = switch algorithm {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
        _ = HMAC(digest, key, Int32(key.count), message, 8, &output, &length)
        let offset = Int(output[Int(length) - 1] & 0x0F)
        return UInt32(output[offset] & 0x7F) << 24 | UInt32(output[offset + 1]) << 16
            | UInt32(output[offset + 2]) << 8 | UInt32(output[offset + 3])
    }

    func testRandomSecretsAndCountersMatchOneShotHMAC() throws {
        var generator = SystemRandomNumberGenerator()
        for algorithm in HashAlgorithm.allCases {
            // Key lengths around every boundary: short, block size, longer than the block (hashed).
            for length in [1, 10, 20, 32, 63, 64, 65, 127, 128] {
                let key = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let counters = (0..<200).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) } + [0, 1, UInt64.max]
                let fast = CodeSearch(secret: try Secret(bytes: key), parameters: OTPParameters(algorithm: algorithm))
                    .truncatedValues(counters)
                let reference = counters.map { independentTruncated(key: key, counter: $0, algorithm: algorithm) }
                XCTAssertEqual(fast, reference, "\(algorithm), \(length)-byte key")
            }
        }
    }

    func testSearchFindsEveryPlantedCodeAcrossChunksAndThreads() throws {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        for algorithm in HashAlgorithm.allCases {
            for digits in [6, 8, 10] {
                let parameters = OTPParameters(algorithm: algorithm, digits: digits)
                let totp = TOTP(secret: secret, parameters: parameters)
                let search = CodeSearch(secret: secret, parameters: parameters)
                for target in [Int64(0), 30_001, 59_999] {
                    let code = UInt64(totp.code(counter: target)!)!
                    let next = UInt64(totp.code(counter: target + 1)!)!
                    for threads in [1, 3] {
                        let hits = search.find(codes: [code], in: 0...60_000, threads: threads)
                        XCTAssertTrue(hits.contains(target), "\(algorithm)/\(digits) finds step \(target) with \(threads) threads")
                        XCTAssertEqual(search.find(codes: [code, next], in: 0...60_000, threads: threads), [target])
                    }
                }
            }
        }
    }

    func testNegativeRangesAreClampedToStepZero() throws {
        let secret = try Secret(bytes: Array("12345678901234567890".utf8))
        let search = CodeSearch(secret: secret, parameters: OTPParameters(digits: 6))
        XCTAssertEqual(search.find(codes: [755224], in: -10...(-1)), [])
        XCTAssertTrue(search.find(codes: [755224], in: -10...3).contains(0))
    }
}
