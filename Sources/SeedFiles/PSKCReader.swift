import Foundation
import FoundationXML
import OTPCore

/// Reads an RFC 6030 key container, plain or encrypted (AES-CBC under a pre-shared key or a PBKDF2
/// password), checking every encrypted seed's MAC. Elements are matched by local name, so files
/// that use a default namespace or other prefixes read alike. Only TOTP keys are taken; any other
/// key becomes an entry with its problem.
public enum PSKCReader {
    public static func read(_ data: Data, keys: PSKCKeySource, input: String) throws(InputError) -> [SeedEntry] {
        // PSKC has no document type; refusing one keeps entity tricks out of the XML parser.
        guard data.range(of: Data("<!DOCTYPE".utf8)) == nil else {
            throw InputError(input: input, problem: "the file declares a document type, which PSKC files never do",
                             fix: "use the PSKC file as the vendor sent it")
        }
        // XMLDocument recovers from broken XML (a cut file would lose its last tokens without a
        // word), so the strict parser judges well-formedness first (on Linux it may report success
        // and still hold the error).
        let strict = XMLParser(data: data)
        guard strict.parse(), strict.parserError == nil else {
            throw InputError(input: input, problem: "the file is not well-formed XML",
                             fix: "check that this is the PSKC file (RFC 6030) and that it is complete")
        }
        let root: XMLElement
        do {
            guard let element = try XMLDocument(data: data, options: []).rootElement() else { throw CocoaError(.fileReadCorruptFile) }
            root = element
        } catch {
            throw InputError(input: input, problem: "the file is not well-formed XML",
                             fix: "check that this is the PSKC file (RFC 6030) and that it is complete")
        }
        guard root.localName == "KeyContainer" else {
            throw InputError(input: input, problem: "the root element is <\(root.localName ?? "")>, not <KeyContainer>",
                             fix: "check that this is a PSKC file (RFC 6030)")
        }
        let encryptionKey = try Self.encryptionKey(root, keys: keys, input: input)
        let macKey = try encryptionKey.flatMap { key throws(InputError) in try Self.macKey(root, encryptionKey: key, input: input) }
        return children(root, "KeyPackage").enumerated().map { index, package in
            let position = "KeyPackage \(index + 1)"
            let key = child(package, "Key")
            let serial = text(child(package, "DeviceInfo"), "SerialNo") ?? key?.attribute(forName: "Id")?.stringValue
            let outcome = Result { () throws(InputError) -> SeedRecord in
                try record(package, key: key, serial: serial ?? "", encryptionKey: encryptionKey, macKey: macKey, position: position)
            }
            return SeedEntry(position: position, serial: serial, outcome: outcome)
        }
    }

    private static func record(_ package: XMLElement, key: XMLElement?, serial: String, encryptionKey: [UInt8]?, macKey: [UInt8]?,
                               position: String) throws(InputError) -> SeedRecord {
        guard let key else { throw InputError(input: position, problem: "it has no <Key>", fix: "export the PSKC file again") }
        let algorithmURI = key.attribute(forName: "Algorithm")?.stringValue ?? ""
        guard algorithmURI.lowercased().hasSuffix(":totp") else {
            throw InputError(input: position, problem: "the key's algorithm is '\(algorithmURI)', not TOTP",
                             fix: "skew handles TOTP tokens (\(PSKCNames.totp))")
        }
        var parameters = OTPParameters()
        let algorithmParameters = child(key, "AlgorithmParameters")
        if let suite = text(algorithmParameters, "Suite") {
            guard let algorithm = HashAlgorithm(name: suite) else {
                throw InputError(input: "\(position) Suite", problem: "'\(suite)' is not SHA1, SHA256 or SHA512",
                                 fix: "skew computes HMAC-SHA1, -SHA256 and -SHA512 codes only")
            }
            parameters.algorithm = algorithm
        }
        if let length = child(algorithmParameters, "ResponseFormat")?.attribute(forName: "Length")?.stringValue {
            guard let digits = Int(length) else {
                throw InputError(input: "\(position) ResponseFormat", problem: "Length '\(length)' is not a number", fix: "export the file again")
            }
            parameters.digits = digits
        }
        let data = child(key, "Data")
        if let interval = try integer(child(data, "TimeInterval"), name: "TimeInterval", position: position) { parameters.period = interval }
        if let time = try integer(child(data, "Time"), name: "Time", position: position), time != 0 {
            throw InputError(input: "\(position) Time", problem: "the file starts counting at \(time), not 0",
                             fix: "skew reads TOTP keys that count from the Unix epoch (Time 0)")
        }
        let secret = try secretBytes(child(data, "Secret"), encryptionKey: encryptionKey, macKey: macKey, position: position)
        let account = text(key, "UserId") ?? text(child(package, "DeviceInfo"), "UserId")
        let device = child(package, "DeviceInfo")
        return try SeedCheck.record(serial: serial, secret: secret, parameters: parameters, account: account,
                                    manufacturer: text(device, "Manufacturer"), model: text(device, "Model"), position: position)
    }

