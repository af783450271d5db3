import Foundation
import OTPCore

/// Microsoft Entra ID's CSV upload for hardware OATH tokens, which Token2 also ships its seeds in:
/// `upn,serial number,secret key,time interval,manufacturer,model`, the secret in base32.
///
/// Entra takes only six-digit SHA-1 codes in this file, with a 30 or 60 second period, a base32
/// secret of at most 128 characters, and the token's manufacturer and model; the writer refuses
/// anything else rather than write a file the upload would reject row by row.
public enum EntraCSV {
    public static let header = ["upn", "serial number", "secret key", "time interval", "manufacturer", "model"]
    static let periods = [30, 60]
    static let longestSecret = 128

    public static func write(_ records: [SeedRecord]) throws(InputError) -> String {
        var text = CSVText.line(header)
        for record in records {
            try checkEntra(record, algorithms: [.sha1], format: "Entra's CSV")
            try refuseFormulas(record)
            text += CSVText.line([record.account ?? "", record.serial, Base32.encode(record.secret.bytes),
                                  String(record.parameters.period), record.manufacturer ?? "", record.model ?? ""])
        }
        return text
    }

    /// The characters a spreadsheet program takes as the start of a formula (`=`, `+`, `-`, `@`) or
    /// of a hidden cell (tab, carriage return). Administrators open this file in a spreadsheet before
    /// uploading it, so a field starting with one would run as a formula there (CSV injection).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Refuses a row whose text fields start like a formula instead of quoting them: the usual
    /// neutralising prefix (`'`) would change the value Entra reads and match no user, while a UPN
    /// cannot start with `=`, `+` or `@` anyway, a leading `-` is vanishingly rare, and serials,
    /// manufacturers and models start with letters or digits. Nothing is written for a refused file.
    static func refuseFormulas(_ record: SeedRecord) throws(InputError) {
        let fields = [("upn", record.account), ("serial number", record.serial), ("manufacturer", record.manufacturer), ("model", record.model)]
        for (column, value) in fields {
            guard let value, let first = value.first, formulaStarts.contains(first) else { continue }
            throw InputError(input: "serial \(record.serial)",
                             problem: "the \(column) '\(value)' starts with '\(first.escaped)', which spreadsheet programs run as a formula",
                             fix: "correct the \(column) in the seed file (Entra's user names and token names start with a letter or digit)")
        }
    }

    /// Reads the file by its header's column names (any order, any case); `time interval` may be left
    /// out (30 s). Each row becomes an entry, usable or with its problem.
    public static func read(_ text: String, input: String) throws(InputError) -> [SeedEntry] {
        let records = try CSVText.records(text, input: input)
        guard let head = records.first else {
            throw InputError(input: input, problem: "the file is empty", fix: "export the seed file again")
        }
        let names = head.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let serialColumn = column("serial number"), let secretColumn = column("secret key") else {
            throw InputError(input: input, problem: "the header has no 'serial number' and 'secret key' columns",
                             fix: "start the file with the header \(header.joined(separator: ","))")
        }
        return records.dropFirst().map { line, fields in
            let position = "line \(line)"
            func value(_ index: Int?) -> String? {
                guard let index, index < fields.count else { return nil }
                return fields[index].trimmingCharacters(in: .whitespaces)
            }
            let serial = value(serialColumn) ?? ""
            let outcome = Result { () throws(InputError) -> SeedRecord in
                let secret = try Base32.decode(value(secretColumn) ?? "", input: "\(position) secret key")
                var parameters = OTPParameters()
                if let interval = value(column("time interval")), !interval.isEmpty {
                    guard let seconds = Int(interval) else {
                        throw InputError(input: "\(position) time interval", problem: "'\(interval)' is not a whole number of seconds",
                                         fix: "write the period in seconds, such as 30")
                    }
                    parameters.period = seconds
                }
                return try SeedCheck.record(serial: serial, secret: secret, parameters: parameters, account: value(column("upn")),
                                            manufacturer: value(column("manufacturer")), model: value(column("model")),
                                            position: position)
            }
            return SeedEntry(position: position, serial: serial.isEmpty ? nil : serial, outcome: outcome)
        }
    }

    /// What Entra accepts from either of its formats: six digits, a 30 or 60 s period from T0 = 0, a
    /// base32 secret of at most 128 characters, and one of `algorithms`.
    static func checkEntra(_ record: SeedRecord, algorithms: [HashAlgorithm], format: String) throws(InputError) {
        let input = "serial \(record.serial)"
        let parameters = record.parameters
        guard record.manufacturer != nil, record.model != nil else {
            throw InputError(input: input, problem: "Entra needs the token's manufacturer and model, and the \(record.manufacturer == nil ? "manufacturer" : "model") is not known",
                             fix: "give the manufacturer and model for a serial,secret list, or add them to the seed file",
                             remedy: .tokenMakerAndModel)
        }
        guard algorithms.contains(parameters.algorithm) else {
            throw InputError(input: input, problem: "\(format) cannot carry \(parameters.algorithm.rawValue)",
                             fix: algorithms == [.sha1] ? "write Entra's JSON, which carries SHA-256, or use a SHA-1 seed"
                                 : "Entra takes SHA-1 and SHA-256 tokens only",
                             remedy: algorithms == [.sha1] ? .writeFormat("entra-json") : nil)
        }
        guard parameters.digits == 6 else {
            throw InputError(input: input, problem: "Entra verifies six-digit codes, not \(parameters.digits)",
                             fix: "program the token for six digits")
        }
        guard periods.contains(parameters.period), parameters.t0 == 0 else {
            throw InputError(input: input, problem: "Entra takes a 30 or 60 s period from T0 = 0, not \(parameters.period) s from \(parameters.t0)",
                             fix: "program the token with a 30 or 60 second period")
        }
        guard Base32.encode(record.secret.bytes).count <= longestSecret else {
            throw InputError(input: input, problem: "the seed is \(record.secret.bytes.count) bytes, longer than the \(longestSecret) base32 characters Entra takes",
                             fix: "use a seed of at most 80 bytes (20 or 32 are usual)")
        }
    }
}

extension Character {
    /// The character as a message can show it: tab and carriage return spelled out.
    fileprivate var escaped: String {
        switch self {
        case "\t": return "\\t"
        case "\r": return "\\r"
        default: return String(self)
        }
    }
}
