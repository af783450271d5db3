import Foundation

/// The width of the terminal standard output is shown on, so tables can wrap to fit it. Output to
/// a pipe or a file has no width: it is never cut or wrapped, whatever COLUMNS says.
enum TerminalWidth {
    static var ofStandardOutput: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return nil
    }
}
