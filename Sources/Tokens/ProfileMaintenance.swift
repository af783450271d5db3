import OTPCore
import TokenProtocol

/// Deleting one profile's seed (`skew token delete --profile N`).
public struct SeedDeleteRequest {
    public var profile: Int
    /// Authenticates first when given (a Molto2 may delete without it; a host authenticates anyway).
    public var keyAccess: KeyAccess?
    public var dryRun: Bool

    public init(profile: Int, keyAccess: KeyAccess?, dryRun: Bool) {
        self.profile = profile
        self.keyAccess = keyAccess
        self.dryRun = dryRun
    }
}

/// What a deletion found and left: the profile's block before and after.
public struct SeedDeleteResult: Sendable {
    public var identity: TokenIdentity
    public var profile: Int
    public var title: String
    public var seedBefore: Bool
    /// False when the token said the profile held no seed (`6A 83`).
    public var deleted: Bool
    public var seedAfter: Bool
    public var authenticated: Bool
    /// Every command, for `--dry-run` (then nothing else was sent).
    public var dryRun: [String]
}

/// Changing the key that guards a token's writes (`skew token set-key`).
public struct KeyChangeRequest {
    /// The current key and the tries history.
    public var keyAccess: KeyAccess
    public var newKey: () throws -> [UInt8]
    /// Called after the change was accepted and before the new key is tried: returns when the
    /// person has pressed the token's button (or the wait is over).
    public var waitForButton: () throws -> Void
    public var dryRun: Bool

    public init(keyAccess: KeyAccess, newKey: @escaping () throws -> [UInt8], waitForButton: @escaping () throws -> Void, dryRun: Bool) {
        self.keyAccess = keyAccess
        self.newKey = newKey
        self.waitForButton = waitForButton
        self.dryRun = dryRun
    }
}

/// A key change as sent and checked.
public struct KeyChangeResult: Sendable {
    public var identity: TokenIdentity
    /// Whether the token asked for its button (`90 60`) rather than taking the change at once.
    public var awaitedButton: Bool
    /// Whether a new session authenticated with the new key.
    public var verified: Bool
    /// The tries left a refused verification reported.
    public var triesLeft: Int?
    public var dryRun: [String]
}

extension TokenDevice {
    /// Families without profiles have no seed to delete by number.
    public func deleteSeed(_ request: SeedDeleteRequest) throws -> SeedDeleteResult {
        throw TokenCapabilityError.noProfiles(identity.family, request: .profile)
    }

    /// Families whose key is fixed cannot change it.
    public func changeKey(_ request: KeyChangeRequest) throws -> KeyChangeResult {
        throw TokenCapabilityError(family: identity.family, intent: "change the key of", reason: "its key is fixed (published by the vendor, or there is none). Fix: nothing to change on this token")
    }
}

/// Many accounts onto the free profiles of a token with profiles, in one authenticated session
/// (`skew burn --accounts FILE`: a Google Authenticator export or a PSKC file).
public struct AccountsBurnRequest {
    public struct Account: Sendable {
        public var seed: Secret
        public var parameters: OTPParameters
        /// The title the profile will show (issuer and label, shortened by the family to fit).
        public var title: String

        public init(seed: Secret, parameters: OTPParameters, title: String) {
            self.seed = seed
            self.parameters = parameters
            self.title = title
        }
    }

    public var accounts: [Account]
    public var displayTimeout: TokenConfig.DisplayTimeout
    public var keyAccess: KeyAccess?
    public var dryRun: Bool

    public init(accounts: [Account], displayTimeout: TokenConfig.DisplayTimeout, keyAccess: KeyAccess?, dryRun: Bool) {
        self.accounts = accounts
        self.displayTimeout = displayTimeout
        self.keyAccess = keyAccess
        self.dryRun = dryRun
    }
}

extension TokenDevice {
    /// Families without profiles hold one account.
    public func planAccountsBurn(_ request: AccountsBurnRequest, reference: ReferenceClock) throws -> ClockWritePlan {
        throw TokenCapabilityError.noProfiles(identity.family, request: .accounts)
    }
}
