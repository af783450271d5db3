import CZbar
import LibraryLoader

/// The zbar that decodes QR images, as the loaded library reports it (for `skew --version`).
public enum ZbarLibrary {
    public static var version: String {
        guard (try? SystemLibrary.zbar.load()) != nil else { return "not installed" }
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        zbar_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
