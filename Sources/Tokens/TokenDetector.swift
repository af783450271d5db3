import TokenProtocol

/// The token families skew talks to. They share the reader and nothing else: Token2 speaks ISO
/// 7816 APDUs, Protectimus its own frames (docs/token-protocol.md §11.2). What each family is
/// before any token answers lives beside its device, in its `FamilyDriver` conformance; this is the
/// one place that lists them.
public enum TokenFamily: String, Sendable, CaseIterable, Codable {
    case token2
    case protectimus
    case molto2

    var driver: any FamilyDriver.Type {
        switch self {
        case .token2: return Token2Device.self
        case .protectimus: return ProtectimusDevice.self
        case .molto2: return Molto2Device.self
        }
    }

    /// The family's name in messages.
    public var displayName: String { driver.displayName }
    /// The vendor's name alone, for short messages.
    public var shortName: String { driver.shortName }
    /// The harmless read that recognises a token of this family.
    public var probe: CommandAPDU { driver.probe }

    /// What an audit sends after detection, for `--dry-run`.
    public func auditDryRun(allowAuthCheck: Bool, allowTimeWrite: Bool) -> String {
        driver.auditDryRun(allowAuthCheck: allowAuthCheck, allowTimeWrite: allowTimeWrite)
    }

    /// The clock write's `--dry-run` listing when it needs nothing from the token (nil when the
    /// plan depends on what the token says, as Token2's model check does).
    public func clockWriteDryRun(_ request: ClockWriteRequest, afterProbes: Bool) throws -> [String]? {
        try driver.clockWriteDryRun(request, afterProbes: afterProbes)
    }

    /// The family whose measurements or syncs the history recorded with these methods, nil when
    /// none did (a token measured by hand, with `manual`, has no family).
    public static func recorded(methods: Set<String>) -> TokenFamily? {
        allCases.first { !$0.driver.historyMethods.isDisjoint(with: methods) }
    }

    /// The model a recorded token of this family is, from its name in the history.
    public func recordedModel(token: String) -> String? { driver.recordedModel(token: token) }

    func identify(_ link: TokenLink) throws -> any TokenDevice { try driver.identify(link) }
    func foreignAnswer(_ error: any Error) -> String? { driver.foreignAnswer(error) }
}

/// What detection and the dry runs know of a family before any token answers: its names, the
/// harmless read that recognises it, how a token of another family answers that read, and the
/// plans that need nothing from the token.
protocol FamilyDriver {
    static var displayName: String { get }
    static var shortName: String { get }
    static var probe: CommandAPDU { get }
    /// Sends the probe and returns the token behind the face.
    static func identify(_ link: TokenLink) throws -> any TokenDevice
    /// What a token of another family answered to the probe, or nil when the error is not an
    /// answer at all (a failure to pass on).
    static func foreignAnswer(_ error: any Error) -> String?
    static func auditDryRun(allowAuthCheck: Bool, allowTimeWrite: Bool) -> String
    static func clockWriteDryRun(_ request: ClockWriteRequest, afterProbes: Bool) throws -> [String]?
    /// The `method` names this family's measurements and sync read-backs are recorded under in the
    /// history; no two families share one, so the history tells which family a token is.
    static var historyMethods: Set<String> { get }
    /// The model a recorded token's name (its serial) says, nil where the serial does not tell.
    static func recordedModel(token: String) -> String?
}

/// The way to a token on a reader: its transport, the reader's name for messages, the host clock
/// the workflows read and sleep on, and where progress lines for the person go.
public struct TokenLink {
    public var transport: any APDUTransport
    public var reader: String
    public var clock: any TokenClock
    public var notice: (String) -> Void

    public init(transport: any APDUTransport, reader: String, clock: any TokenClock, notice: @escaping (String) -> Void = { _ in }) {
        self.transport = transport
        self.reader = reader
        self.clock = clock
        self.notice = notice
    }
}

