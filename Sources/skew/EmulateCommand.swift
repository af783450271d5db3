import ArgumentParser
import Foundation
import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens

/// `skew emulate`: a virtual Token2 single-profile token (or, with --family, a Protectimus SLIM NFC
/// or a Token2 Molto2) on vpcd, so the whole PC/SC stack can be
/// exercised without hardware. Its behaviour choices are listed in docs/emulator.md ("Virtual token").
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run a virtual programmable token as a card in vpcd (pcscd's virtual reader) at 127.0.0.1.",
        discussion: """
            Examples:
              skew emulate --model C302-i --offset -12.5 --state token.json
              skew emulate --family protectimus --seed-file slim.b32 --port 35964
            """)

    @Option(help: "vpcd's TCP port on 127.0.0.1 (35963 is reader 'Virtual PCD 00 00').")
    var port: UInt16 = 35963

    @Option(help: "The token's serial, 8 to 16 digits (default: the --model's prefix + 0000001, or 86596220000001).")
    var serial: String?

    @Option(help: "The model from the table (miniOTP-2-i, miniOTP-3-i, miniOTP-3-i-NB, C301-i, OTPC-P1-i, OTPC-P2-i-NB, OTPC-P2-i, C302-i).")
    var model: String?

    @Option(parsing: .unconditional,
            help: "Token clock minus host clock at start, in seconds (fractional, may be negative; default 0, or the state file's clock).")
    var offset: Double?

    @Option(parsing: .unconditional, help: "Clock rate error in parts per million, positive runs fast (default 0, or the state file's).")
    var driftPpm: Double?

    @Option(help: "Keep the token's state (seed, settings, clock, lockout) in this JSON file between runs.")
    var state: String?

    @Option(help: "Wrong AUTHENTICATE answers before the key locks for good: 'none' or a number from 1.")
    var lockout = LockoutLimit.none

    @Option(help: "GET INFO header/separator bytes.")
    var infoPreset = InfoPreset.tlvHypothesis

    @Option(help: "Fault: answer N APDUs, then leave the reader.")
    var dropAfter: Int?

    @Option(help: "Fault: answer N APDUs, then close the link on the next one without answering.")
    var silentAfter: Int?

    @Option(help: "Fault: wait this many milliseconds before answering WRITE CONFIG / WRITE SEED.")
    var slowWrites: Double = 0

    @Flag(help: "Start switched off (not on the reader); SIGUSR1 toggles the power button.")
    var asleep = false

    @Option(help: "Keep trying to reach vpcd this many seconds (pcscd may still be starting).")
    var connectTimeout: Double = 5

    @OptionGroup var familyOptions: EmulateFamilyOptions
    @OptionGroup var molto2Options: EmulateMolto2Options

    func run() throws {
        var options = EmulatorOptions()
        options.port = port
        options.statePath = state
        options.dropAfter = try count(dropAfter, name: "--drop-after", minimum: 1)
        options.silentAfter = try count(silentAfter, name: "--silent-after", minimum: 0)
        guard slowWrites >= 0, slowWrites <= 60_000 else {
            throw UsageError(input: "--slow-writes", problem: "\(slowWrites) ms is outside 0…60000", fix: "give milliseconds, such as 3500")
        }
        options.slowWrites = slowWrites / 1000
        guard offset?.isFinite ?? true, abs(offset ?? 0) <= 4_000_000_000, driftPpm?.isFinite ?? true, abs(driftPpm ?? 0) <= 1_000_000 else {
            throw UsageError(input: "--offset/--drift-ppm", problem: "the value is not a finite number in range",
                             fix: "give seconds such as 2.5 or -3.2, and ppm between -1000000 and 1000000")
        }
        options.startAsleep = asleep
        guard connectTimeout >= 0, connectTimeout <= 3600 else {
            throw UsageError(input: "--connect-timeout", problem: "\(connectTimeout) s is outside 0…3600", fix: "give seconds, such as 5")
        }
        options.connectTimeout = connectTimeout
        options.logCommands = familyOptions.logApdus
        switch familyOptions.family {
        case .protectimus: return try runProtectimus(options: options)
        case .molto2: return try runMolto2(options: options)
        case .token2:
            if familyOptions.seedEnv != nil || familyOptions.seedFile != nil || familyOptions.interval != nil || familyOptions.foreignAnswer != nil {
                throw UsageError(input: "--seed-env/--seed-file/--interval/--foreign-answer", problem: "do not apply to --family token2 (a Token2 token gets seed and step by burning)",
                                 fix: "leave them out, or add --family protectimus")
            }
            try molto2Options.refuse(for: .token2)
        }
        let token = VirtualToken(state: try initialState(), retryLimit: lockout.tries, infoPreset: infoPreset)
        let state = token.state
        Console.info("emulate: virtual token \(state.serial) (\(state.model ?? "unknown model"), time sync \(state.restrictedSync ? "wipes" : "keeps") the seed), lockout \(lockout.defaultValueDescription), connecting to vpcd at 127.0.0.1:\(port)")
        try VirtualTokenEmulator(token: token, options: options).run()
    }

    /// The state file's token if there is one (flags re-set its clock), else a fresh token.
    private func initialState() throws -> VirtualTokenState {
        let now = Date().timeIntervalSince1970
        let chosenModel = try model.map { name throws(UsageError) -> TokenModel in
            guard let found = TokenModel.named(name) else {
                throw UsageError(input: "--model", problem: "'\(name)' is not in the model table",
                                 fix: "use one of " + TokenModel.all.map(\.name).joined(separator: ", "))
            }
            return found
        }
        if let serial {
            guard (8...16).contains(serial.count), serial.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw UsageError(input: "--serial", problem: "'\(serial)' is not 8 to 16 digits", fix: "give the serial printed on the token, such as 86596220000001")
            }
            if let chosenModel, !serial.hasPrefix(chosenModel.prefix) {
                throw UsageError(input: "--serial", problem: "\(serial) does not start with \(chosenModel.name)'s prefix \(chosenModel.prefix)",
                                 fix: "leave out --model (the serial's prefix decides it) or give a matching serial")
            }
        }
        if let path = state, var saved = try EmulatorStateFile.load(path, as: VirtualTokenState.self) {
            if let serial, serial != saved.serial {
                throw InputError(input: "--serial", problem: "the state file \(path) belongs to token \(saved.serial)",
                                 fix: "leave out --serial, or use another --state file")
            }
            if offset != nil || driftPpm != nil {
                let current = saved.clock.time(atHost: now) - now
                saved.clock = SimulatedClock(offset: offset ?? current, driftPPM: driftPpm ?? saved.clock.driftPPM, start: now)
            }
            return saved
        }
        let serialNumber = serial ?? (chosenModel.map { $0.prefix + "0000001" } ?? "86596220000001")
        return VirtualTokenState(serial: serialNumber, model: chosenModel ?? TokenModel.identify(serial: serialNumber),
                                 clock: SimulatedClock(offset: offset ?? 0, driftPPM: driftPpm ?? 0, start: now))
    }

    private func count(_ value: Int?, name: String, minimum: Int) throws(UsageError) -> Int? {
        guard let value else { return nil }
        guard value >= minimum else {
            throw UsageError(input: name, problem: "\(value) is below \(minimum)", fix: "give a count of APDUs of at least \(minimum)")
        }
        return value
    }
}
