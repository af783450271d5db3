import Foundation
import OTPCore

/// The simplest seed list a person writes by hand or a script prints: `serial,secret[,account]`
/// per line, base32 (or hex), with an optional `serial,secret,…` header. The settings every token
/// shares (algorithm, digits, period, manufacturer, model) come from the caller.
public enum SeedList {
    public struct Defaults: Sendable {
        public var parameters: OTPParameters
        public var manufacturer: String?
        public var model: String?
        public var encoding: SecretText.Encoding

        public init(parameters: OTPParameters = OTPParameters(), manufacturer: String? = nil, model: String? = nil,
                    encoding: SecretText.Encoding = .base32) {
            self.parameters = parameters
            self.manufacturer = manufacturer
            self.model = model
            self.encoding = encoding
        }
    }

    public static func read(_ text: String, defaults: Defaults, input: String) throws(InputError) -> [SeedEntry] {
        var records = try CSVText.records(text, input: input)
        if let first = records.first?.fields.first, first.trimmingCharacters(in: .whitespaces).lowercased() == "serial" {
            records.removeFirst()
        }
        return records.map { line, fields in
            let position = "line \(line)"
            let serial = fields[0].trimmingCharacters(in: .whitespaces)
            let outcome = Result { () throws(InputError) -> SeedRecord in
                guard (2...3).contains(fields.count) else {
                    throw InputError(input: position, problem: "the line has \(fields.count) fields", fix: "write serial,secret or serial,secret,account")
                }
                let secretText = fields[1].trimmingCharacters(in: .whitespaces)
                let secret = try defaults.encoding == .hex ? Hex.decode(secretText, input: "\(position) secret")
                    : Base32.decode(secretText, input: "\(position) secret")
                return try SeedCheck.record(serial: serial, secret: secret, parameters: defaults.parameters,
                                            account: fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespaces) : nil,
                                            manufacturer: defaults.manufacturer, model: defaults.model, position: position)
            }
            return SeedEntry(position: position, serial: serial.isEmpty ? nil : serial, outcome: outcome)
        }
    }
}
