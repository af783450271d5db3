import Foundation
import FoundationXML
import OTPCore

/// Writes an RFC 6030 key container: one `KeyPackage` per token with its device info (manufacturer,
/// serial, model), a TOTP key with the hash as `Suite`, the code length, the seed (plain or
/// AES-128-CBC with its MAC), `Time` 0 and the period as `TimeInterval`.
///
/// The hash is written as `SHA1`, `SHA256` or `SHA512`: privacyIDEA lower-cases `Suite` and uses it
/// as its hash name, so the `HMAC-` spelling some vendors use would not import there.
public enum PSKCWriter {
    public static func write(_ records: [SeedRecord], protection: PSKCProtection) throws -> String {
        let container = element("pskc:KeyContainer", attributes: ["Version": "1.0"])
        for (prefix, uri) in [("pskc", PSKCNames.pskc), ("ds", PSKCNames.ds), ("xenc", PSKCNames.xenc),
                              ("xenc11", PSKCNames.xenc11), ("pkcs5", PSKCNames.pkcs5)] {
            container.addNamespace(XMLNode.namespace(withName: prefix, stringValue: uri) as! XMLNode)
        }
        let encryptionKey: [UInt8]?
        switch protection {
        case .none:
            encryptionKey = nil
        case .presharedKey(let key, let name):
            guard key.count == 16 else {
                throw InputError(input: "pre-shared key", problem: "the key is \(key.count) bytes, not the 16 of AES-128",
                                 fix: "give 32 hex digits")
            }
            container.addChild(element("pskc:EncryptionKey", children: [element("ds:KeyName", name)]))
            encryptionKey = key
        case .password(let password, let iterations, let name):
            let salt = try SecureRandom.bytes(16)
            let parameters = element("pkcs5:PBKDF2-params", children: [
                element("Salt", children: [element("Specified", Data(salt).base64EncodedString())]),
                element("IterationCount", String(iterations)),
                element("KeyLength", "16"),
            ])
            let method = element("xenc11:KeyDerivationMethod", attributes: ["Algorithm": PSKCNames.pbkdf2], children: [parameters])
            container.addChild(element("pskc:EncryptionKey", children: [
                element("xenc11:DerivedKey", children: [method, element("xenc11:MasterKeyName", name)]),
            ]))
            encryptionKey = try PSKCCrypto.pbkdf2(password: password, salt: salt, iterations: iterations, length: 16)
        }
        var macKey: [UInt8]?
        if let encryptionKey {
            let key = try SecureRandom.bytes(20)
            container.addChild(element("pskc:MACMethod", attributes: ["Algorithm": PSKCNames.hmacSHA1], children: [
                element("pskc:MACKey", children: cipherElements(try PSKCCrypto.encrypt(key, key: encryptionKey))),
            ]))
            macKey = key
        }
        for record in records {
            guard record.parameters.t0 == 0 else {
                throw InputError(input: "serial \(record.serial)", problem: "PSKC has no field for T0 = \(record.parameters.t0)",
                                 fix: "program the token with T0 = 0")
            }
            container.addChild(try keyPackage(record, encryptionKey: encryptionKey, macKey: macKey))
        }
        let document = XMLDocument(rootElement: container)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        return String(decoding: document.xmlData(options: [.nodePrettyPrint]), as: UTF8.self) + "\n"
    }

    private static func keyPackage(_ record: SeedRecord, encryptionKey: [UInt8]?, macKey: [UInt8]?) throws -> XMLElement {
        var device = [element("pskc:SerialNo", record.serial)]
        if let manufacturer = record.manufacturer { device.insert(element("pskc:Manufacturer", manufacturer), at: 0) }
        if let model = record.model { device.append(element("pskc:Model", model)) }
        let secret: XMLElement
        if let encryptionKey, let macKey {
            let encrypted = try PSKCCrypto.encrypt(record.secret.bytes, key: encryptionKey)
            secret = element("pskc:Secret", children: [
                element("pskc:EncryptedValue", children: cipherElements(encrypted)),
                element("pskc:ValueMAC", Data(PSKCCrypto.hmac(encrypted, key: macKey, algorithm: .sha1)).base64EncodedString()),
            ])
        } else {
            secret = element("pskc:Secret", children: [element("pskc:PlainValue", Data(record.secret.bytes).base64EncodedString())])
        }
        var key = [
            element("pskc:AlgorithmParameters", children: [
                element("pskc:Suite", record.parameters.algorithm.rawValue),
                element("pskc:ResponseFormat", attributes: ["Encoding": "DECIMAL", "Length": String(record.parameters.digits)]),
            ]),
            element("pskc:Data", children: [
                secret,
                element("pskc:Time", children: [element("pskc:PlainValue", "0")]),
                element("pskc:TimeInterval", children: [element("pskc:PlainValue", String(record.parameters.period))]),
            ]),
        ]
        if let account = record.account { key.append(element("pskc:UserId", account)) }
        return element("pskc:KeyPackage", children: [
            element("pskc:DeviceInfo", children: device),
            element("pskc:Key", attributes: ["Id": record.serial, "Algorithm": PSKCNames.totp], children: key),
        ])
    }

    /// `EncryptionMethod` and `CipherData` for an AES-128-CBC value.
    private static func cipherElements(_ ivAndCiphertext: [UInt8]) -> [XMLElement] {
        [element("xenc:EncryptionMethod", attributes: ["Algorithm": PSKCNames.aes128CBC]),
         element("xenc:CipherData", children: [element("xenc:CipherValue", Data(ivAndCiphertext).base64EncodedString())])]
    }

    private static func element(_ name: String, _ text: String? = nil, attributes: KeyValuePairs<String, String> = [:],
                                children: [XMLElement] = []) -> XMLElement {
        let element = XMLElement(name: name)
        if let text { element.stringValue = text }
        for (attribute, value) in attributes {
            element.addAttribute(XMLNode.attribute(withName: attribute, stringValue: value) as! XMLNode)
        }
        children.forEach(element.addChild)
        return element
    }
}
