import Foundation

/// Where the password for a shared history comes from, as libpq looks for it: `PGPASSWORD`, else
/// the first matching line of the password file (`PGPASSFILE`, else `~/.pgpass`). The file is read
/// only when nobody else can read or write it (mode 0600 or stricter), as libpq insists; otherwise it
/// is passed over and `note` says why, for the error a refused login gives.
struct PostgresPassword {
    /// The password, or nil when none was found (a server that trusts the connection needs none).
    var password: String?
    /// Why the password file was not read, if it was passed over.
    var note: String?
    /// Where the password came from (`PGPASSWORD` or the file's path), for messages; never the password.
    var source: String?

    init(for endpoint: PostgresEndpoint, environment: [String: String]) {
        if let password = environment["PGPASSWORD"], !password.isEmpty {
            self.password = password
            source = "PGPASSWORD"
            return
        }
        let file = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        var status = stat()
        guard stat(file, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            note = "\(file) is not a plain file, so it was not read"
            return
        }
        guard status.st_mode & 0o077 == 0 else {
            note = "\(file) was not read: its mode is \(String(status.st_mode & 0o777, radix: 8)), and a password file must be 0600 (chmod 600 \(file))"
            return
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            note = "\(file) could not be read"
            return
        }
        password = Self.match(text, endpoint: endpoint)
        source = password == nil ? nil : file
        if password == nil { note = "no line of \(file) matches \(endpoint.server), database \(endpoint.database), user \(endpoint.user)" }
    }

    /// The password of the first line whose host, port, database and user match (`*` matches any).
    /// A socket connection matches `localhost` or the socket folder, as libpq does.
    static func match(_ text: String, endpoint: PostgresEndpoint) -> String? {
        let hosts = endpoint.isSocket ? ["localhost", endpoint.host] : [endpoint.host]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = fields(of: String(line))
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ values: [String]) -> Bool { field == "*" || values.contains(field) }
            if matches(fields[0], hosts), matches(fields[1], [String(endpoint.port)]), matches(fields[2], [endpoint.database]),
               matches(fields[3], [endpoint.user]) {
                return fields[4]
            }
        }
        return nil
    }

    /// A line's fields: split at `:`, with `\:` and `\\` standing for themselves.
    private static func fields(of line: String) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
