/// A small SVG line-plot builder: data coordinates in, pixels out, with date and number axes.
/// Enough for the drift and probe pictures without a plotting dependency.
public struct SVGPlot {
    public let width: Double
    public let height: Double
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    private let margin = (left: 70.0, right: 20.0, top: 20.0, bottom: 40.0)
    private var elements: [String] = []

    public init(width: Double = 800, height: Double = 400, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = width
        self.height = height
        // A zero-width range would divide by zero; widen it symmetrically.
        self.xRange = xRange.upperBound > xRange.lowerBound ? xRange : (xRange.lowerBound - 1)...(xRange.upperBound + 1)
        self.yRange = yRange.upperBound > yRange.lowerBound ? yRange : (yRange.lowerBound - 1)...(yRange.upperBound + 1)
    }

    public func x(_ value: Double) -> Double {
        margin.left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (width - margin.left - margin.right)
    }

    public func y(_ value: Double) -> Double {
        height - margin.bottom - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (height - margin.top - margin.bottom)
    }

    private func number(_ value: Double) -> String { String(format3: value) }

    public mutating func band(yLow: Double, yHigh: Double, fill: String, label: String) {
        let top = y(min(max(yHigh, yRange.lowerBound), yRange.upperBound))
        let bottom = y(min(max(yLow, yRange.lowerBound), yRange.upperBound))
        elements.append("<rect x=\"\(number(margin.left))\" y=\"\(number(top))\" width=\"\(number(width - margin.left - margin.right))\" height=\"\(number(max(bottom - top, 0)))\" fill=\"\(fill)\"><title>\(HTMLPage.escape(label))</title></rect>")
    }

    public mutating func verticalBand(xLow: Double, xHigh: Double, fill: String, label: String) {
        let left = x(max(xLow, xRange.lowerBound)), right = x(min(xHigh, xRange.upperBound))
        elements.append("<rect x=\"\(number(left))\" y=\"\(number(margin.top))\" width=\"\(number(max(right - left, 0)))\" height=\"\(number(height - margin.top - margin.bottom))\" fill=\"\(fill)\"><title>\(HTMLPage.escape(label))</title></rect>")
    }

    /// A filled polygon between two curves sampled at the same x values.
    public mutating func area(xs: [Double], low: [Double], high: [Double], fill: String, label: String) {
        let upper = zip(xs, high).map { "\(number(x($0))),\(number(y($1)))" }
        let lower = zip(xs, low).reversed().map { "\(number(x($0))),\(number(y($1)))" }
        elements.append("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(fill)\"><title>\(HTMLPage.escape(label))</title></polygon>")
    }

    public mutating func line(_ points: [(Double, Double)], stroke: String, width strokeWidth: Double = 1.5, dash: String? = nil,
                              label: String) {
        let path = points.map { "\(number(x($0.0))),\(number(y($0.1)))" }.joined(separator: " ")
        let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        elements.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\"\(dashing)><title>\(HTMLPage.escape(label))</title></polyline>")
    }

    public mutating func verticalLine(at value: Double, stroke: String, dash: String? = nil, label: String) {
        guard xRange.contains(value) else { return }
        line([(value, yRange.lowerBound), (value, yRange.upperBound)], stroke: stroke, dash: dash, label: label)
        // Labels near the right edge hang to the left of their line so they stay inside the picture.
        let nearRight = x(value) > width * 0.75
        let labelX = nearRight ? x(value) - 4 : x(value) + 4
        elements.append("<text x=\"\(number(labelX))\" y=\"\(number(margin.top + 12))\" font-size=\"11\" text-anchor=\"\(nearRight ? "end" : "start")\" fill=\"\(stroke)\">\(HTMLPage.escape(label))</text>")
    }

    /// A point with a vertical error bar of ± `error`.
    public mutating func point(_ px: Double, _ py: Double, error: Double, fill: String, label: String) {
        let top = y(py + error), bottom = y(py - error)
        elements.append("<line x1=\"\(number(x(px)))\" y1=\"\(number(top))\" x2=\"\(number(x(px)))\" y2=\"\(number(bottom))\" stroke=\"\(fill)\"/>")
        elements.append("<circle cx=\"\(number(x(px)))\" cy=\"\(number(y(py)))\" r=\"3.5\" fill=\"\(fill)\"><title>\(HTMLPage.escape(label))</title></circle>")
    }

    public mutating func text(_ content: String, atX px: Double, y py: Double, fill: String = "#222") {
        elements.append("<text x=\"\(number(x(px)))\" y=\"\(number(y(py)))\" font-size=\"11\" fill=\"\(fill)\">\(HTMLPage.escape(content))</text>")
    }

    /// The finished SVG with axes: `xLabel(value)` formats x ticks (dates, steps), y ticks are numbers.
    public func render(title: String, xLabel: (Double) -> String, yUnit: String) -> String {
        var axes: [String] = []
        let left = margin.left, right = width - margin.right, top = margin.top, bottom = height - margin.bottom
        axes.append("<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(right - left))\" height=\"\(number(bottom - top))\" fill=\"none\" stroke=\"#888\"/>")
        for index in 0...4 {
            let value = xRange.lowerBound + Double(index) / 4 * (xRange.upperBound - xRange.lowerBound)
            let anchor = index == 0 ? "start" : index == 4 ? "end" : "middle"
            axes.append("<text x=\"\(number(x(value)))\" y=\"\(number(bottom + 16))\" font-size=\"11\" text-anchor=\"\(anchor)\">\(HTMLPage.escape(xLabel(value)))</text>")
            let yValue = yRange.lowerBound + Double(index) / 4 * (yRange.upperBound - yRange.lowerBound)
            axes.append("<text x=\"\(number(left - 6))\" y=\"\(number(y(yValue) + 4))\" font-size=\"11\" text-anchor=\"end\">\(HTMLPage.escape(number(yValue)))</text>")
            axes.append("<line x1=\"\(number(left))\" y1=\"\(number(y(yValue)))\" x2=\"\(number(right))\" y2=\"\(number(y(yValue)))\" stroke=\"#eee\"/>")
        }
        axes.append("<text x=\"14\" y=\"\(number((top + bottom) / 2))\" font-size=\"11\" transform=\"rotate(-90 14 \(number((top + bottom) / 2)))\" text-anchor=\"middle\">\(HTMLPage.escape(yUnit))</text>")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(HTMLPage.escape(title))\">\n"
            + (axes + elements).joined(separator: "\n") + "\n</svg>"
    }
}
