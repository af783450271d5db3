import Files
import OTPCore
import SeedFiles

/// The files a batch keeps up to date for the verifier, each named `FORMAT:FILE` and rebuilt from
/// the journal's verified tokens after every token, atomically and readable by the owner only.
extension ExportTarget {
    /// The `FORMAT` words: the seed file formats, with PSKC once per protection.
    public static let formats: [String: (format: SeedFileFormat, protection: String)] = [
        "entra-csv": (.entraCSV, "none"), "entra-json": (.entraJSON, "none"), "privacyidea": (.privacyIDEA, "none"),
        "pskc": (.pskc, "none"), "pskc-key": (.pskc, "preshared-key"), "pskc-password": (.pskc, "password"),
    ]

    /// Every `FORMAT:FILE` of a batch; two exports may not share a file.
    public static func parse(_ specs: [String], input: String) throws(InputError) -> [ExportTarget] {
        let targets = try specs.map { spec throws(InputError) -> ExportTarget in
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty, let (format, protection) = formats[parts[0].lowercased()] else {
                throw InputError(input: "\(input) \(spec)", problem: "not FORMAT:FILE with a known FORMAT",
                                 fix: "use one of \(formats.keys.sorted().joined(separator: ", ")), such as entra-csv:batch.csv")
            }
            return ExportTarget(format: format.rawValue, protection: protection, path: parts[1])
        }
        let paths = targets.map(\.path)
        guard Set(paths).count == paths.count else {
            throw InputError(input: input, problem: "two exports name the same file", fix: "give every export its own file")
        }
        return targets
    }

    /// Whether the file holds the seeds in the clear: every format but a protected PSKC.
    public var holdsPlainSeeds: Bool { protection == "none" }

    /// Writes every target from `records`, each with its protection (`.none` for the plain formats).
    public static func write(_ records: [SeedRecord], to targets: [ExportTarget], protections: [PSKCProtection]) throws {
        for (target, protection) in zip(targets, protections) {
            guard let format = SeedFileFormat(rawValue: target.format) else {
                throw InputError(input: "the journal's export \(target.path)", problem: "format \(target.format) is unknown",
                                 fix: "resume with the skew that started the batch")
            }
            try AtomicFile.write(try format.write(records, protection: protection), to: target.path, permissions: 0o600)
        }
    }
}
