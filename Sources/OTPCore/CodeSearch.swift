import Dispatch
import Foundation
import Synchronization

/// Finds the steps whose codes match observed codes, over millions of steps, on every core.
///
/// This is the hot path of `locate` and `diagnose`: it uses the precomputed HMAC states
/// (two compression-function calls per step) and splits the range into chunks run in parallel.
public struct CodeSearch: Sendable {
    public let secret: Secret
    public let parameters: OTPParameters

    public init(secret: Secret, parameters: OTPParameters) {
        self.secret = secret
        self.parameters = parameters
    }

    /// Counters `c` in `range` (clamped to c ≥ 0) where `codes[i]` is the code of step `c + i` for
    /// every i: consecutive observations must match consecutive steps. Sorted ascending.
    public func find(codes: [UInt64], in range: ClosedRange<Int64>,
                     threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Int64] {
        guard let first = codes.first, range.upperBound >= 0 else { return [] }
        let lower = max(range.lowerBound, 0)
        let total = range.upperBound - lower + 1
        let chunkCount = Int(min(Int64(max(threads, 1) * 8), max(total / 4_096, 1)))
        let chunkSize = (total + Int64(chunkCount) - 1) / Int64(chunkCount)
        let found = Mutex<[Int64]>([])
        let key = secret.bytes
        let modulus = parameters.modulus
        let algorithm = parameters.algorithm
        let followers = Array(codes.dropFirst())
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = lower + Int64(chunk) * chunkSize
            let end = min(start + chunkSize - 1, range.upperBound)
            guard start <= end else { return }
            let hits: [Int64] = switch algorithm {
            case .sha1: Self.scan(SHA1Worker(key: key), first, followers, modulus, UInt64(start), UInt64(end))
            case .sha256: Self.scan(SHA256Worker(key: key), first, followers, modulus, UInt64(start), UInt64(end))
            case .sha512: Self.scan(SHA512Worker(key: key), first, followers, modulus, UInt64(start), UInt64(end))
            }
            if !hits.isEmpty { found.withLock { $0.append(contentsOf: hits) } }
        }
        return found.withLock { $0.sorted() }
    }

    /// Single-threaded scan of one chunk; generic so each algorithm's loop is specialised.
    private static func scan<Worker: HMACBlockWorker>(_ worker: Worker, _ first: UInt64, _ followers: [UInt64],
                                                       _ modulus: UInt64, _ start: UInt64, _ end: UInt64) -> [Int64] {
        var hits: [Int64] = []
        var counter = start
        if modulus <= UInt64(UInt32.max) {
            let narrowModulus = UInt32(modulus)
            let narrowFirst = UInt32(first)
            while counter <= end {
                if worker.truncated(counter: counter) % narrowModulus == narrowFirst,
                   matchesFollowers(worker, followers, modulus, counter) {
                    hits.append(Int64(counter))
                }
                counter += 1
            }
        } else {
            while counter <= end {
                if UInt64(worker.truncated(counter: counter)) % modulus == first,
                   matchesFollowers(worker, followers, modulus, counter) {
                    hits.append(Int64(counter))
                }
                counter += 1
            }
        }
        return hits
    }

    @inline(__always)
    private static func matchesFollowers<Worker: HMACBlockWorker>(_ worker: Worker, _ followers: [UInt64],
                                                                  _ modulus: UInt64, _ counter: UInt64) -> Bool {
        for (index, code) in followers.enumerated()
        where UInt64(worker.truncated(counter: counter + UInt64(index + 1))) % modulus != code {
            return false
        }
        return true
    }

    /// The truncated 31-bit values for `counters` through the fast path; exposed so tests can hold
    /// it against an independent HMAC.
    public func truncatedValues(_ counters: [UInt64]) -> [UInt32] {
        let key = secret.bytes
        let worker: any HMACBlockWorker = switch parameters.algorithm {
        case .sha1: SHA1Worker(key: key)
        case .sha256: SHA256Worker(key: key)
        case .sha512: SHA512Worker(key: key)
        }
        return counters.map { worker.truncated(counter: $0) }
    }

    /// Expected number of chance matches when `codeCount` consecutive codes are searched over
    /// `steps` steps: each start step matches by chance with probability 10^-(digits·codeCount).
    public func expectedChanceMatches(steps: Int64, codeCount: Int) -> Double {
        Double(steps) * pow(10, -Double(parameters.digits * max(codeCount, 1)))
    }

    /// Probability that at least one chance match appears (Poisson approximation, 1 - e^-λ).
    public func chanceProbability(steps: Int64, codeCount: Int) -> Double {
        let expected = expectedChanceMatches(steps: steps, codeCount: codeCount)
        return -expm1(-expected)
    }
}
