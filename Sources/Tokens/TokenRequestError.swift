/// A request a token cannot take as given, refused before anything is sent. The cases carry the
/// facts; the command line names its options and adds the fix (`Sources/skew/ExitStatus.swift`).
public enum TokenRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A Protectimus token shows six digits; the account asks for another count.
    case protectimusDigits(Int)
    /// A Protectimus SET TIME carries a 1–255 s interval and the token shows six digits.
    case protectimusSettings(digits: Int, period: Int)
    /// The account's step length disagrees with the interval the token reports.
    case periodDisagrees(given: Int, token: Int)
    /// The write is verified by reading a code back, which needs the account's secret.
    case protectimusSecretNeeded
    /// The named model is not in the model table.
    case unknownModel(name: String, known: [String])
    /// The named model contradicts the one the serial's prefix says.
    case modelContradictsSerial(serial: String, own: String, named: String)
    /// The serial's prefix is not a known model and none was named.
    case unknownPrefix(serial: String, known: [String])
    /// A time write would erase the seed and no seed was given to write again.
    case seedWouldBeErased(serial: String, model: String, knownPrefix: Bool)

    public var description: String {
        switch self {
        case .protectimusDigits(let digits):
            return "\(digits) digits, but a Protectimus token shows 6"
        case .protectimusSettings:
            return "a Protectimus token shows 6 digits and SET TIME carries a 1–255 s interval"
        case .periodDisagrees(let given, let token):
            return "\(given) s, but the token reports a \(token) s interval"
        case .protectimusSecretNeeded:
            return "a Protectimus sync is verified by reading the code back, which needs the secret"
        case .unknownModel(let name, _):
            return "'\(name)' is not in the model table"
        case .modelContradictsSerial(let serial, let own, let named):
            return "the token's serial \(serial) says it is a \(own), not a \(named)"
        case .unknownPrefix(let serial, _):
            return "serial prefix \(serial.prefix(7)) is not a known programmable model; writing to an unknown model can lock or damage it"
        case .seedWouldBeErased(let serial, let model, let knownPrefix):
            let why = knownPrefix ? "a \(model) erases its seed on every time write" : "serial prefix \(serial.prefix(7)) is unknown, so skew assumes a time write erases its seed"
            return "\(why), and a sync is a time write: the token would be left without a seed"
        }
    }
}
