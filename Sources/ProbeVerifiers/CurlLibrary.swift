import CLibraryLoader
import LibraryLoader

/// The libcurl that HTTP verifiers run on, as the loaded library reports it (for `skew --version`).
public enum CurlLibrary {
    public static var version: String {
        guard (try? SystemLibrary.curl.load()) != nil else { return "not installed" }
        return String(cString: skew_curl_version())
    }
}
