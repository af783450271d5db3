import Foundation
import XCTest

/// Every leaf command's `--help` ends with examples a person can paste: each example starts with
/// `skew` and that command's own path (so a renamed command cannot keep stale examples; an example
/// wider than the 80 columns the help is wrapped to breaks into a line that does not, and fails too),
/// and uses only options that command has, as `--experimental-dump-help` lists them.
final class HelpExamplesTests: XCTestCase {
    /// One leaf command: its words after `skew`, and the option spellings it accepts.
    struct Leaf {
        var path: [String]
        var options: Set<String>
    }

    /// The leaves of the command tree, from the binary's own description of itself.
    static func leaves() throws -> [Leaf] {
        let run = try SkewProcess.run(["--experimental-dump-help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let dump = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var found: [Leaf] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let children = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            guard children.isEmpty else {
                for child in children { walk(child, path + [child["commandName"] as? String ?? "?"]) }
                return
            }
            var options: Set<String> = []
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for name in argument["names"] as? [[String: Any]] ?? [] {
                    guard let text = name["name"] as? String else { continue }
                    options.insert((name["kind"] as? String == "short" ? "-" : "--") + text)
                }
            }
            found.append(Leaf(path: path, options: options))
        }
        walk(try XCTUnwrap(dump["command"] as? [String: Any]), [])
        return found
    }

    /// The lines under `Examples:` up to the next blank line.
    static func exampleLines(_ help: String) -> [String]? {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }) else { return nil }
        return Array(lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    /// Shell words, with quoted text kept as one word, so a quoted `--cmd 'oathtool --totp …'`
    /// is not read as skew's options.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == " " {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// What is wrong with `help`'s examples for `leaf`; empty when nothing is.
    static func problems(_ help: String, _ leaf: Leaf) -> [String] {
        let name = (["skew"] + leaf.path).joined(separator: " ")
        guard let lines = exampleLines(help), !lines.isEmpty else { return ["\(name): no Examples: section"] }
        var problems: [String] = [], commands: [String] = [], continued = false
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            if continued {
                commands[commands.count - 1] += " " + text
            } else if text == name || text.hasPrefix(name + " ") || text.contains("| \(name) ") || text.hasSuffix("| \(name)") {
                commands.append(text)
            } else {
                problems.append("\(name): an example that is not `\(name) …`: \(line)")
            }
            continued = text.hasSuffix("\\")
        }
        for command in commands {
            let own = command.components(separatedBy: "| ").last(where: { $0.hasPrefix(name) }) ?? command
            let ownWords = words(String(own.dropFirst(name.count))).prefix { $0 != "|" && $0 != ">" }
            for word in ownWords where word.hasPrefix("-") && word != "-" && Double(word) == nil {
                let option = String(word.split(separator: "=", maxSplits: 1)[0])
                if !leaf.options.contains(option) { problems.append("\(name): no option \(option): \(command)") }
            }
        }
        return problems
    }

    func testEveryLeafCommandsHelpHasExamplesOfItself() throws {
        let leaves = try Self.leaves()
        XCTAssertGreaterThanOrEqual(leaves.count, 30, "the command tree as the binary describes it")
        var problems: [String] = []
        for leaf in leaves {
            let run = try SkewProcess.run(leaf.path + ["--help"])
            XCTAssertEqual(run.status, 0, run.stderr)
            problems += Self.problems(run.stdout, leaf)
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    /// The checks catch what they are for: a missing section, a stale command path, a wrapped
    /// line (a line that is not a command), a misspelt option, checked on window's real help and
    /// edited copies of it.
    func testTheChecksCatchStaleExamples() throws {
        let leaf = try XCTUnwrap(try Self.leaves().first { $0.path == ["window"] })
        let help = try SkewProcess.run(["window", "--help"]).stdout
        XCTAssertEqual(Self.problems(help, leaf), [])
        XCTAssertFalse(Self.problems(help.replacingOccurrences(of: "Examples:", with: "Samples:"), leaf).isEmpty)
        XCTAssertFalse(Self.problems(help.replacingOccurrences(of: "skew window -s", with: "skew windows -s"), leaf).isEmpty)
        XCTAssertFalse(Self.problems(help.replacingOccurrences(of: "-w 3", with: "-w 3\n  --at 5"), leaf).isEmpty)
        XCTAssertFalse(Self.problems(help.replacingOccurrences(of: "--digits 8", with: "--digit 8"), leaf).isEmpty)
    }
}
