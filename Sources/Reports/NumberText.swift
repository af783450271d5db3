extension String {
    /// Three decimals without Foundation's locale-dependent formatting.
    init(format3 value: Double) { self.init(value, decimals: 3) }

    /// `value` with a fixed number of decimals (0...9), rounded half away from zero, without
    /// Foundation's locale-dependent formatting.
    init(_ value: Double, decimals: Int) {
        let scale = (0..<decimals).reduce(1.0) { product, _ in product * 10 }
        guard (value * scale).magnitude < 9e18 else { self = "\(value)"; return }  // inf, nan, beyond Int64
        let scaled = Int64((value * scale).rounded())
        let unit = Int64(scale)
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        guard decimals > 0 else { self = sign + String(magnitude); return }
        let fraction = String(magnitude % UInt64(unit))
        self = "\(sign)\(magnitude / UInt64(unit))." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// "2.50004 ± 0.00016": a measurement and its uncertainty with enough decimals to show two
    /// significant digits of the uncertainty (three at least, six at most), so a sub-millisecond
    /// measurement does not print as "± 0.000".
    init(_ value: Double, plusMinus uncertainty: Double) {
        var decimals = 3
        var twoDigitsFrom = 0.01  // the smallest uncertainty that shows two digits at `decimals`
        while decimals < 6, uncertainty > 0, uncertainty < twoDigitsFrom {
            decimals += 1
            twoDigitsFrom /= 10
        }
        self = String(value, decimals: decimals) + " ± " + String(uncertainty, decimals: decimals)
    }
}
