import Foundation
import OTPCore
import Probe
import ProbeVerifiers
import Reports

/// The probe page's form: the seed, the HTTP verifier and the limits, with `skew probe`'s HTTP
/// mode's defaults for whatever is left out.
public struct ProbeRequest: Decodable, Sendable {
    public var seed: SeedInput
    public var url: String
    public var method: String?
    public var body: String?
    /// `Name: value` lines.
    public var headers: [String]?
    public var accept: String?
    public var rateLimited: String?
    public var range: Int64?
    public var maxAttempts: Int?
    public var maxFailures: Int?
    public var guardSeconds: Double?
    public var timeoutSeconds: Double?
}

/// One message of the probe page's socket: `start` (the verifier and the period, once), `attempt`
/// (each code as its answer comes back), `event` (a wait, a back-off, a reset: what the probe is
/// doing between attempts), then `result` (the report `skew probe -f json` prints).
struct ProbePageMessage: Encodable, @unchecked Sendable {
    var kind: String
    var verifier: String?
    var periodSeconds: Int?
    var startedAt: Double?
    var attempt: Attempt?
    var event: String?
    var note: String?
    var time: Double?
    /// Made on the probe's thread and handed to the socket once: safe although reports are not `Sendable`.
    var result: ProbeReport?
}

/// Runs one probe for a page: the engine on a thread of its own (it sleeps through waits on the
/// real clock), its evidence streamed to the socket as it happens.
struct ProbeRun {
    let request: ProbeRequest

    func run(_ socket: LiveSocket) async throws {
        let (secret, parameters, _) = try request.seed.resolve()
        let configuration = try self.configuration(period: parameters.period)
        // Made here, so a bad URL or rule answers at once; from then on only the probe's thread uses it.
        let made = try makeVerifier()
        nonisolated(unsafe) let verifier = made.verifier
        let description = made.description
        let (stream, continuation) = AsyncStream<ProbePageMessage>.makeStream()
        continuation.yield(ProbePageMessage(kind: "start", verifier: description, periodSeconds: parameters.period,
                                            startedAt: Date().timeIntervalSince1970))
        let thread = Thread {
            let sink = StreamedEvidence(continuation)
            var engine = ProbeEngine(totp: TOTP(secret: secret, parameters: parameters), verifier: verifier, clock: SystemClock(),
                                     configuration: configuration, resetter: nil, evidence: sink)
            let result = engine.run()
            continuation.yield(ProbePageMessage(kind: "result", result: ProbeReport(
                result: result, secret: secret, parameters: parameters, configuration: configuration, verifier: description, evidenceFile: nil)))
            continuation.finish()
        }
        thread.name = "serve: probe"
        thread.start()
        for await message in stream { try await socket.send(message) }
    }

    /// The limits, checked as `skew probe` checks them (the budgets are the engine's hard limits).
    private func configuration(period: Int) throws(InputError) -> ProbeConfiguration {
        let defaults = ProbeConfiguration()
        let configuration = ProbeConfiguration(range: request.range ?? defaults.range, maxAttempts: request.maxAttempts ?? defaults.maxAttempts,
                                               maxFailures: request.maxFailures ?? defaults.maxFailures,
                                               guardSeconds: request.guardSeconds ?? defaults.guardSeconds)
        guard (1...1_000_000).contains(configuration.range) else {
            throw InputError(input: "range", problem: "\(configuration.range) steps is outside 1…1000000", fix: "give the search radius in steps, such as 10")
        }
        guard configuration.maxAttempts >= 1, configuration.maxFailures >= 1 else {
            throw InputError(input: "limits", problem: "no attempt or no rejected code is allowed", fix: "allow at least one of each (rejects below the verifier's lockout limit)")
        }
        guard configuration.guardSeconds >= 0, configuration.guardSeconds < Double(period) else {
            throw InputError(input: "guard", problem: "\(configuration.guardSeconds) s leaves no time to send in a \(period) s step", fix: "give fewer seconds than the step, such as 3")
        }
        return configuration
    }

    private func makeVerifier() throws -> (verifier: HTTPVerifier, description: String) {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw InputError(input: "verifier URL", problem: "'\(request.url)' is not an http:// or https:// URL", fix: "give the verifier's full URL")
        }
        let headers = (request.headers ?? []).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        for header in headers where !header.contains(":") {
            throw InputError(input: "header", problem: "'\(header)' has no ':'", fix: "write headers as 'Name: value'")
        }
        let timeout = request.timeoutSeconds ?? 10
        guard timeout.isFinite, (0.01...3600).contains(timeout) else {
            throw InputError(input: "timeout", problem: "\(timeout) s is outside 0.01…3600 s", fix: "give seconds in that range")
        }
        let body = request.body.flatMap { $0.isEmpty ? nil : $0 }
        let method = request.method.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let rules = AnswerRules(accept: try AcceptanceRule.parse(request.accept.flatMap { $0.isEmpty ? nil : $0 } ?? "status:200", input: "accept rule"),
                                rateLimited: try AcceptanceRule.parse(request.rateLimited.flatMap { $0.isEmpty ? nil : $0 } ?? "status:429", input: "rate-limit rule"))
        let options = HTTPVerifier.Options(url: request.url, method: method, body: body, headers: headers, cookieJar: nil,
                                           timeoutSeconds: timeout, insecure: false, caCertificate: nil, rules: rules)
        return (try HTTPVerifier(options: options), "HTTP \(method ?? (body == nil ? "GET" : "POST")) \(request.url), accept \(rules.accept)")
    }
}

/// The engine's evidence, passed to the page as it happens.
private final class StreamedEvidence: EvidenceSink {
    let continuation: AsyncStream<ProbePageMessage>.Continuation

    init(_ continuation: AsyncStream<ProbePageMessage>.Continuation) { self.continuation = continuation }

    func record(_ attempt: Attempt) { continuation.yield(ProbePageMessage(kind: "attempt", attempt: attempt)) }

    func record(event: String, note: String, at time: Double) {
        continuation.yield(ProbePageMessage(kind: "event", event: event, note: note, time: time))
    }
}
