import Foundation
import OTPCore
import TestSupport

/// The pictures made by fixtures/qr/make-fixtures.sh and the made-up secrets they hold.
enum QRFixtures {
    static let folder = Fixtures.url("qr")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let aliceBase32 = "JBSWY3DPEHPK3PXP"
    static let bankBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    static let vpnBase32 = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

    static func secret(_ base32: String) throws -> Secret { try Secret(bytes: Base32.decode(base32)) }
}
