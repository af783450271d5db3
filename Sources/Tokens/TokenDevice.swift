import Drift
import OTPCore
import TokenProtocol

/// One token on a reader, whatever its family: what detection returns and every command works
/// through. Each family answers each intent its own way (Token2 reads its clock with GET INFO and
/// writes it with an authenticated WRITE CONFIG; Protectimus reads its code and writes SET TIME)
/// and says so in the shared result types; a family that cannot do something throws
/// `TokenCapabilityError`.
public protocol TokenDevice: AnyObject {
    var identity: TokenIdentity { get }
    /// What the token tells without authentication: the detection read and the reads the family
    /// needs for the rest (Protectimus: READ OTP; Molto2: every profile's public block).
    func describe() throws -> TokenDescription
    /// Sends the family's identifying read again (no authentication, nothing written): the exchange
    /// whose round trip a benchmark times.
    func reread() throws -> APDUExchange
    /// The token's clock minus the host's, to a fraction of a second; reads only.
    func measureOffset(_ request: OffsetRequest) throws -> OffsetMeasurement
    /// Checks a clock write against this token and says what it would send (`--dry-run` prints it),
    /// sending nothing more than detection did.
    func planClockWrite(_ request: ClockWriteRequest) throws -> ClockWritePlan
    /// The planned write, aligned to a whole reference second, then read back and verified.
    func setClock(_ plan: ClockWritePlan) throws -> ClockWriteResult
    /// Checks a seed burn against this token and says what it would send; the config's time comes
    /// from the reference clock.
    func planBurn(_ request: BurnRequest, reference: ReferenceClock) throws -> ClockWritePlan
    /// Security checks that read, plus the writes the request allows.
    func audit(_ request: AuditRequest) throws -> TokenAudit
    /// A token with profiles: deletes one profile's seed, read back (others throw `TokenCapabilityError`).
    func deleteSeed(_ request: SeedDeleteRequest) throws -> SeedDeleteResult
    /// A token with a changeable key: changes it, waits for the button, verifies the new key.
    func changeKey(_ request: KeyChangeRequest) throws -> KeyChangeResult
    /// A token with profiles: many accounts onto its free profiles in one session.
    func planAccountsBurn(_ request: AccountsBurnRequest, reference: ReferenceClock) throws -> ClockWritePlan
}

/// Who a token is, as far as it says without authentication.
public struct TokenIdentity: Sendable, Equatable {
    public var family: TokenFamily
    public var reader: String
    /// Token2's serial; nil for a family that reports none.
    public var serial: String?
    /// The model, when known (from the serial prefix for Token2).
    public var model: String?
    /// The firmware version, when the token reports one (Protectimus).
    public var firmware: String?

    public init(family: TokenFamily, reader: String, serial: String? = nil, model: String? = nil, firmware: String? = nil) {
        self.family = family
        self.reader = reader
        self.serial = serial
        self.model = model
        self.firmware = firmware
    }
}

/// What `token info` shows: who the token is, the identifying read's round trip, and the family's
/// own part, which `Reports` presents (each family's detail type has its presentation there), so
/// this type names no family.
public struct TokenDescription: Sendable {
    public var identity: TokenIdentity
    /// Round trip of the identifying read.
    public var roundTrip: Double
    public var detail: any TokenDetail

    public init(identity: TokenIdentity, roundTrip: Double, detail: any TokenDetail) {
        self.identity = identity
        self.roundTrip = roundTrip
        self.detail = detail
    }
}

/// A family's own values in a result: plain data, read without authentication or recorded by a
/// write. Presentation (JSON fields, table) belongs to `Reports`.
public protocol TokenDetail: Sendable {}

/// A TOTP account a workflow needs to read or verify a token's codes, read once per run.
public struct TokenAccount: Sendable {
    public var secret: Secret
    public var parameters: OTPParameters
    /// Whether the step was given (by flag or URI); else a token's own interval applies.
    public var periodGiven: Bool

