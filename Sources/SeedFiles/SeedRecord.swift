import OTPCore

/// One token's seed and settings as seed files carry them: what a verifier needs to accept the
/// token's codes, and what identifies the token (its serial) and its user.
public struct SeedRecord: Sendable, Equatable {
    public var serial: String
    public var secret: Secret
    public var parameters: OTPParameters
    /// The user the token is for (a UPN in Entra's CSV); nil when the token is not assigned.
    public var account: String?
    public var manufacturer: String?
    public var model: String?

    public init(serial: String, secret: Secret, parameters: OTPParameters = OTPParameters(), account: String? = nil,
                manufacturer: String? = nil, model: String? = nil) {
        self.serial = serial
        self.secret = secret
        self.parameters = parameters
        self.account = account
        self.manufacturer = manufacturer
        self.model = model
    }
}

/// One entry of a seed file as read: the record, or why it cannot be used, so a file with one bad
/// row still shows every good one and names the bad one.
public struct SeedEntry: Sendable {
    /// Where the entry is in its file, such as `line 3` or `KeyPackage 2`.
    public var position: String
    public var serial: String?
    public var outcome: Result<SeedRecord, InputError>

    public init(position: String, serial: String?, outcome: Result<SeedRecord, InputError>) {
        self.position = position
        self.serial = serial
        self.outcome = outcome
    }

    public var record: SeedRecord? { try? outcome.get() }
}

extension [SeedEntry] {
    /// Marks the entries a batch must not contain twice: a repeated serial (two tokens cannot share
    /// one) and a repeated seed (two tokens would make the same codes). The first occurrence stays.
    public func markingRepeats() -> [SeedEntry] {
        var serials: [String: String] = [:]
        var seeds: [[UInt8]: String] = [:]
        return map { entry in
            guard let record = entry.record else { return entry }
            var marked = entry
            if let first = serials[record.serial] {
                marked.outcome = .failure(InputError(input: entry.position, problem: "serial \(record.serial) is also at \(first)",
                                                     fix: "give every token its own row"))
            } else if let first = seeds[record.secret.bytes] {
                marked.outcome = .failure(InputError(input: entry.position, problem: "the seed is the same as at \(first)",
                                                     fix: "give every token its own random seed", remedy: .newSeed))
            } else {
                serials[record.serial] = entry.position
                seeds[record.secret.bytes] = entry.position
            }
            return marked
        }
    }
}

/// Checks every reader applies to a seed once it decodes: a usable length and parameters.
enum SeedCheck {
    /// RFC 4226 §4 requires a shared secret of at least 128 bits.
    static let shortestSeed = 16

    static func record(serial: String, secret: [UInt8], parameters: OTPParameters, account: String?,
                       manufacturer: String?, model: String?, position: String) throws(InputError) -> SeedRecord {
        guard !serial.isEmpty else {
            throw InputError(input: position, problem: "the serial number is empty", fix: "give every token its serial number")
        }
        guard secret.count >= shortestSeed else {
            throw InputError(input: "\(position) (serial \(serial))",
                             problem: secret.isEmpty ? "the seed is empty" : "the seed is \(secret.count) bytes, shorter than the \(shortestSeed) RFC 4226 requires",
                             fix: "make a new random seed of 20 bytes, or 32 for SHA-256", remedy: .newSeed)
        }
        let checked: OTPParameters
        do {
            checked = try parameters.validated()
        } catch {
            throw InputError(input: "\(position) (serial \(serial)) \(error.input)", problem: error.problem, fix: error.fix)
        }
        return SeedRecord(serial: serial, secret: try Secret(bytes: secret), parameters: checked,
                          account: account.flatMap { $0.isEmpty ? nil : $0 },
                          manufacturer: manufacturer.flatMap { $0.isEmpty ? nil : $0 },
                          model: model.flatMap { $0.isEmpty ? nil : $0 })
    }
}
