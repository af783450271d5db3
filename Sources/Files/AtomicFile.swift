import Foundation

/// Writes files so a reader sees the old content or the new, never a part: the bytes go to a
/// temporary file in the same folder, are flushed, and the temporary file is renamed over the target.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write (\(reason)). Fix: choose a folder that exists and is writable." }
    }

    public static func write(_ text: String, to path: String, permissions: mode_t = 0o644) throws(WriteError) {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    /// `permissions` apply to the new file (0600 for files holding secrets).
    /// A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written in place: renaming
    /// over it would replace the device node with a regular file.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(WriteError) {
        if isDeviceOrPipe(path) { return try writeInPlace(bytes, to: path) }
        let temporary = try writeTemporary(bytes, beside: path, permissions: permissions)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        syncDirectory(of: path)
    }

    /// Like `write`, but never replaces a file: returns false, and writes nothing, when `path`
    /// exists. Two writers racing for one name cannot both get it (the temporary file is linked to
    /// the name, which fails when the name is taken).
    public static func writeNew(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(WriteError) -> Bool {
        let temporary = try writeTemporary(bytes, beside: path, permissions: permissions)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        syncDirectory(of: path)
        return true
    }

    private static func isDeviceOrPipe(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type == S_IFCHR || type == S_IFIFO || type == S_IFBLK
    }

    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let reason = writeAll(bytes, to: descriptor) { throw WriteError(path: path, reason: reason) }
    }

    /// Writes every byte (again after an interrupted write); the reason on failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += result
        }
        return nil
    }

    /// The bytes in a flushed hidden file beside `path`, ready to be renamed or linked into place.
    private static func writeTemporary(_ bytes: [UInt8], beside path: String, permissions: mode_t) throws(WriteError) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        removeStaleTemporaries(of: url.lastPathComponent, in: directory)
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        if let reason = writeAll(bytes, to: descriptor) {
            close(descriptor)
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        return temporary
    }

    /// Makes the rename itself durable: without this, a power cut soon after can bring back the old
    /// file, or neither. Best effort, since the new file is complete either way.
    private static func syncDirectory(of path: String) {
        let descriptor = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Deletes `.NAME.PID.RANDOM.tmp` files that a writer killed mid-write left behind, so they do not
    /// pile up beside reports. Only files whose PID is no longer running are touched: another
    /// process may be writing the same file right now.
    private static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let fields = entry.dropFirst(prefix.count).dropLast(".tmp".count).split(separator: ".")
            guard fields.count == 2, let pid = pid_t(fields[0]), UInt32(fields[1]) != nil, pid > 0, pid != getpid()
            else { continue }
            if kill(pid, 0) == -1, errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }
}
