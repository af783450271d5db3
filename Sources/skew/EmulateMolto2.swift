import ArgumentParser
import Foundation
import OTPCore
import TokenEmulator
import TokenProtocol
import Tokens

/// `skew emulate --family molto2` options: the clock model, the simulated ▲ button and the tries
/// counter. The virtual Molto2 starts with the factory customer key; `skew token set-key` changes it.
struct EmulateMolto2Options: ParsableArguments {
    @Option(help: "molto2: device (one clock that every time write sets) or per-profile (GET INFO shows an RTC that no write moves; each profile keeps the time last written to it). Default device, or the state file's.")
    var clockModel: Molto2ClockModel?

    @Option(parsing: .upToNextOption,
            help: "molto2: the ▲ button after a command that waits for it: auto (pressed at once, default), deny (never pressed) or after SECONDS.")
    var button: [String] = []

    @Option(help: "molto2: authentication tries a fresh token has, 1 to 15 (default 8: a first wrong key then shows 63 C7).")
    var tries: Int?

    /// The button policy `--button` names.
    func buttonPolicy() throws(UsageError) -> ButtonPolicy {
        switch button {
        case [], ["auto"]: return .auto
        case ["deny"]: return .deny
        case let words where words.count == 2 && words[0] == "after":
            guard let seconds = Double(words[1]), seconds.isFinite, (0...3600).contains(seconds) else { break }
            return .after(seconds)
        default: break
        }
        throw UsageError(input: "--button \(button.joined(separator: " "))", problem: "is not a way to press the button",
                         fix: "use auto, deny or after SECONDS (such as after 2.5)")
    }

    /// These options belong to the Molto2 alone.
    func refuse(for family: TokenFamily) throws(UsageError) {
        guard clockModel != nil || !button.isEmpty || tries != nil else { return }
        throw UsageError(input: "--clock-model/--button/--tries", problem: "apply to --family molto2 only, not \(family.rawValue)",
                         fix: "leave them out, or add --family molto2")
    }
}

extension Molto2ClockModel: ExpressibleByArgument {}

extension EmulateCommand {
    static let molto2DefaultSerial = "826658710000001"

    /// The virtual Molto2: the state file's token if there is one (flags re-set its clock), else a
    /// fresh one with 100 empty profiles and the factory key.
    func runMolto2(options: EmulatorOptions) throws {
        if model != nil || lockout != .none || infoPreset != .tlvHypothesis || familyOptions.seedEnv != nil || familyOptions.seedFile != nil
            || familyOptions.interval != nil {
            throw UsageError(input: "--model/--lockout/--info-preset/--seed-env/--seed-file/--interval", problem: "do not apply to --family molto2",
                             fix: "leave them out: a Molto2 is programmed with `skew burn --profile N`, and --tries sets its tries counter")
        }
        if let serial, serial.count != 15 || !serial.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw UsageError(input: "--serial", problem: "'\(serial)' is not 15 digits", fix: "give a Molto2 serial such as \(Self.molto2DefaultSerial)")
        }
        if let tries = molto2Options.tries, !(1...15).contains(tries) {
            throw UsageError(input: "--tries", problem: "\(tries) is outside 1…15 (63 Cx carries the count in one hex digit)", fix: "give a count such as 8")
        }
        let button = try molto2Options.buttonPolicy()
        let now = Date().timeIntervalSince1970
        var state: VirtualMolto2State
        if let path = self.state, let saved = try EmulatorStateFile.load(path, as: VirtualMolto2State.self) {
            if let serial, serial != saved.serial {
                throw InputError(input: "--serial", problem: "the state file \(path) belongs to Molto2 \(saved.serial)", fix: "leave out --serial, or use another --state file")
            }
            state = saved
            if offset != nil || driftPpm != nil {
                let current = saved.clock.time(atHost: now) - now
                state.clock = SimulatedClock(offset: offset ?? current, driftPPM: driftPpm ?? saved.clock.driftPPM, start: now)
            }
            if let model = molto2Options.clockModel { state.clockModel = model }
        } else {
            state = VirtualMolto2State(serial: serial ?? Self.molto2DefaultSerial,
                                       clock: SimulatedClock(offset: offset ?? 0, driftPPM: driftPpm ?? 0, start: now),
                                       clockModel: molto2Options.clockModel ?? .device, maxTries: molto2Options.tries ?? 8)
        }
        let foreignAnswer = familyOptions.foreignAnswer?.quiet
        let card = VirtualMolto2(state: state, button: button, foreignAnswer: foreignAnswer)
        Console.info("emulate: virtual Token2 Molto2 \(state.serial) (\(state.clockModel.rawValue) clock, \(state.triesLeft) tries left, \(state.key.isFactory ? "factory" : "changed") customer key, button \(molto2Options.button.isEmpty ? "auto" : molto2Options.button.joined(separator: " "))), connecting to vpcd at 127.0.0.1:\(port)")
        try VirtualTokenEmulator(token: card, options: options).run()
    }
}
