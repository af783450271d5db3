/// Bad input from a person: names the input, what is wrong with it and how to fix it.
///
/// The message never includes secret material, only positions and character classes.
///
/// `fix` states the remedy in terms of the data ("read it as hexadecimal"); when the remedy is a
/// setting the caller chooses, `remedy` names it as a value, so a front end can add its own way
/// of choosing it (the CLI adds its flag) without the library knowing that front end.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A remedy that is a setting of the caller's, not a change to the data itself.
    public enum Remedy: Sendable, Equatable {
        /// Read the secret as hexadecimal instead of base32.
        case readAsHex
        /// Read the secret as base32 instead of hexadecimal.
        case readAsBase32
        /// Say whether the secret is hexadecimal (bare secrets are read as base32 otherwise).
        case chooseSecretEncoding
        /// Codes of this many digits.
        case digits(Int)
        /// Make a new random seed.
        case newSeed
        /// Give the key a seed file's seeds are encrypted with: a pre-shared key or a password.
        case presharedKeyOrPassword
        /// Give the password the seed file's key is derived from.
        case password
        /// Give the seed file's pre-shared key.
        case presharedKey
        /// Say which manufacturer and model the tokens of a list are.
        case tokenMakerAndModel
        /// Write the seeds in this seed file format instead (its raw name, such as "pskc").
        case writeFormat(String)
        /// Give the customer key that guards a token's writes.
        case customerKey
        /// Name the token profiles to write: one, or (when `all` is offered) every one.
        case chooseProfiles(all: Bool)
        /// Delete this profile's seed on purpose first, or choose a free profile.
        case freeProfile(Int)
        /// Delete profiles no longer needed, or write fewer accounts.
        case freeProfiles
        /// Check this seed file entry by entry: the front end's seed import lists each problem.
        case checkSeedFile(String)
    }

    public var input: String
    public var problem: String
    public var fix: String
    public var remedy: Remedy?

    public init(input: String, problem: String, fix: String, remedy: Remedy? = nil) {
        self.input = input
        self.problem = problem
        self.fix = fix
        self.remedy = remedy
    }

    public var description: String { "\(input): \(problem). Fix: \(fix)." }
}
