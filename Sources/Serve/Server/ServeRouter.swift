import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import OTPCore

/// The request context of every route: sockets need the WebSocket-capable one.
public typealias ServeContext = BasicWebSocketRequestContext
/// The router pages add their endpoints to (docs/serve.md, "Adding a page").
public typealias ServeRouter = Router<ServeContext>

/// How the endpoints of a page read and write JSON: snake_case keys, as the CLI's reports.
public enum ServeJSON {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws(InputError) -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw InputError(input: "request", problem: "the page sent a message the server does not understand (\(error))",
                             fix: "reload the page")
        }
    }
}

/// What a page's script receives when an endpoint cannot answer: the input, the problem and the fix,
/// as the CLI words an `InputError`, under `error`.
public struct ServeFailure: Encodable, Sendable {
    public struct Detail: Encodable, Sendable {
        public var input: String
        public var problem: String
        public var fix: String
    }
    public var error: Detail

    public init(_ error: any Error) {
        if let input = error as? InputError {
            self.error = Detail(input: input.input, problem: input.problem, fix: input.fix)
        } else {
            self.error = Detail(input: "request", problem: String(describing: error), fix: "check the input and try again")
        }
    }
}

extension Router where Context == ServeContext {
    /// A POST endpoint that takes a JSON body and answers JSON. Secrets travel only this way (or in
    /// socket messages), never in a URL; answers are never cached (`SecurityHeaders`). A thrown error
    /// answers 400 with a `ServeFailure`.
    public func postJSON<Input: Decodable & SendableMetatype, Output: Encodable & SendableMetatype>(
        _ path: RouterPath, maxBytes: Int = 1 << 16, _ handler: @escaping @Sendable (Input) async throws -> Output
    ) {
        postBytes(path, maxBytes: maxBytes) { bytes in try await handler(ServeJSON.decode(Input.self, from: bytes)) }
    }

    /// A POST endpoint whose body is raw bytes (an uploaded image), answering JSON.
    public func postBytes<Output: Encodable & SendableMetatype>(
        _ path: RouterPath, maxBytes: Int = 1 << 16, _ handler: @escaping @Sendable ([UInt8]) async throws -> Output
    ) {
        post(path) { request, _ -> Response in
            do {
                let body = try await request.body.collect(upTo: maxBytes)
                let output = try await handler(Array(buffer: body))
                return try Self.json(.ok, output)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return try Self.json(.contentTooLarge, ServeFailure(InputError(
                    input: "upload", problem: "more than \(maxBytes) bytes were sent", fix: "send a smaller file")))
            } catch {
                return try Self.json(.badRequest, ServeFailure(error))
            }
        }
    }

    /// A socket endpoint: the page sends JSON messages, `handler` answers through `LiveSocket` for
    /// as long as the socket is open (see `LiveSocket.run`).
    public func liveSocket<Input: Decodable & Sendable>(
        _ path: RouterPath, _ handler: @escaping @Sendable (_ input: Input, _ socket: LiveSocket) async throws -> Void
    ) {
        ws(path) { inbound, outbound, _ in
            try await LiveSocket(outbound: outbound).run(inbound: inbound, handler: handler)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: try ServeJSON.encode(value))))
    }
}
