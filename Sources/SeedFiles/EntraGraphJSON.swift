import Foundation
import OTPCore

/// The body of Microsoft Graph's bulk create of `hardwareOathDevices`: a `#$delta` document with one
/// object per token, SHA-1 or SHA-256, optionally assigned to a user.
///
/// Graph assigns a token by the user's object ID (a GUID), so a record's account is sent as
/// `assignTo.id` only when it is one; a UPN leaves the token unassigned (`unassigned` names them).
public enum EntraGraphJSON {
    struct Document: Encodable {
        let context = "#$delta"
        var value: [Device]
        enum CodingKeys: String, CodingKey { case context = "@context", value }
    }

    struct Device: Encodable {
        var contentID: String
        var serialNumber: String
        var manufacturer: String
        var model: String
        var secretKey: String
        var timeIntervalInSeconds: Int
        var hashFunction: String
        var assignTo: Assignee?
        enum CodingKeys: String, CodingKey {
            case contentID = "@contentId", serialNumber, manufacturer, model, secretKey, timeIntervalInSeconds, hashFunction, assignTo
        }
    }

    struct Assignee: Encodable { var id: String }

    public static func write(_ records: [SeedRecord]) throws(InputError) -> String {
        var devices: [Device] = []
        for (index, record) in records.enumerated() {
            try EntraCSV.checkEntra(record, algorithms: [.sha1, .sha256], format: "Entra")
            devices.append(Device(contentID: String(index + 1), serialNumber: record.serial,
                                  manufacturer: record.manufacturer ?? "", model: record.model ?? "",
                                  secretKey: Base32.encode(record.secret.bytes),
                                  timeIntervalInSeconds: record.parameters.period,
                                  hashFunction: record.parameters.algorithm == .sha256 ? "hmacsha256" : "hmacsha1",
                                  assignTo: record.account.flatMap { isObjectID($0) ? Assignee(id: $0) : nil }))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(Document(value: devices))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The serials whose account is not an object ID, so Graph leaves them unassigned.
    public static func unassigned(_ records: [SeedRecord]) -> [String] {
        records.filter { record in record.account.map { !isObjectID($0) } ?? false }.map(\.serial)
    }

    static func isObjectID(_ text: String) -> Bool { UUID(uuidString: text) != nil }
}
