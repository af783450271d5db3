import TimeSources
import XCTest

final class SNTPPacketTests: XCTestCase {
    private func reply(leap: UInt8 = 0, mode: UInt8 = 4, stratum: UInt8 = 1, refid: String = "FAKE",
                       originate: UInt64, receive: Double, transmit: Double) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 48)
        bytes[0] = leap << 6 | 4 << 3 | mode
        bytes[1] = stratum
        for (index, byte) in refid.utf8.prefix(4).enumerated() { bytes[12 + index] = byte }
        func put(_ value: UInt64, at offset: Int) {
            for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * index)) }
        }
        put(originate, at: 24)
        put(SNTPPacket.ntpTimestamp(unix: receive), at: 32)
        put(SNTPPacket.ntpTimestamp(unix: transmit), at: 40)
        return bytes
    }

    func testRequestLayoutAndTimestampRoundTrip() {
        let (bytes, stamp) = SNTPPacket.request(transmit: 1_700_000_000.25)
        XCTAssertEqual(bytes.count, 48)
        XCTAssertEqual(bytes[0], 0x23, "LI 0, version 4, mode 3")
        XCTAssertEqual(stamp >> 32, 1_700_000_000 + 2_208_988_800)
        XCTAssertEqual(stamp & 0xFFFF_FFFF, 0x4000_0000)
        XCTAssertEqual(SNTPPacket.unixTime(ntp: stamp), 1_700_000_000.25, accuracy: 1e-9)
    }

    func testValidReplyAndOffsetArithmetic() throws {
        let (_, stamp) = SNTPPacket.request(transmit: 100)
        let packet = try SNTPPacket(reply: reply(originate: stamp, receive: 102.5, transmit: 102.6), expectedOriginate: stamp)
        XCTAssertEqual(packet.stratum, 1)
        XCTAssertEqual(packet.referenceName, "FAKE")
        // Client sent at 100, got the answer at 100.3; server received at 102.5 and answered at 102.6.
        let sample = SNTPSample(t1: 100, t2: 102.5, t3: 102.6, t4: 100.3)
        XCTAssertEqual(sample.offset, 2.4, accuracy: 1e-9)
        XCTAssertEqual(sample.delay, 0.2, accuracy: 1e-9)
    }

    func testRejectsUnsynchronisedWrongModeForeignAndShortReplies() {
        let (_, stamp) = SNTPPacket.request(transmit: 100)
        XCTAssertThrowsError(try SNTPPacket(reply: reply(leap: 3, stratum: 0, refid: "", originate: stamp, receive: 1, transmit: 1),
                                            expectedOriginate: stamp)) { error in
            XCTAssertEqual(error as? SNTPPacket.ParseError, .unsynchronised(leap: 3, stratum: 0))
        }
        XCTAssertThrowsError(try SNTPPacket(reply: reply(leap: 3, originate: stamp, receive: 1, transmit: 1), expectedOriginate: stamp))
        XCTAssertThrowsError(try SNTPPacket(reply: reply(stratum: 0, refid: "RATE", originate: stamp, receive: 1, transmit: 1),
                                            expectedOriginate: stamp)) { error in
            XCTAssertEqual(error as? SNTPPacket.ParseError, .kissOfDeath(code: "RATE"))
        }
        XCTAssertThrowsError(try SNTPPacket(reply: reply(mode: 3, originate: stamp, receive: 1, transmit: 1), expectedOriginate: stamp))
        XCTAssertThrowsError(try SNTPPacket(reply: reply(originate: stamp + 1, receive: 1, transmit: 1), expectedOriginate: stamp)) { error in
            XCTAssertEqual(error as? SNTPPacket.ParseError, .notOurRequest)
        }
        XCTAssertThrowsError(try SNTPPacket(reply: [UInt8](repeating: 0, count: 47), expectedOriginate: stamp))
    }

    func testServerParsing() throws {
        XCTAssertEqual(try SNTPClient(server: "127.0.0.1:12300").port, 12300)
        XCTAssertEqual(try SNTPClient(server: "pool.ntp.org").port, 123)
        for bad in ["", ":123", "host:0", "host:99999", "a:b:c"] {
            XCTAssertThrowsError(try SNTPClient(server: bad), bad)
        }
    }
}
