import Foundation
import History
import OTPCore
import Reports
import Synchronization
import TokenProtocol
import Tokens

/// The token page's writes, a sync or a burn, in two steps as the issue asks: a preview, which is
/// `skew sync --dry-run` or `skew burn --dry-run` (the checks against the token and the exact
/// commands, nothing written), then a confirmation that names the preview and carries the key the
/// person typed for this one write (and, for a burn, the same seed again: the server keeps no seed
/// between the two). The write is the CLI's: one authentication, never retried, read back, and
/// recorded in the history.
enum TokenSync {
    struct PreviewRequest: Decodable, Sendable {
        var reader: String
        /// A token with profiles: the profile to write, or all of them (`--profile N`, `--all-profiles`).
        var profile: Int?
        var allProfiles: Bool?
        /// A burn: the seed to write (a sync when absent) and, for a token with profiles, its title.
        var seed: SeedInput?
        var title: String?
    }

    struct Preview: Encodable, Sendable {
        var previewId: String
        var reader: String
        var family: String
        var serial: String?
        var model: String?
        var summary: String?
        var warnings: [String]
        /// The `--dry-run` listing: what detection sent and what the write will send.
        var dryRun: [String]
        /// Whether the write authenticates with a key the person must type (a Molto2's customer key).
        var needsKey: Bool
    }

    struct ConfirmRequest: Decodable, Sendable {
        var previewId: String
        /// The customer key, typed for this write; used once, never stored or echoed.
        var key: String?
        /// A burn: the previewed seed, typed again; it must be the one previewed.
        var seed: SeedInput?
    }

    /// A preview waiting for its confirmation; taken (and so usable once) by `confirm`.
    struct Pending: Sendable {
        var request: PreviewRequest
        var family: TokenFamily
        var serial: String?
        /// A burn's seed, by its fingerprint only, and its settings.
        var seedFingerprint: String?
        var seedParameters: OTPParameters?
        var created: Double
    }

    /// A preview is good for this long: the token and its clock may have changed after that.
    static let previewLifetime = 300.0
    private static let pending = Mutex<[String: Pending]>([:])

    static func preview(_ request: PreviewRequest, history: HistoryLocation) async throws -> Preview {
        let seed = try request.seed.map { try $0.resolve() }
        let (identity, plan) = try await TokenDesk.withToken(on: request.reader) { token in
            (token.identity, try write(request, seed: seed.map { ($0.secret, $0.parameters) }, on: token, dryRun: true,
                                       key: .untilConfirmed(history: history)))
        }
        let id = UUID().uuidString.lowercased()
        let now = Date().timeIntervalSince1970
        pending.withLock { book in
            book = book.filter { now - $0.value.created < previewLifetime }
            book[id] = Pending(request: PreviewRequest(reader: request.reader, profile: request.profile, allProfiles: request.allProfiles,
                                                       seed: nil, title: request.title),
                               family: identity.family, serial: identity.serial, seedFingerprint: seed?.secret.fingerprint,
                               seedParameters: seed?.parameters, created: now)
        }
        return Preview(previewId: id, reader: request.reader, family: identity.family.rawValue, serial: identity.serial,
                       model: identity.model, summary: plan.summary, warnings: plan.warnings, dryRun: plan.dryRun,
                       needsKey: identity.family == .molto2)
    }

