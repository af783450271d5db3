import Foundation

/// What one verifier accepts and how it treats a drifting token: its window per step length,
/// whether it learns drift, its replay and lockout rules, and where each fact comes from.
///
/// Profiles are JSON (`skew.verifier-profiles`, version 1). The built-in ones ship inside the
/// binary; a person adds their own in the same format. A profile measured by a probe fills the
/// same fields: the window it found, the replay and re-centring it saw, the lockout it met.
public struct VerifierProfile: Sendable, Equatable, Codable {
    public enum SourceKind: String, Sendable, Codable {
        case document, measurement
        case sourceCode = "source-code"
    }

    public struct Source: Sendable, Equatable, Codable {
        public var kind: SourceKind
        public var reference: String
        /// When the document was read or the measurement made (YYYY-MM-DD).
        public var date: String
        public var detail: String?

        public init(kind: SourceKind, reference: String, date: String, detail: String? = nil) {
            self.kind = kind
            self.reference = reference
            self.date = date
            self.detail = detail
        }
    }

    /// Steps accepted each side for one step length; no `period` means any step length.
    public struct Window: Sendable, Equatable, Codable {
        public var period: Int?
        public var behindSteps: Int
        public var aheadSteps: Int
        public var detail: String?

        public init(period: Int? = nil, behindSteps: Int, aheadSteps: Int, detail: String? = nil) {
            self.period = period
            self.behindSteps = behindSteps
            self.aheadSteps = aheadSteps
            self.detail = detail
        }

        enum CodingKeys: String, CodingKey {
            case period, behindSteps = "behind_steps", aheadSteps = "ahead_steps", detail
        }
    }

    public enum DriftLearning: String, Sendable, Codable {
        /// Every accepted code re-centres the window on its step.
        case everySuccess = "every-success"
        /// The window is always around the verifier's own clock.
        case never
        /// Only a resynchronisation (several consecutive out-of-window codes) moves the window.
        case resyncCodes = "resync-codes"
        /// Not known; forecasts treat it as `never`, which gives the earlier date.
        case notDocumented = "not-documented"

        /// Whether the limit is idle time (true) rather than time since the last sync.
        public var followsEveryUse: Bool { self == .everySuccess }
    }

    public var id: String
    public var name: String
    public var source: Source
    public var windows: [Window]
    public var learnsDrift: DriftLearning
    public var learnsDriftDetail: String?
    public var replay: String?
    public var lockout: String?
    public var lockoutFailures: Int?
    public var rateLimit: String?

    public init(id: String, name: String, source: Source, windows: [Window], learnsDrift: DriftLearning,
                learnsDriftDetail: String? = nil, replay: String? = nil, lockout: String? = nil, lockoutFailures: Int? = nil,
                rateLimit: String? = nil) {
        self.id = id
        self.name = name
        self.source = source
        self.windows = windows
        self.learnsDrift = learnsDrift
        self.learnsDriftDetail = learnsDriftDetail
        self.replay = replay
        self.lockout = lockout
        self.lockoutFailures = lockoutFailures
        self.rateLimit = rateLimit
    }

    enum CodingKeys: String, CodingKey {
        case id, name, source, windows, learnsDrift = "learns_drift", learnsDriftDetail = "learns_drift_detail", replay, lockout,
             lockoutFailures = "lockout_failures", rateLimit = "rate_limit"
    }

    /// The window for tokens with this step length: the entry for exactly that period, else one for any period.
    public func window(period: Int) -> StepWindow? {
        guard let entry = windows.first(where: { $0.period == period }) ?? windows.first(where: { $0.period == nil }) else {
            return nil
        }
        return StepWindow(period: Double(period), behind: entry.behindSteps, ahead: entry.aheadSteps)
    }
}
