import Foundation

/// A file of verifier profiles: the built-in one compiled into the binary, or a person's own.
public struct VerifierProfileFile: Sendable, Equatable, Codable {
    public struct Schema: Sendable, Equatable, Codable {
        public var name: String
        public var version: Int
    }

    public static let schemaName = "skew.verifier-profiles"
    public static let schemaVersion = 1

    public var schema: Schema
    public var about: String?
    public var profiles: [VerifierProfile]

    /// A file that cannot be used, with what is wrong and how to put it right.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var origin: String
        public var problem: String

        public var description: String {
            "\(origin): \(problem). Fix: write a JSON object with \"schema\": {\"name\": \"\(VerifierProfileFile.schemaName)\", \"version\": 1} and \"profiles\": [...], each profile with id, name, source (kind, reference, date), windows (behind_steps, ahead_steps, optional period) and learns_drift (every-success, never, resync-codes or not-documented); skew's own file is Sources/Drift/Profiles/verifier-profiles.json"
        }
    }

    /// A file of this schema holding `profiles`.
    public init(profiles: [VerifierProfile], about: String? = nil) {
        schema = Schema(name: Self.schemaName, version: Self.schemaVersion)
        self.about = about
        self.profiles = profiles
    }

    /// Reads and checks a profile file; `origin` names it in errors.
    public init(json: Data, origin: String) throws(Invalid) {
        let decoded: VerifierProfileFile
        do {
            decoded = try JSONDecoder().decode(VerifierProfileFile.self, from: json)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Invalid(origin: origin, problem: "\(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw Invalid(origin: origin, problem: "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw Invalid(origin: origin, problem: "not readable as JSON (\(error))")
        }
        guard decoded.schema.name == Self.schemaName, decoded.schema.version == Self.schemaVersion else {
            throw Invalid(origin: origin, problem: "schema is \(decoded.schema.name) version \(decoded.schema.version), not \(Self.schemaName) version \(Self.schemaVersion)")
        }
        var seen: Set<String> = []
        for profile in decoded.profiles {
            guard !profile.id.isEmpty, profile.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw Invalid(origin: origin, problem: "profile id '\(profile.id)' must be letters, digits, '-', '_' or '.'")
            }
            guard seen.insert(profile.id).inserted else { throw Invalid(origin: origin, problem: "profile id '\(profile.id)' appears twice") }
            for window in profile.windows {
                guard (0...10_000).contains(window.behindSteps), (0...10_000).contains(window.aheadSteps) else {
                    throw Invalid(origin: origin, problem: "profile '\(profile.id)': behind_steps and ahead_steps must be 0 to 10000")
                }
                if let period = window.period, !(1...86_400).contains(period) {
                    throw Invalid(origin: origin, problem: "profile '\(profile.id)': period \(period) is not 1 to 86400 seconds")
                }
            }
        }
        self = decoded
    }

    /// The profiles shipped with skew, compiled in from `Profiles/verifier-profiles.json`.
    public static let builtIn: VerifierProfileFile = {
        do {
            return try VerifierProfileFile(json: Data(PackageResources.verifier_profiles_json), origin: "built-in profiles")
        } catch {
            fatalError("the built-in verifier profiles do not load: \(error)")
        }
    }()

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the file" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