    static func confirm(_ request: ConfirmRequest, history: HistoryLocation) async throws -> TokenWriteReport {
        // An empty key would spend one of the token's tries on nothing.
        if request.key?.isEmpty == true {
            throw InputError(input: "customer key", problem: "no key was typed", fix: "type the token's customer key, then confirm again")
        }
        let now = Date().timeIntervalSince1970
        guard let preview = pending.withLock({ $0.removeValue(forKey: request.previewId) }),
              now - preview.created < previewLifetime else {
            throw InputError(input: "confirmation", problem: "the preview it confirms is unknown, used or older than \(Int(previewLifetime)) s",
                             fix: "ask for a new preview, read it, then confirm")
        }
        let seed = try request.seed.map { try $0.resolve() }
        guard seed?.secret.fingerprint == preview.seedFingerprint, seed?.parameters == preview.seedParameters else {
            throw InputError(input: "seed", problem: preview.seedFingerprint == nil ? "a seed came with the confirmation of a sync"
                                 : "it is not the seed (or the settings) the preview showed; nothing was written",
                             fix: "ask for a new preview with the seed to write, then confirm it")
        }
        let key = request.key.map { Array($0.utf8) }
        return try await TokenDesk.withToken(on: preview.request.reader) { token in
            guard token.identity.family == preview.family, token.identity.serial == preview.serial else {
                throw InputError(input: "token on \(preview.request.reader)",
                                 problem: "it is not the token the preview was for (\(preview.serial ?? preview.family.rawValue)); nothing was written",
                                 fix: "ask for a new preview of the token now on the reader")
            }
            // As `skew sync`: what the history cannot take for now is kept in the spool, not lost.
            let store = try history.openSpooling()
            let plan = try write(preview.request, seed: seed.map { ($0.secret, $0.parameters) }, on: token, dryRun: false,
                                 key: key.map { KeyAccess.once($0, history: store) })
            let result = try token.setClock(plan)
            let recorded = try store.record(HistoryEvent(sync: result))
            return TokenWriteReport(command: seed == nil ? "sync" : "burn", result: result, historyId: recorded.id)
        }
    }

    /// The plan `skew sync` or `skew burn` makes for these choices.
    private static func write(_ request: PreviewRequest, seed: (Secret, OTPParameters)?, on token: any TokenDevice, dryRun: Bool,
                              key: KeyAccess?) throws -> ClockWritePlan {
        guard let (secret, parameters) = seed else { return try token.planClockWrite(clockWrite(request, dryRun: dryRun, key: key)) }
        return try token.planBurn(BurnRequest(seed: secret, parameters: parameters, displayTimeout: .seconds30, model: nil, dryRun: dryRun,
                                              showSecrets: false, profile: request.profile, title: request.title, keyAccess: key),
                                  reference: hostReference)
    }

    /// The host clock, as `skew sync` and `skew burn` take it without `--ntp`.
    private static var hostReference: ReferenceClock { ReferenceClock(hostOffset: nil, clock: HostTokenClock()) }

    /// `skew sync`'s request with its defaults: the host clock as reference, no seed, 6 digits and
    /// 30 s, the display's 30 s timeout, the model from the serial.
    private static func clockWrite(_ request: PreviewRequest, dryRun: Bool, key: KeyAccess?) -> ClockWriteRequest {
        let profiles: ProfileSelection? = request.allProfiles == true ? .all : request.profile.map(ProfileSelection.one)
        return ClockWriteRequest(reference: hostReference, account: nil,
                                 parameters: OTPParameters(), displayTimeout: .seconds30, model: nil, range: 3000,
                                 dryRun: dryRun, showSecrets: false, profiles: profiles, keyAccess: key)
    }
}

extension KeyAccess {
    /// For a preview: the tries history is read (a token too close to locking is refused at the
    /// preview already), the key is not there yet; it is typed for the confirmation.
    static func untilConfirmed(history: HistoryLocation) -> KeyAccess {
        let store = { history.exists ? try history.openForReading() : nil }
        return KeyAccess(key: { throw InputError(input: "customer key", problem: "a preview sends no key", fix: "type the key when confirming the write") },
                         lastTriesLeft: { try store()?.lastTriesLeft(token: $0) }, recordTriesLeft: { _, _ in }, clearTries: { _ in }, force: false)
    }

    /// A key typed on the page for one write, with the CLI's tries history (and never `--force`).
    static func once(_ key: [UInt8], history store: any HistoryStore) -> KeyAccess {
        KeyAccess(key: { key }, lastTriesLeft: { try store.lastTriesLeft(token: $0) },
                  recordTriesLeft: { try store.recordTriesLeft(token: $0, triesLeft: $1, time: Date().timeIntervalSince1970) },
                  clearTries: { try store.clearTriesLeft(token: $0) }, force: false)
    }
}
