import Files
import Foundation
import OTPCore
import Provisioning
import SeedFiles

/// The provisioning page's form: a new batch's settings with the journal to keep, or a journal to
/// resume. Paths are on the computer running `skew serve` (the page is served to that computer).
struct ProvisionRequest: Decodable, Sendable {
    var reader: String
    var journal: String
    /// Finish the batch `journal` records (its settings come from it; the rest of the form is ignored).
    var resume: Bool?
    var count: Int?
    var algorithm: String?
    var periodSeconds: Int?
    var displayTimeoutSeconds: Int?
    var seedBytes: Int?
    var model: String?
    /// `FORMAT:FILE`, as `skew provision --export`.
    var exports: [String]?
    /// A file of accounts, as `skew provision --assign`.
    var assignFile: String?
    /// A seed file to take the seeds from by serial, as `skew provision --seeds` (unencrypted: the
    /// page takes no keys).
    var seedFile: String?
    var dryRun: Bool?
    var measure: Bool?

    /// The header of the batch this request starts, checked as the CLI checks it.
    func newBatch() throws -> BatchHeader {
        let name = algorithm ?? "sha1"
        guard let hash = HashAlgorithm(name: name) else {
            throw InputError(input: "algorithm", problem: "'\(name)' is not a known algorithm", fix: "choose sha1 or sha256")
        }
        if let count, !(1...100_000).contains(count) {
            throw InputError(input: "count", problem: "\(count) tokens", fix: "give 1 to 100000 tokens")
        }
        if let seedBytes, !(16...63).contains(seedBytes) {
            throw InputError(input: "seed length", problem: "\(seedBytes) bytes", fix: "a token holds 16 (RFC 4226's least) to 63 bytes")
        }
        let targets = try ExportTarget.parse(exports ?? [], input: "export")
        if let locked = targets.first(where: { !$0.holdsPlainSeeds }) {
            throw InputError(input: "export \(locked.path)", problem: "an encrypted PSKC export needs a key or password, which the page does not take",
                             fix: "export entra-csv, entra-json, privacyidea or pskc here, or start the batch from the command line with its key")
        }
        let assignments = try assignFile.flatMap { $0.isEmpty ? nil : $0 }.map { path in
            try AssignmentList.read(String(decoding: try InputFile.read(path, role: "accounts file"), as: UTF8.self), input: path)
        } ?? []
        return try BatchSettings(count: count, algorithm: hash, periodSeconds: periodSeconds ?? 30,
                                 displayTimeoutSeconds: displayTimeoutSeconds ?? 30, seedBytes: seedBytes,
                                 model: model.flatMap { $0.isEmpty ? nil : $0 }, seedFile: seedFile.flatMap { $0.isEmpty ? nil : $0 },
                                 assignments: assignments, exports: targets).header()
    }
}
