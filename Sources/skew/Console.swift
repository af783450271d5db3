import Foundation

/// Messages for the person at the terminal go to standard error, so standard output stays clean
/// for JSON and CSV.
enum Console {
    static func warning(_ text: String) {
        FileHandle.standardError.write(Data("skew: warning: \(text)\n".utf8))
    }

    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data("skew: error: \(text)\n".utf8))
    }

    static func info(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

/// Seconds with two decimals, for messages to the person (reports keep full precision).
func formatSeconds(_ value: Double) -> String { String(format: "%.2f", value) }
