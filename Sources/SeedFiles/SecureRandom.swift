import CGetRandom
import Foundation
import OTPCore

/// Random bytes from the operating system's CSPRNG (`getrandom`), for new seeds, IVs, salts and
/// MAC keys. Never a user-space generator: a seed is only as good as its randomness.
public enum SecureRandom {
    public struct Failure: Error, CustomStringConvertible {
        public var errorNumber: Int32
        public var description: String {
            "getrandom failed (\(String(cString: strerror(errorNumber))))"
        }
    }

    public static func bytes(_ count: Int) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let status = buffer.withUnsafeMutableBytes { skew_getrandom($0.baseAddress, $0.count) }
        guard status == 0 else { throw Failure(errorNumber: status) }
        return buffer
    }
}
