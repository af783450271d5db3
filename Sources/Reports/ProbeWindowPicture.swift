import Probe

/// The acceptance window on a time axis: one cell per step offset, coloured by what the verifier
/// said (green accepted, red rejected, grey never sent), with the measured window bracketed.
enum ProbeWindowPicture {
    static func svg(_ report: ProbeReport) -> String {
        let offsets = report.attempts.map(\.offsetSteps)
        let low = min(offsets.min() ?? 0, report.behind?.boundSteps ?? report.behind?.acceptedSteps ?? 0) - 1
        let high = max(offsets.max() ?? 0, report.ahead?.boundSteps ?? report.ahead?.acceptedSteps ?? 0) + 1
        let count = Int(high - low + 1)
        let cell = max(12, min(48, 900 / max(count, 1)))
        let left = 40, top = 40, height = 34
        let width = left * 2 + cell * count
        let period = report.parameters.periodSeconds
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(top + height + 70)\" role=\"img\" aria-label=\"acceptance window\" font-family=\"sans-serif\" font-size=\"11\">")
        parts.append("<text x=\"\(left)\" y=\"18\" font-size=\"13\">Offset from the verifier's now (steps of \(period) s); green accepted, red rejected, grey not sent</text>")
        for index in 0..<count {
            let offset = low + Int64(index)
            let outcomes = report.attempts.filter { $0.offsetSteps == offset }.map(\.outcome)
            let fill = outcomes.contains(Outcome.accepted.rawValue) ? "#4caf50" : outcomes.contains(Outcome.rejected.rawValue) ? "#e57373"
                : outcomes.contains(Outcome.rateLimited.rawValue) ? "#ffb74d" : "#e0e0e0"
            let x = left + index * cell
            parts.append("<rect x=\"\(x)\" y=\"\(top)\" width=\"\(cell - 2)\" height=\"\(height)\" fill=\"\(fill)\"><title>offset \(offset): \(outcomes.isEmpty ? "not sent" : outcomes.joined(separator: ", "))</title></rect>")
            if count <= 40 || offset % 5 == 0 {
                parts.append("<text x=\"\(x + (cell - 2) / 2)\" y=\"\(top + height + 14)\" text-anchor=\"middle\">\(offset)</text>")
                parts.append("<text x=\"\(x + (cell - 2) / 2)\" y=\"\(top + height + 28)\" text-anchor=\"middle\" fill=\"#666\">\(offset * Int64(period))s</text>")
            }
        }
        if let behind = report.behind, let ahead = report.ahead {
            let start = left + Int(behind.acceptedSteps - low) * cell - 1
            let end = left + Int(ahead.acceptedSteps - low + 1) * cell - 1
            parts.append("<rect x=\"\(start)\" y=\"\(top - 4)\" width=\"\(end - start)\" height=\"\(height + 8)\" fill=\"none\" stroke=\"#1b5e20\" stroke-width=\"2\"/>")
            parts.append("<text x=\"\(start)\" y=\"\(top + height + 48)\" fill=\"#1b5e20\">window \(HTMLPage.escape(report.window))</text>")
        }
        let now = left + Int(-low) * cell + (cell - 2) / 2
        parts.append("<line x1=\"\(now)\" y1=\"\(top - 10)\" x2=\"\(now)\" y2=\"\(top + height + 2)\" stroke=\"#000\" stroke-dasharray=\"3,2\"/>")
        parts.append("<text x=\"\(now)\" y=\"\(top - 12)\" text-anchor=\"middle\">now</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
