import Dispatch
import Foundation
import Synchronization

extension CodeSearch {
    /// One key and algorithm to scan over counter ranges: a unit of `CodeSearch.scan`.
    public struct ScanJob: Sendable {
        public var key: [UInt8]
        public var algorithm: HashAlgorithm
        public var ranges: [ClosedRange<Int64>]

        public init(key: [UInt8], algorithm: HashAlgorithm, ranges: [ClosedRange<Int64>]) {
            self.key = key
            self.algorithm = algorithm
            self.ranges = ranges
        }
    }

    /// A code to look for, compared with the truncated value modulo 10^digits.
    public struct ScanTarget: Sendable, Equatable {
        public var digits: Int
        public var code: UInt64

        public init(digits: Int, code: UInt64) {
            self.digits = digits
            self.code = code
        }
    }

    /// Counter `counter` of job `job` produces target `target`.
    public struct ScanHit: Sendable, Equatable, Comparable {
        public var job: Int
        public var counter: Int64
        public var target: Int

        public static func < (lhs: ScanHit, rhs: ScanHit) -> Bool {
            (lhs.job, lhs.counter, lhs.target) < (rhs.job, rhs.counter, rhs.target)
        }
    }

    /// Scans many (key, algorithm, ranges) jobs at once, computing one HMAC per counter and testing
    /// it against every target (all digit counts share it). Jobs are split into pieces of at most
    /// `pieceSize` counters that threads take in turn, so thousands of small jobs keep every core busy.
    /// Negative counters are skipped. Hits are sorted.
    public static func scan(jobs: [ScanJob], targets: [ScanTarget],
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                            pieceSize: Int64 = 16_384) -> [ScanHit] {
        guard !targets.isEmpty else { return [] }
        var pieces: [(job: Int, range: ClosedRange<Int64>)] = []
        for (index, job) in jobs.enumerated() {
            for range in job.ranges where range.upperBound >= 0 {
                var start = max(range.lowerBound, 0)
                while start <= range.upperBound {
                    let end = min(start + pieceSize - 1, range.upperBound)
                    pieces.append((index, start...end))
                    start = end + 1
                }
            }
        }
        let work = pieces
        let digits = targets.map(\.digits)
        let codes = targets.map(\.code)
        let next = Atomic<Int>(0)
        let found = Mutex<[ScanHit]>([])
        let workers = max(1, min(threads, pieces.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var local: [ScanHit] = []
            var cachedJob = -1
            var worker: (any HMACBlockWorker)?
            while true {
                let taken = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard taken < work.count else { break }
                let piece = work[taken]
                if piece.job != cachedJob {
                    let job = jobs[piece.job]
                    worker = switch job.algorithm {
                    case .sha1: SHA1Worker(key: job.key)
                    case .sha256: SHA256Worker(key: job.key)
                    case .sha512: SHA512Worker(key: job.key)
                    }
                    cachedJob = piece.job
                }
                switch worker {
                case let sha1 as SHA1Worker: scanPiece(sha1, piece.job, piece.range, digits, codes, &local)
                case let sha256 as SHA256Worker: scanPiece(sha256, piece.job, piece.range, digits, codes, &local)
                case let sha512 as SHA512Worker: scanPiece(sha512, piece.job, piece.range, digits, codes, &local)
                default: break
                }
            }
            if !local.isEmpty { found.withLock { $0.append(contentsOf: local) } }
        }
        return found.withLock { $0.sorted() }
    }

    /// Single-threaded loop over one piece; generic so each algorithm's HMAC is specialised.
    private static func scanPiece<Worker: HMACBlockWorker>(_ worker: Worker, _ job: Int, _ range: ClosedRange<Int64>,
                                                           _ digits: [Int], _ codes: [UInt64], _ hits: inout [ScanHit]) {
        var counter = UInt64(range.lowerBound)
        let end = UInt64(range.upperBound)
        let count = digits.count
        while counter <= end {
            let value = worker.truncated(counter: counter)
            for index in 0..<count where reduce(value, digits: digits[index]) == codes[index] {
                hits.append(ScanHit(job: job, counter: Int64(counter), target: index))
            }
            counter += 1
        }
    }

    /// value mod 10^digits with literal divisors, which the compiler turns into multiplications.
    @inline(__always)
    private static func reduce(_ value: UInt32, digits: Int) -> UInt64 {
        switch digits {
        case 6: UInt64(value % 1_000_000)
        case 7: UInt64(value % 10_000_000)
        case 8: UInt64(value % 100_000_000)
        case 9: UInt64(value % 1_000_000_000)
        case 1: UInt64(value % 10)
        case 2: UInt64(value % 100)
        case 3: UInt64(value % 1_000)
        case 4: UInt64(value % 10_000)
        case 5: UInt64(value % 100_000)
        default: UInt64(value)  // 10 digits or more: the 31-bit value is below the modulus
        }
    }
}
