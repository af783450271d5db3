import CCurl
import CLibraryLoader
import LibraryLoader
import Foundation
import Probe

/// A verifier reached over HTTP(S) through libcurl, one reused handle for every attempt.
///
/// `{code}` in the URL or body is replaced by the code at the moment of sending. The answer is read
/// by `AnswerRules` from the status and the body.
public final class HTTPVerifier: Verifier {
    public struct Options: Sendable {
        public var url: String
        public var method: String?
        public var body: String?
        public var headers: [String]
        public var cookieJar: String?
        public var timeoutSeconds: Double
        public var insecure: Bool
        public var caCertificate: String?
        public var rules: AnswerRules

        public init(url: String, method: String?, body: String?, headers: [String], cookieJar: String?,
                    timeoutSeconds: Double, insecure: Bool, caCertificate: String?, rules: AnswerRules) {
            self.url = url
            self.method = method
            self.body = body
            self.headers = headers
            self.cookieJar = cookieJar
            self.timeoutSeconds = timeoutSeconds
            self.insecure = insecure
            self.caCertificate = caCertificate
            self.rules = rules
        }
    }

    /// Collects a response body across libcurl's write callbacks.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let options: Options
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let sink = Sink()

    public init(options: Options) throws {
        try SystemLibrary.curl.load()
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard let handle = curl_easy_init() else {
            throw VerifierSetupError(message: "libcurl could not create a handle")
        }
        self.handle = handle
        self.options = options
        var headers = options.headers
        let hasContentType = headers.contains { $0.lowercased().hasPrefix("content-type:") }
        if let body = options.body, !hasContentType,
           body.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            headers.append("Content-Type: application/json")
        }
        for header in headers { headerList = curl_slist_append(headerList, header) }
        try configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
    }

    private func configure() throws {
        try check(skew_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(skew_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(options.timeoutSeconds * 1000)))
        try check(skew_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        if let headerList { try check(skew_curl_set_headers(handle, headerList)) }
        if let jar = options.cookieJar {
            try check(skew_curl_set_string(handle, CURLOPT_COOKIEFILE, jar))
            try check(skew_curl_set_string(handle, CURLOPT_COOKIEJAR, jar))
        }
        if options.insecure {
            try check(skew_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 0))
            try check(skew_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 0))
        }
        if let ca = options.caCertificate { try check(skew_curl_set_string(handle, CURLOPT_CAINFO, ca)) }
        let writer: skew_curl_write_callback = { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        try check(skew_curl_set_writer(handle, writer, Unmanaged.passUnretained(sink).toOpaque()))
    }

    public func submit(_ submission: Submission) -> VerifierResponse {
        sink.bytes.removeAll(keepingCapacity: true)
        do {
            try check(skew_curl_set_string(handle, CURLOPT_URL, options.url.replacingOccurrences(of: "{code}", with: submission.code)))
            if let body = options.body {
                try check(skew_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, body.replacingOccurrences(of: "{code}", with: submission.code)))
            } else {
                try check(skew_curl_set_long(handle, CURLOPT_HTTPGET, 1))
            }
            let method = options.method ?? (options.body == nil ? "GET" : "POST")
            try check(skew_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method))
        } catch {
            return VerifierResponse(.error, detail: "\(error)")
        }
        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            return VerifierResponse(.error, detail: "libcurl: \(String(cString: curl_easy_strerror(result)))")
        }
        let status = skew_curl_response_code(handle)
        let body = String(decoding: sink.bytes, as: UTF8.self)
        return options.rules.response(label: "HTTP \(status)", status: status, body: body)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw VerifierSetupError(message: "libcurl refused an option: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// A verifier could not be set up (a library, a command line); the message says what and how to fix.
public struct VerifierSetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