    public init(secret: Secret, parameters: OTPParameters, periodGiven: Bool) {
        self.secret = secret
        self.parameters = parameters
        self.periodGiven = periodGiven
    }
}

/// How to measure: the Token2 meter's tick count, the Protectimus meter's account and polling.
public struct OffsetRequest {
    /// Second ticks to time after the first (Token2).
    public var fineEdges: Int
    /// The account whose codes the token shows; asked for only by families that measure from codes.
    public var account: () throws -> TokenAccount
    /// Steps each side of the host clock to search for a code.
    public var range: Int64
    /// Pause between code polls, seconds.
    public var pollInterval: Double

    public init(fineEdges: Int, account: @escaping () throws -> TokenAccount, range: Int64, pollInterval: Double) {
        self.fineEdges = fineEdges
        self.account = account
        self.range = range
        self.pollInterval = pollInterval
    }
}

/// One offset measurement of a token, ready for the history.
public struct OffsetMeasurement: Sendable {
    /// The history's name for the token: its serial, or `secret:FINGERPRINT` when it reports none.
    public var token: String
    /// `get-info-edge`, `otp-edge` or `molto2-get-info-edge`: each family has its own.
    public var method: String
    public var observation: OffsetObservation
    public var seconds: Double
    public var notes: [String]
}

/// A clock write (`sync`): the reference clock, the account when given, and the settings a family
/// whose time write also carries its TOTP settings writes with it.
public struct ClockWriteRequest {
    public var reference: ReferenceClock
    public var account: TokenAccount?
    /// The TOTP settings (from the account, or the flags when none is given).
    public var parameters: OTPParameters
    public var displayTimeout: TokenConfig.DisplayTimeout
    /// A model named for a Token2 serial prefix that is not in the model table.
    public var model: String?
    /// Steps each side to search for a read-back code that is not the expected one.
    public var range: Int64
    /// Plan for a dry run: list the commands, write nothing.
    public var dryRun: Bool
    /// With a dry run: show seed ciphertext and MACs instead of masking them.
    public var showSecrets: Bool
    /// A multi-profile token: the profiles to write (nil: none named).
    public var profiles: ProfileSelection?
    /// A family whose writes need a changeable key: the key and its tries history.
    public var keyAccess: KeyAccess?

    public init(reference: ReferenceClock, account: TokenAccount?, parameters: OTPParameters,
                displayTimeout: TokenConfig.DisplayTimeout, model: String?, range: Int64, dryRun: Bool, showSecrets: Bool,
                profiles: ProfileSelection? = nil, keyAccess: KeyAccess? = nil) {
        self.profiles = profiles
        self.keyAccess = keyAccess
        self.reference = reference
        self.account = account
        self.parameters = parameters
        self.displayTimeout = displayTimeout
        self.model = model
        self.range = range
        self.dryRun = dryRun
        self.showSecrets = showSecrets
    }
}

/// A seed burn: the seed and its settings, checked against what a burnable token can do.
public struct BurnRequest {
    public var seed: Secret
    public var parameters: OTPParameters
    /// The single-profile settings (6 digits); a token with profiles checks `parameters` itself.
    public var settings: TokenSettings
    public var model: String?
    public var dryRun: Bool
    public var showSecrets: Bool
    /// A token with profiles: the profile to burn and its title; families without profiles refuse them.
    public var profile: Int?
    public var title: String?
    /// A family whose writes need a changeable key: the key and its tries history.
    public var keyAccess: KeyAccess?
    /// Read the clock back to the millisecond by timing its next tick (about a second more), or
    /// only check with one reading that the clock shows the written second (±0.5 s): a batch that
    /// measures separately, or not at all, takes the quick check.
    public var preciseReadback: Bool

