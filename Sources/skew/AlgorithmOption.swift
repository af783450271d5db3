import OTPCore

/// The hash an algorithm option (`--algorithm`, `--expect-algorithm`) names, or the error every
/// command gives for one it does not know. It stays a checked string rather than an
/// `ExpressibleByArgument` type on purpose: the algorithm is part of the account, like `--digits`
/// and `--period`, and a wrong one is bad input (65) whether it comes from a flag or from an
/// otpauth URI's `algorithm=`; ArgumentParser would make the flag a usage error (64).
func hashAlgorithm(named name: String, option: String = "--algorithm",
                   allowed: [HashAlgorithm] = HashAlgorithm.allCases) throws(InputError) -> HashAlgorithm {
    guard let algorithm = HashAlgorithm(name: name), allowed.contains(algorithm) else {
        let names = allowed.map { $0.rawValue.lowercased() }
        throw InputError(input: option, problem: "'\(name)' is not a known algorithm",
                         fix: "use " + names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? ""))
    }
    return algorithm
}
