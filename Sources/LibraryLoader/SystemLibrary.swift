import CLibraryLoader

/// A C library that only some commands need, opened with dlopen on first use (CLibraryLoader)
/// instead of being linked, so that commands which do not need it start without it. Code that is
/// about to call one calls `load()` first, which turns a missing library into an error instead of
/// the loader's last resort (ending the process).
public enum SystemLibrary: Sendable {
    case zbar, qrencode, png, turbojpeg, curl, pcsclite

    private var id: skew_library_id {
        switch self {
        case .zbar: return SKEW_LIBRARY_ZBAR
        case .qrencode: return SKEW_LIBRARY_QRENCODE
        case .png: return SKEW_LIBRARY_PNG
        case .turbojpeg: return SKEW_LIBRARY_TURBOJPEG
        case .curl: return SKEW_LIBRARY_CURL
        case .pcsclite: return SKEW_LIBRARY_PCSCLITE
        }
    }

    /// The shared object's file name, such as `libzbar.so.0`.
    public var soname: String { String(cString: skew_library_soname(id)) }
    /// The Debian package that holds it.
    public var package: String { String(cString: skew_library_package(id)) }

    /// Opens the library once per process; later calls return at once.
    public func load() throws(MissingLibrary) {
        var error = [CChar](repeating: 0, count: 512)
        guard skew_library_load(id, &error, error.count) == 0 else {
            throw MissingLibrary(library: self, reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}

/// A library that could not be opened, or lacks a function SkewKit calls.
public struct MissingLibrary: Error, Sendable, Equatable, CustomStringConvertible {
    public var library: SystemLibrary
    /// The loader's words: the file and dlopen's reason.
    public var reason: String

    public var description: String { "\(reason); the Debian package \(library.package) provides \(library.soname)" }
}
