import Foundation
import HTTPTypes
import Hummingbird

/// The middleware every request and socket upgrade passes first: the `Host` must be one of this
/// server's names (no DNS rebinding), an `Origin`, when sent, must be this server (no cross-site
/// requests), and the access token must be presented. It also puts the security headers on every
/// answer, refusals included.
struct AccessGuard<Context: RequestContext>: RouterMiddleware {
    let token: AccessToken
    let authorities: Set<String>
    let cookieName: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            if let refusal = check(request) {
                response = refusal
            } else {
                response = try await next(request, context)
            }
        } catch let error as HTTPError {
            response = Self.refusal(error.status, error.body ?? error.status.reasonPhrase)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }

    /// A refusal, a redirect that trades the query token for the cookie, or nil to pass the request on.
    private func check(_ request: Request) -> Response? {
        guard let authority = request.head.authority?.lowercased(), authorities.contains(authority) else {
            return Self.refusal(.misdirectedRequest, "this server answers only to its own address (the Host header names another)")
        }
        if let origin = request.headers[HTTPField.Name("Origin")!], !authorities.contains(where: { "http://\($0)" == origin.lowercased() }) {
            return Self.refusal(.forbidden, "requests from other sites are refused (the Origin header names another)")
        }
        if token.matches(request.uri.queryParameters["token"]) {
            // The token leaves the address bar at once: the cookie carries it from here on.
            guard request.method == .get, request.headers[.upgrade] == nil else { return nil }
            var headers = HTTPFields()
            headers[.location] = request.uri.path
            headers[.setCookie] = "\(cookieName)=\(token.text); Path=/; HttpOnly; SameSite=Strict"
            return Response(status: .seeOther, headers: headers)
        }
        if token.matches(cookie(named: cookieName, in: request)) { return nil }
        if let bearer = request.headers[.authorization], bearer.hasPrefix("Bearer "), token.matches(bearer.dropFirst(7)) { return nil }
        return Self.refusal(.forbidden, "the access token is missing or wrong: open the address the server printed when it started")
    }

    private func cookie(named name: String, in request: Request) -> Substring? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(name + "=") { return trimmed.dropFirst(name.count + 1) }
            }
        }
        return nil
    }

    static func refusal(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "SkewKit server: \(reason)\n")))
    }
}
