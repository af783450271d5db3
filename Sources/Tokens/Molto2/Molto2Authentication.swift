import OTPCore
import TokenProtocol

extension Molto2Device {
    /// The run's one AUTHENTICATE, under the customer key, guarded by the tries history: refused
    /// before sending when the last count seen is at `KeyAccess.minimumTries` or fewer (unless
    /// forced); a refusal records its count and stops the run.
    func authenticate(_ access: KeyAccess) throws {
        let serial = reading.info.serial
        if !access.force, let last = try access.lastTriesLeft(serial), last <= KeyAccess.minimumTries {
            throw TriesTooLow(serial: serial, triesLeft: last)
        }
        let key = Molto2Key(customerKey: try access.key())
        switch try session.authenticate(key: key) {
        case .authenticated:
            try access.clearTries(serial)
        case .refused(let sw, let triesLeft):
            try access.recordTriesLeft(serial, triesLeft)
            throw AuthenticationRefused(serial: serial, status: StatusWord.text(sw), triesLeft: triesLeft)
        }
    }

    /// The profiles a write names, or why it names none.
    static func profiles(_ selection: ProfileSelection?, command: String) throws -> [Molto2Profile] {
        switch selection {
        case .one(let number)?:
            guard let profile = Molto2Profile(number) else {
                throw InputError(input: "profile \(number)", problem: "is not a profile number", fix: "give a profile from 0 to 99")
            }
            return [profile]
        case .all?:
            return Molto2Profile.all
        case nil:
            throw InputError(input: "profile", problem: "a Molto2 holds 100 profiles and `\(command)` writes to named ones",
                             fix: command == "sync" ? "name one profile (0–99) or all of them" : "name one profile (0–99)",
                             remedy: .chooseProfiles(all: command == "sync"))
        }
    }
}