    /// Refuses settings no burnable token can hold, before any token is touched. The digit count is
    /// left to the family when a profile is named (profiles show 6, 8 or 10 digits).
    public init(seed: Secret, parameters: OTPParameters, displayTimeout: TokenConfig.DisplayTimeout,
                model: String?, dryRun: Bool, showSecrets: Bool, profile: Int? = nil, title: String? = nil,
                keyAccess: KeyAccess? = nil, preciseReadback: Bool = true) throws(InputError) {
        self.seed = seed
        self.parameters = parameters
        var checked = parameters
        if profile != nil { checked.digits = 6 }
        settings = try TokenSettings(checking: checked, seed: seed, displayTimeout: displayTimeout)
        self.model = model
        self.dryRun = dryRun
        self.showSecrets = showSecrets
        self.profile = profile
        self.title = title
        self.keyAccess = keyAccess
        self.preciseReadback = preciseReadback
    }
}

/// A checked write, before it is sent: what it is, the warnings it earned, and the exact commands.
public struct ClockWritePlan {
    public var identity: TokenIdentity
    /// One line on what will be written (printed before writing, and for a dry run).
    public var summary: String?
    public var warnings: [String]
    /// The `--dry-run` listing: what was sent and what a real run would send.
    public var dryRun: [String]
    let perform: () throws -> ClockWriteResult

    init(identity: TokenIdentity, summary: String?, warnings: [String], dryRun: [String],
         perform: @escaping () throws -> ClockWriteResult) {
        self.identity = identity
        self.summary = summary
        self.warnings = warnings
        self.dryRun = dryRun
        self.perform = perform
    }
}

/// A clock write, read back: the fields every family fills, and the family's own record of the
/// write as a `TokenDetail` that `Reports` presents, so this type names no family.
public struct ClockWriteResult {
    public var identity: TokenIdentity
    public var reference: ReferenceClock
    /// Token minus reference right after the write, and its ±.
    public var offsetAfter: Double
    public var uncertainty: Double
    /// Reference time `offsetAfter` applies to.
    public var time: Double
    /// Whether the read-back shows the write took.
    public var verified: Bool
    /// What the read-back showed when it did not verify the write, and what to check.
    public var unverified: TokenAdvice
    /// The history row of this write: the token's name and the read-back method.
    public var historyToken: String
    public var historyMethod: String
    /// What was written and what the read-back showed, as the family records it.
    public var detail: any TokenDetail
    /// After a seed write: the codes the token should now show.
    public var seedCodes: SeedCodes?
}

/// Something a family cannot do, and why.
public struct TokenCapabilityError: Error, CustomStringConvertible {
    /// The part of a request that names profiles, which a family without profiles cannot use:
    /// the remedy is to leave it out (a front end names its own option for it).
    public enum ProfileRequest: Sendable, Equatable {
        /// One profile by number.
        case profile
        /// One profile or all of them.
        case profiles
        /// A profile, or the title a profile shows.
        case profileOrTitle
        /// The profile an audit may delete a seed from.
        case expendableProfile
        /// Several accounts onto free profiles.
        case accounts
    }

    public var family: TokenFamily
    public var intent: String
    public var reason: String
    /// Set when the request named profiles and the token has none.
    public var unusedProfileRequest: ProfileRequest?

    public init(family: TokenFamily, intent: String, reason: String, unusedProfileRequest: ProfileRequest? = nil) {
        self.family = family
        self.intent = intent
        self.reason = reason
        self.unusedProfileRequest = unusedProfileRequest
    }

    public var description: String {
        "the token is a \(family.displayName), which skew cannot \(intent): \(reason)"
    }

    /// A profile was named for a token that holds one account: what families without profiles
    /// throw when a request selects one, before sending anything.
    public static func noProfiles(_ family: TokenFamily, request: ProfileRequest) -> TokenCapabilityError {
        TokenCapabilityError(family: family, intent: "address a profile", reason: "it holds a single account and has no profiles", unusedProfileRequest: request)
    }
}
