import CPCSC

/// The pcsc-lite that skew was built against. libpcsclite has no call that reports its own version,
/// so this is the header's; the Debian package pins the same upstream series at run time.
public enum PCSCLiteLibrary {
    public static let builtAgainst = PCSCLITE_VERSION_NUMBER
}
