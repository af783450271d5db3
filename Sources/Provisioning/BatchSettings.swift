import Files
import Foundation
import OTPCore
import SeedFiles
import TokenProtocol
import Tokens

/// What a person asks of a new batch, from any front end: the settings the journal's header fixes
/// for the whole batch, checked against what a token can hold before anything is created.
public struct BatchSettings: Sendable {
    /// Nil: one token per assigned account, else one.
    public var count: Int?
    public var algorithm: HashAlgorithm
    public var periodSeconds: Int
    public var displayTimeoutSeconds: Int
    /// Nil: the hash's digest size (20 bytes for SHA-1, 32 for SHA-256).
    public var seedBytes: Int?
    /// The model for serial prefixes the model table lacks.
    public var model: String?
    /// A seed file to take each token's seed from by serial (nil: random seeds).
    public var seedFile: String?
    public var assignments: [Assignment]
    public var exports: [ExportTarget]

    public init(count: Int? = nil, algorithm: HashAlgorithm = .sha1, periodSeconds: Int = 30, displayTimeoutSeconds: Int = 30,
                seedBytes: Int? = nil, model: String? = nil, seedFile: String? = nil, assignments: [Assignment] = [],
                exports: [ExportTarget] = []) {
        self.count = count
        self.algorithm = algorithm
        self.periodSeconds = periodSeconds
        self.displayTimeoutSeconds = displayTimeoutSeconds
        self.seedBytes = seedBytes
        self.model = model
        self.seedFile = seedFile
        self.assignments = assignments
        self.exports = exports
    }

    /// The journal's header for these settings, or the reason a token could not hold them.
    public func header(created: Double = Date().timeIntervalSince1970) throws(InputError) -> BatchHeader {
        let header = BatchHeader(batchID: UUID().uuidString.lowercased(), created: created,
                                 count: count ?? (assignments.isEmpty ? 1 : assignments.count), algorithm: algorithm.rawValue,
                                 periodSeconds: periodSeconds, displayTimeoutSeconds: displayTimeoutSeconds,
                                 seedBytes: seedBytes ?? algorithm.digestSize, model: model, seedFile: seedFile,
                                 assignments: assignments, exports: exports)
        guard let display = TokenConfig.DisplayTimeout(seconds: displayTimeoutSeconds) else {
            throw InputError(input: "display timeout", problem: "\(displayTimeoutSeconds) s is not offered", fix: "use 15, 30, 60 or 120")
        }
        // The burn a token would get, made once with a stand-in seed of the batch's length: what
        // no token can hold is refused here, before the journal exists.
        _ = try BurnRequest(seed: try Secret(bytes: [UInt8](repeating: 1, count: header.seedBytes)),
                            parameters: OTPParameters(algorithm: algorithm, digits: 6, period: periodSeconds),
                            displayTimeout: display, model: model, dryRun: true, showSecrets: false)
        return header
    }
}

extension SeedSource {
    /// Where `header` says the seeds come from: fresh random ones from the kernel's CSPRNG, or the
    /// seed file's records by serial, read again (on resume too) and usable every one. `keys`
    /// opens an encrypted seed file.
    public static func forBatch(_ header: BatchHeader, keys: PSKCKeySource) throws -> SeedSource {
        guard let path = header.seedFile else { return .random(bytes: header.seedBytes, generate: { try SecureRandom.bytes($0) }) }
        let data = try InputFile.read(path, role: "seed file")
        let defaults = SeedList.Defaults(parameters: OTPParameters(algorithm: HashAlgorithm(name: header.algorithm) ?? .sha1, digits: 6,
                                                                   period: header.periodSeconds))
        let entries = try SeedFileFormat.read(data, keys: keys, listDefaults: defaults, input: path)
        let problems = entries.compactMap { entry in entry.record == nil ? entry.position : nil }
        guard problems.isEmpty else {
            throw InputError(input: path, problem: "\(problems.count) of \(entries.count) tokens have problems (\(problems.joined(separator: ", ")))",
                             fix: "correct those entries", remedy: .checkSeedFile(path))
        }
        return .imported(Dictionary(entries.compactMap(\.record).map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first }))
    }
}
