import Foundation
import OTPCore

/// The seed file formats skew reads and writes.
public enum SeedFileFormat: String, CaseIterable, Sendable {
    /// Entra ID's CSV upload (and Token2's seed files).
    case entraCSV = "entra-csv"
    /// The JSON body of Microsoft Graph's bulk create of hardware OATH tokens (written only).
    case entraJSON = "entra-json"
    /// RFC 6030, plain or encrypted.
    case pskc
    /// privacyIDEA's OATH CSV import (written only).
    case privacyIDEA = "privacyidea"
    /// `serial,secret[,account]` lines (read only).
    case list

    /// The formats `export` writes.
    public static let writable: [SeedFileFormat] = [.entraCSV, .entraJSON, .pskc, .privacyIDEA]

    /// The format of a file to read, from its content: XML is PSKC, a CSV whose header names
    /// `secret key` is Entra's, anything else a seed list.
    public static func detect(_ data: Data) -> SeedFileFormat {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
            .drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if head.hasPrefix("<") { return .pskc }
        let firstLine = head.prefix { !$0.isNewline }.lowercased()
        return firstLine.contains("secret key") ? .entraCSV : .list
    }

    /// The entries of a file in a format skew reads.
    public static func read(_ data: Data, keys: PSKCKeySource, listDefaults: SeedList.Defaults, input: String) throws(InputError) -> [SeedEntry] {
        let text = String(decoding: data, as: UTF8.self)
        let entries: [SeedEntry]
        switch detect(data) {
        case .pskc: entries = try PSKCReader.read(data, keys: keys, input: input)
        case .entraCSV: entries = try EntraCSV.read(text, input: input)
        default: entries = try SeedList.read(text, defaults: listDefaults, input: input)
        }
        guard !entries.isEmpty else {
            throw InputError(input: input, problem: "the file holds no tokens", fix: "check that this is the seed file, and that it is complete")
        }
        return entries.markingRepeats()
    }

    /// The file holding `records` in this format.
    public func write(_ records: [SeedRecord], protection: PSKCProtection) throws -> String {
        switch self {
        case .entraCSV: try EntraCSV.write(records)
        case .entraJSON: try EntraGraphJSON.write(records)
        case .pskc: try PSKCWriter.write(records, protection: protection)
        case .privacyIDEA: try PrivacyIDEACSV.write(records)
        case .list:
            throw InputError(input: "format list", problem: "skew reads seed lists but does not write them",
                             fix: "choose one of \(Self.writable.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
