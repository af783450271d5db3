import Benchmarks
import XCTest

/// The statistics every bench report states, on runs whose answers are worked out by hand.
final class TimingsTests: XCTestCase {
    func testStatisticsOfOddAndEvenCounts() {
        let odd = Timings([0.3, 0.1, 0.2])
        XCTAssertEqual(odd.seconds, [0.1, 0.2, 0.3], "kept shortest first")
        XCTAssertEqual(odd.count, 3)
        XCTAssertEqual(odd.median, 0.2)
        XCTAssertEqual(odd.min, 0.1)
        XCTAssertEqual(odd.max, 0.3)
        XCTAssertEqual(odd.p90, 0.3, "rank 3·9/10 = 2 (0-based) of three")
        // Even count: the upper median, a run that happened (not the mean of the middle two).
        XCTAssertEqual(Timings([4, 1, 3, 2]).median, 3)
        let ten = Timings((1...10).map(Double.init))
        XCTAssertEqual(ten.p90, 10, "rank 10·9/10 = 9 (0-based): the tenth of ten")
        XCTAssertEqual(Timings((1...20).map(Double.init)).p90, 19)
        XCTAssertEqual(Timings((1...20).map(Double.init)).p95, 20, "rank 20·95/100 = 19 (0-based)")
        XCTAssertEqual(Timings((1...100).map(Double.init)).p95, 96, "rank 100·95/100 = 95 (0-based): five runs above it")
    }

    func testEmptyRunsGiveZeroNotATrap() {
        let none = Timings([])
        XCTAssertEqual([none.median, none.p90, none.p95, none.min, none.max], [0, 0, 0, 0, 0])
        XCTAssertEqual(none.count, 0)
    }

    func testTargetRateAndSpeedup() {
        let runs = Timings([0.5, 2, 1])
        XCTAssertTrue(runs.meets(target: 1), "the median (1 s) meets a 1 s target")
        XCTAssertFalse(runs.meets(target: 0.99), "negative control: not a 0.99 s target, though the fastest run would")
        XCTAssertEqual(runs.rate(1_000), 1_000)
        XCTAssertEqual(runs.speedup(over: 4), 4)
    }
}
