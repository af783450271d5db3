import Foundation
import OTPCore

/// A shared history database as a `postgres://` or `postgresql://` URL names it:
/// `postgres://USER@HOST:PORT/DATABASE?sslmode=MODE`, in libpq's URL form.
///
/// A password is refused in the URL: a URL is typed on command lines and kept in shell histories and
/// service files, and skew prints it in reports. The password comes from `PGPASSWORD` or a
/// `.pgpass` file instead (`PostgresPassword`).
public struct PostgresEndpoint: Sendable, Equatable {
    /// libpq's `sslmode` values that skew takes.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority, any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate made out to the host skew connects to.
        case verifyFull = "verify-full"
    }

    /// A host name or address, or (starting with `/`) the folder of the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the authorities to trust; nil trusts the system's.
    public var rootCertificate: String?
    /// `connect_timeout`: seconds to wait for the server to answer a new connection.
    public var connectTimeoutSeconds: Int

    /// The query items skew reads; any other is refused rather than silently ignored.
    static let queryItems = ["sslmode", "sslrootcert", "connect_timeout", "host"]

    /// True for text that names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; the user defaults to PGUSER, else the login name, the database to the user, as in libpq.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw InputError(input: Self.redacted(text), problem: "this is not a postgres:// URL",
                             fix: "write it as postgres://USER@HOST:PORT/DATABASE")
        }
        if components.password != nil || components.queryItems?.contains(where: { $0.name == "password" }) == true {
            throw InputError(input: Self.redacted(text), problem: "the URL holds a password, which would show in the process list, shell history and reports",
                             fix: "remove it from the URL and put it in ~/.pgpass (mode 0600), the file PGPASSFILE names, or PGPASSWORD")
        }
        var items: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard Self.queryItems.contains(item.name) else {
                throw InputError(input: text, problem: "skew does not know the URL parameter \(item.name)",
                                 fix: "use only \(Self.queryItems.joined(separator: ", "))")
            }
            items[item.name] = item.value ?? ""
        }
        let mode = items["sslmode"] ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: mode) else {
            throw InputError(input: text, problem: "sslmode=\(mode) is not one skew takes",
                             fix: "use sslmode=\(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")) (verify-full checks the server's certificate and name)")
        }
        let timeout = items["connect_timeout"] ?? "10"
        guard let seconds = Int(timeout), (1...600).contains(seconds) else {
            throw InputError(input: text, problem: "connect_timeout=\(timeout) is not a number of seconds from 1 to 600", fix: "give whole seconds, such as connect_timeout=5")
        }
        let host = items["host"] ?? components.host ?? ""
        guard !host.isEmpty else {
            throw InputError(input: text, problem: "the URL names no server", fix: "write the host after //, or ?host=/SOCKET/FOLDER for a local socket")
        }
        let user = components.user ?? environment["PGUSER"] ?? NSUserName()
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else {
            throw InputError(input: text, problem: "\(path) is not a database name", fix: "write one database name after the host, such as /skew")
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user
        database = path.isEmpty ? user : path
        self.tls = tls
        rootCertificate = items["sslrootcert"]
        connectTimeoutSeconds = seconds
    }

    /// True when `host` is the folder of a Unix socket.
    public var isSocket: Bool { host.hasPrefix("/") }

    /// The server as errors name it: `HOST:PORT`, or the socket file.
    public var server: String {
        if isSocket { return "\(host)/.s.PGSQL.\(port)" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL as reports show it, every part spelt out, never a password.
    public var location: String {
        var query = ["sslmode=\(tls.rawValue)"]
        if isSocket { query.insert("host=\(host)", at: 0) }
        if let rootCertificate { query.append("sslrootcert=\(rootCertificate)") }
        let address = isSocket ? "" : (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        let socketPort = isSocket && port != 5432 ? ":\(port)" : ""
        return "postgres://\(user)@\(address)\(socketPort)/\(database)?\(query.joined(separator: "&"))"
    }

    /// The text with any password replaced, for messages about a URL that holds one.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "the history URL" }
        if components.password != nil { components.password = "REDACTED" }
        components.queryItems = components.queryItems?.map { $0.name == "password" ? URLQueryItem(name: "password", value: "REDACTED") : $0 }
        return components.string ?? "the history URL"
    }
}