/// Finds out which family a token belongs to by how it answers reads, and returns it behind the
/// family-neutral face; it never sends a write. A new family is one more case in `order`.
///
/// Order: Token2's GET INFO first, then Protectimus's READ INFO, then the Molto2's GET INFO, each
/// only if the one before got no answer of its family. GET INFO is a documented harmless read on
/// Token2 tokens, which their vendor warns can be damaged by unknown commands, so a Token2 token
/// only ever sees the command it knows. To a Protectimus token GET INFO (`80 41 …`) is not even a
/// frame (its frames start with `86`), so it cannot be taken for SET TIME; the token's answer to it
/// is unknown (§12.12): an error status, no answer, a timeout or a dropped link all mean "not a
/// Token2 token" and move on. Silence can leave the link dropped or the card muted, so after it
/// the link is set up again first. A Molto2 answers the other two families' reads with an error
/// status on the device that was tested, and its own GET INFO has no body, so it comes last;
/// a reader whose name says `molto` (how the CCID driver names the real token) asks the Molto2
/// first, so that a real Molto2 never sees another family's command (§11.1.1).
public enum TokenDetector {
    public struct Unrecognized: Error, Sendable, CustomStringConvertible {
        /// What each family's probe got, in the order they were sent.
        public var answers: [(family: TokenFamily, answer: String)]

        public var description: String {
            let tried = answers.map { "a \($0.family.displayName) (\($0.family.probe.name): \($0.answer))" }
            let listed = tried.count == 2 ? "neither \(tried[0]) nor \(tried[1])" : "none of " + tried.joined(separator: ", ")
            return "the token is \(listed)"
        }
    }

    /// The order detection tries the families in on a reader of unknown name: Token2 first, for the reason above.
    public static let order: [TokenFamily] = [.token2, .protectimus, .molto2]

    /// The order on this reader: the Molto2 first when the reader's name says so.
    public static func order(reader: String) -> [TokenFamily] {
        reader.lowercased().contains("molto") ? [.molto2] + order.filter { $0 != .molto2 } : order
    }

    /// The commands detection may send, in order (for `--dry-run`); a named family sends its own only.
    public static func probes(for family: TokenFamily?) -> [CommandAPDU] {
        family.map { [$0.probe] } ?? order.map(\.probe)
    }

    /// `would send: …` lines for `--dry-run`, noting that a later probe only follows a foreign answer.
    public static func dryRunLines(for family: TokenFamily?) -> [String] {
        let probes = probes(for: family)
        return probes.enumerated().map { index, command in
            (index == 0 ? "would send: " : "then, only if that got no \(order[index - 1].shortName) answer: ") + "\(command.maskedHex)  [\(command.name)]"
        }
    }

    /// An audit's `--dry-run`: detection's probes, then what each family would be sent after it.
    public static func auditDryRunLines(for family: TokenFamily?, allowAuthCheck: Bool, allowTimeWrite: Bool) -> [String] {
        dryRunLines(for: family) + order.map {
            "then, \($0.shortName): \($0.auditDryRun(allowAuthCheck: allowAuthCheck, allowTimeWrite: allowTimeWrite))"
        }
    }

    /// The token on the link: the named family's read only, or detection in the order above. A
    /// foreign answer or none moves on to the next family (after silence, on a link set up again);
    /// other transport failures (no service, Ctrl-C) are rethrown as they are.
    public static func detect(_ link: TokenLink, family: TokenFamily? = nil) throws -> any TokenDevice {
        if let family { return try family.identify(link) }
        var answers: [(family: TokenFamily, answer: String)] = []
        let order = order(reader: link.reader)
        for (index, candidate) in order.enumerated() {
            do {
                return try candidate.identify(link)
            } catch let error as UnansweredCommand where error.isUnanswered {
                answers.append((candidate, "no answer"))
                if index < order.count - 1 { try link.transport.reconnect() }
            } catch {
                guard let answer = candidate.foreignAnswer(error) else { throw error }
                answers.append((candidate, answer))
            }
        }
        throw Unrecognized(answers: answers)
    }
}
