import OTPCore
import PCSC
import ProbeVerifiers
import QRCodes
import Reports

/// What `skew --version` prints: the tool, its source commit, and the C libraries it runs with, since
/// a pcsc-lite, libcurl, zbar or OpenSSL upgrade can change behaviour without a new skew.
enum VersionText {
    /// The tool and commit alone, which ArgumentParser needs to offer `--version` in the help.
    static let short = "skew \(ToolVersion.description)"

    static var full: String {
        """
        skew \(ToolVersion.description)
        pcsc-lite \(PCSCLiteLibrary.builtAgainst) (built against), libcurl \(CurlLibrary.version), \
        zbar \(ZbarLibrary.version), \(OpenSSLLibrary.version)
        """
    }
}
