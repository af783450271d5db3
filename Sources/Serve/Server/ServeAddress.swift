/// Where the server listens and which names a browser may use to reach it. The `Host` and `Origin`
/// checks accept only these names, so a DNS name rebound to 127.0.0.1 by a foreign page is refused.
public struct ServeAddress: Sendable, Equatable {
    /// The address bound: 127.0.0.1 unless the person asks for another (`skew serve --listen`).
    public var bindHost: String
    /// 0 asks the system for a free port.
    public var port: Int
    /// Host names besides the loopback ones that reach this server (the machine's name, when
    /// listening beyond loopback).
    public var extraHostNames: [String]

    public init(bindHost: String = "127.0.0.1", port: Int = 0, extraHostNames: [String] = []) {
        self.bindHost = bindHost
        self.port = port
        self.extraHostNames = extraHostNames
    }

    /// The `Host` values (name and port) the server accepts once it knows its port.
    func allowedAuthorities(port bound: Int) -> Set<String> {
        var names = ["127.0.0.1", "localhost", "[::1]"] + extraHostNames
        if !["0.0.0.0", "::", "127.0.0.1"].contains(bindHost) { names.append(bindHost.contains(":") ? "[\(bindHost)]" : bindHost) }
        return Set(names.map { "\($0.lowercased()):\(bound)" })
    }

    /// The host part of the printed address: the bound address, or 127.0.0.1 when listening on all.
    func printedHost() -> String {
        switch bindHost {
        case "0.0.0.0", "::": return "127.0.0.1"
        default: return bindHost.contains(":") ? "[\(bindHost)]" : bindHost
        }
    }
}
