import OTPCore

/// privacyIDEA's OATH token import file: one `serial,hex seed,totp,digits,period` line per token,
/// 6 or 8 digits.
///
/// The file has no column for the hash: privacyIDEA infers it from the seed's length (28, 32, 48 and
/// 64 bytes are SHA-224, -256, -384 and -512, any other length SHA-1), so a seed whose algorithm
/// differs from that guess is refused here rather than imported with the wrong hash (PSKC names
/// it). privacyIDEA splits lines at every comma and skips lines starting with `#`, so such serials
/// are refused too.
public enum PrivacyIDEACSV {
    public static func write(_ records: [SeedRecord]) throws(InputError) -> String {
        var text = ""
        for record in records {
            guard !record.serial.hasPrefix("#"), !record.serial.contains(where: { $0 == "," || $0.isNewline }) else {
                throw InputError(input: "serial \(record.serial)", problem: "privacyIDEA's file cannot hold a serial with a comma, a line break or a leading #",
                                 fix: "write PSKC instead", remedy: .writeFormat("pskc"))
            }
            let implied = impliedAlgorithm(seedBytes: record.secret.bytes.count)
            guard implied == record.parameters.algorithm.rawValue else {
                throw InputError(input: "serial \(record.serial)",
                                 problem: "privacyIDEA reads a \(record.secret.bytes.count)-byte seed as \(implied), but the token uses \(record.parameters.algorithm.rawValue)",
                                 fix: "write PSKC, which names the algorithm, or use a \(record.parameters.algorithm == .sha1 ? 20 : record.parameters.algorithm.digestSize)-byte seed",
                                 remedy: .writeFormat("pskc"))
            }
            guard [6, 8].contains(record.parameters.digits) else {
                throw InputError(input: "serial \(record.serial)", problem: "privacyIDEA's file takes 6 or 8 digits, not \(record.parameters.digits)",
                                 fix: "program the token for 6 or 8 digits")
            }
            guard record.parameters.t0 == 0 else {
                throw InputError(input: "serial \(record.serial)", problem: "privacyIDEA's file has no field for T0 = \(record.parameters.t0)",
                                 fix: "program the token with T0 = 0")
            }
            text += [record.serial, Hex.encode(record.secret.bytes).lowercased(), "totp",
                     String(record.parameters.digits), String(record.parameters.period)].joined(separator: ",") + "\n"
        }
        return text
    }

    /// The hash privacyIDEA assumes for a seed of this many bytes.
    static func impliedAlgorithm(seedBytes: Int) -> String {
        switch seedBytes {
        case 28: "SHA224"
        case 32: "SHA256"
        case 48: "SHA384"
        case 64: "SHA512"
        default: "SHA1"
        }
    }
}
