import CCurl

/// The libcurl that HTTP verifiers run on, as the loaded library reports it (for `skew --version`).
public enum CurlLibrary {
    public static var version: String { String(cString: skew_curl_version()) }
}
