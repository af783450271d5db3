import Tokens

/// A host clock that moves only when the code under test waits, reads it, or exchanges a command:
/// `tick()` is the in-process transport's host time (a fixed time per exchange), `now()` costs a
/// microsecond (so a busy wait ends), and `sleep` moves it by the time asked.
final class FakeClock: TokenClock {
    var time: Double
    let perExchange: Double

    init(start: Double, perExchange: Double) {
        time = start
        self.perExchange = perExchange
    }

    func tick() -> Double {
        time += perExchange
        return time
    }

    func now() -> Double {
        time += 0.000_001
        return time
    }

    func monotonic() -> Double { now() }

    func sleep(_ seconds: Double) {
        if seconds > 0 { time += seconds }
    }
}
