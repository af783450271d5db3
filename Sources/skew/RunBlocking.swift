import Foundation
import Synchronization

/// Runs async work from a synchronous command (`Skew` is a `ParsableCommand`) and waits for it:
/// `skew serve` until the server stops, `skew bench serve` until its measurements end.
func runBlocking<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
    let outcome = Mutex<Result<Value, any Error>?>(nil)
    let finished = DispatchSemaphore(value: 0)
    Task {
        do {
            let value = try await work()
            outcome.withLock { $0 = .success(value) }
        } catch {
            outcome.withLock { $0 = .failure(error) }
        }
        finished.signal()
    }
    finished.wait()
    // The task always sets the outcome before signalling.
    return try outcome.withLock { $0! }.get()
}