    private static func secretBytes(_ secret: XMLElement?, encryptionKey: [UInt8]?, macKey: [UInt8]?, position: String) throws(InputError) -> [UInt8] {
        let input = "\(position) Secret"
        if let plain = text(secret, "PlainValue") { return try base64(plain, input: input) }
        guard let encrypted = child(secret, "EncryptedValue") else {
            throw InputError(input: input, problem: "the key has no seed (neither PlainValue nor EncryptedValue)", fix: "export the PSKC file again")
        }
        guard let encryptionKey, let macKey else {
            throw InputError(input: input, problem: "the seed is encrypted, but no key or password was given",
                             fix: "give the pre-shared key or the password", remedy: .presharedKeyOrPassword)
        }
        let value = try base64(text(child(encrypted, "CipherData"), "CipherValue") ?? "", input: input)
        guard let macText = text(secret, "ValueMAC") else {
            throw InputError(input: input, problem: "the encrypted seed has no ValueMAC, which RFC 6030 requires",
                             fix: "ask the vendor for a file with MACs")
        }
        guard PSKCCrypto.equal(try base64(macText, input: "\(input) ValueMAC"), PSKCCrypto.hmac(value, key: macKey, algorithm: .sha1)) else {
            throw InputError(input: input, problem: "the seed's MAC does not match, so the file was altered or the key is not the one it was made with",
                             fix: "check the key or password; if it is right, ask the vendor for the file again")
        }
        return try PSKCCrypto.decrypt(value, key: encryptionKey, input: input)
    }

    /// The key the seeds are encrypted with, from a pre-shared key or the file's PBKDF2 parameters and a password.
    private static func encryptionKey(_ root: XMLElement, keys: PSKCKeySource, input: String) throws(InputError) -> [UInt8]? {
        let declared = child(root, "EncryptionKey")
        let derivation = child(child(declared, "DerivedKey"), "KeyDerivationMethod")
        // A plain file needs no key, whatever was given.
        guard declared != nil || child(root, "MACMethod") != nil else { return nil }
        switch keys {
        case .none:
            return nil
        case .presharedKey(let key):
            guard derivation == nil else {
                throw InputError(input: input, problem: "the file's key is derived from a password, but a pre-shared key was given",
                                 fix: "give the password", remedy: .password)
            }
            return key
        case .password(let password):
            guard let derivation else {
                throw InputError(input: input, problem: "the file has no password-derived key (no DerivedKey)",
                                 fix: "give the pre-shared key", remedy: .presharedKey)
            }
            let method = derivation.attribute(forName: "Algorithm")?.stringValue ?? ""
            guard method.lowercased().hasSuffix("#pbkdf2") else {
                throw InputError(input: input, problem: "the key derivation '\(method)' is not PBKDF2", fix: "ask for a file with PBKDF2")
            }
            let parameters = child(derivation, "PBKDF2-params")
            if let prf = child(parameters, "PRF")?.attribute(forName: "Algorithm")?.stringValue, !prf.lowercased().hasSuffix("hmac-sha1") {
                throw InputError(input: input, problem: "the PBKDF2 function '\(prf)' is not HMAC-SHA1", fix: "ask for a file with PBKDF2-HMAC-SHA1")
            }
            let salt = try base64(text(child(parameters, "Salt"), "Specified") ?? "", input: "\(input) PBKDF2 salt")
            guard let iterations = text(parameters, "IterationCount").flatMap(Int.init), (1...10_000_000).contains(iterations),
                  let length = text(parameters, "KeyLength").flatMap(Int.init), [16, 24, 32].contains(length) else {
                throw InputError(input: input, problem: "the PBKDF2 iteration count or key length is missing or out of range",
                                 fix: "export the PSKC file again")
            }
            return try PSKCCrypto.pbkdf2(password: password, salt: salt, iterations: iterations, length: length)
        }
    }

    /// The MAC key, decrypted from `MACMethod/MACKey`.
    private static func macKey(_ root: XMLElement, encryptionKey: [UInt8], input: String) throws(InputError) -> [UInt8] {
        let method = child(root, "MACMethod")
        let algorithm = method?.attribute(forName: "Algorithm")?.stringValue ?? ""
        guard algorithm.lowercased().hasSuffix("#hmac-sha1") else {
            throw InputError(input: input, problem: algorithm.isEmpty ? "the file has no MACMethod" : "the MAC '\(algorithm)' is not HMAC-SHA1",
                             fix: "ask for a PSKC file with an HMAC-SHA1 MAC, as RFC 6030 requires")
        }
        let cipherValue = text(child(child(method, "MACKey"), "CipherData"), "CipherValue") ?? ""
        return try PSKCCrypto.decrypt(try base64(cipherValue, input: "\(input) MACKey"), key: encryptionKey, input: "\(input) MACKey")
    }

    private static func integer(_ element: XMLElement?, name: String, position: String) throws(InputError) -> Int? {
        guard let element else { return nil }
        guard let text = text(element, "PlainValue") else {
            throw InputError(input: "\(position) \(name)", problem: "the value is not given as a PlainValue", fix: "export the file with plain \(name)")
        }
        guard let value = Int(text) else {
            throw InputError(input: "\(position) \(name)", problem: "'\(text)' is not a whole number", fix: "export the file again")
        }
        return value
    }

    private static func base64(_ text: String, input: String) throws(InputError) -> [UInt8] {
        guard let data = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
            throw InputError(input: input, problem: "the value is not base64", fix: "export the PSKC file again; this one is altered")
        }
        return Array(data)
    }

    private static func children(_ element: XMLElement?, _ name: String) -> [XMLElement] {
        (element?.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
    }

    private static func child(_ element: XMLElement?, _ name: String) -> XMLElement? { children(element, name).first }

    private static func text(_ element: XMLElement?, _ name: String) -> String? {
        child(element, name)?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
