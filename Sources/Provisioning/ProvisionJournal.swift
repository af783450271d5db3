import Foundation

/// The batch's journal: JSON lines, a header then one entry per step, each appended with one
/// `write` and flushed to disk (`fsync`) before the call returns; the folder is flushed when the file
/// is made, so the name survives a crash too. It holds seeds, so it is created readable by its owner
/// only. A line cut short by a crash (only the last can be) is dropped when the journal is opened again.
public final class ProvisionJournal {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var problem: String
        public var fix: String
        /// True when the fix is to resume the batch this journal belongs to (a front end names its
        /// own way to resume; `fix` says it in words).
        public var resumesBatch = false
        public var description: String { "journal \(path): \(problem). Fix: \(fix)" }
    }

    public let path: String
    public let header: BatchHeader
    public private(set) var entries: [JournalEntry]
    private let descriptor: Int32

    private init(path: String, header: BatchHeader, entries: [JournalEntry], descriptor: Int32) {
        self.path = path
        self.header = header
        self.entries = entries
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// A new journal holding `header`; refuses to replace an existing file (that batch's seeds
    /// would be lost). The header is written and flushed under a temporary name, then linked into
    /// place, so a crash leaves either no journal or a whole one.
    public static func create(path: String, header: BatchHeader) throws(Failure) -> ProvisionJournal {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = "\(folder)/.\(URL(fileURLWithPath: path).lastPathComponent).\(getpid()).new"
        let staging = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard staging >= 0 else {
            throw Failure(path: path, problem: "cannot be created (\(String(cString: strerror(errno))))",
                          fix: "choose a writable folder for the journal, beside the exports")
        }
        defer { unlink(temporary) }
        let line = [UInt8](try encode(header)) + [UInt8(ascii: "\n")]
        let written = line.withUnsafeBytes { write(staging, $0.baseAddress, $0.count) }
        let flushed = written == line.count && fsync(staging) == 0
        close(staging)
        guard flushed else {
            throw Failure(path: path, problem: "cannot be written (\(String(cString: strerror(errno))))", fix: "free disk space and try again")
        }
        guard link(temporary, path) == 0 else {
            let exists = errno == EEXIST
            throw Failure(path: path, problem: exists ? "the file exists (a batch's journal is never overwritten)" : "cannot be created (\(String(cString: strerror(errno))))",
                          fix: exists ? "finish that batch by resuming it, or choose a new journal name" : "choose a writable folder for the journal, beside the exports",
                          resumesBatch: exists)
        }
        syncFolder(of: path)
        return try open(path: path)
    }

    /// An existing journal, to resume its batch.
    public static func open(path: String) throws(Failure) -> ProvisionJournal {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(path: path, problem: "cannot be read (missing or not readable)", fix: "give the journal the batch was started with")
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
        // A complete journal ends with a newline, so the last piece is empty; anything else there is a
        // line cut short by a crash, never flushed as a whole and never acted on.
        let torn = lines.removeLast()
        guard let first = lines.first, let header = try? JSONDecoder().decode(BatchHeader.self, from: first),
              header.schema == BatchHeader.currentSchema else {
            throw Failure(path: path, problem: "is not a provisioning journal (\(BatchHeader.currentSchema))", fix: "give the journal file a provisioning batch wrote")
        }
        var entries: [JournalEntry] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard let entry = try? JSONDecoder().decode(JournalEntry.self, from: line) else {
                throw Failure(path: path, problem: "line \(index + 2) is damaged", fix: "restore the journal from a backup; do not edit it by hand")
            }
            entries.append(entry)
        }
        let descriptor = Foundation.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(path: path, problem: "cannot be opened for writing (\(String(cString: strerror(errno))))", fix: "check its permissions")
        }
        if !torn.isEmpty {
            guard ftruncate(descriptor, off_t(data.count - torn.count)) == 0, fsync(descriptor) == 0 else {
                close(descriptor)
                throw Failure(path: path, problem: "its last line was cut short and cannot be dropped", fix: "check the disk and the file's permissions")
            }
        }
        return ProvisionJournal(path: path, header: header, entries: entries, descriptor: descriptor)
    }

    /// Appends one entry and returns once it is on disk.
    public func append(_ entry: JournalEntry) throws(Failure) {
        try appendLine(try Self.encode(entry))
        entries.append(entry)
    }

    private func appendLine(_ line: Data) throws(Failure) {
        let bytes = [UInt8](line) + [UInt8(ascii: "\n")]
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw Failure(path: path, problem: "cannot be written (\(String(cString: strerror(errno))))",
                          fix: "free disk space or fix the folder's permissions, then resume the batch", resumesBatch: true)
        }
    }

    private static func encode(_ value: some Encodable) throws(Failure) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw Failure(path: "", problem: "an entry cannot be encoded (\(error))", fix: "report this as a bug")
        }
    }

    /// Flushes the folder, so that a new file's name is on disk as well as its content.
    private static func syncFolder(of path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = Foundation.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
