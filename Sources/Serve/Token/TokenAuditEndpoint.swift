import Reports
import Tokens

/// The token page's audit: `skew token audit` without its two opt-in checks, so it only reads. The
/// page never tries a key (the published-key check authenticates) or writes a time on its own; the
/// findings those checks would give are reported as not tested.
enum TokenAuditEndpoint {
    struct Request: Decodable, Sendable {
        var reader: String
    }

    static func run(_ request: Request) async throws -> TokenAuditReport {
        try await TokenDesk.withToken(on: request.reader) { token in
            TokenAuditReport(try token.audit(AuditRequest(
                allowTimeWrite: false, allowAuthCheck: false,
                reference: { throw TokenAuditReadsOnly() }, account: { throw TokenAuditReadsOnly() })).inPageWords)
        }
    }
}

/// Asked for only by a check that writes, which the page's audit never enables.
struct TokenAuditReadsOnly: Error, CustomStringConvertible {
    var description: String { "the page's audit only reads; a check that writes was asked for its inputs" }
}
