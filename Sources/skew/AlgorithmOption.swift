import OTPCore

/// The hash an `--algorithm` option names, or the error every command gives for one it does not know.
func hashAlgorithm(named name: String, option: String = "--algorithm") throws(InputError) -> HashAlgorithm {
    guard let algorithm = HashAlgorithm(name: name) else {
        throw InputError(input: option, problem: "'\(name)' is not a known algorithm", fix: "use sha1, sha256 or sha512")
    }
    return algorithm
}
