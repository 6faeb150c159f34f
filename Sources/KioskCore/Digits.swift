/// Whole numbers written with leading zeros ("%02d"), and fractions with a fixed count of
/// decimals ("%.1f"), without String(format:), which lives in Foundation proper and not in
/// FoundationEssentials (Package.swift says why the kiosk loads only the latter).
public enum Digits {
    /// `value` in decimal, zero-padded on the left to at least `width` digits ("%0*d").
    public static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let body = text.count >= width - (value < 0 ? 1 : 0) ? text : String(repeating: "0", count: width - (value < 0 ? 1 : 0) - text.count) + text
        return value < 0 ? "-" + body : body
    }

    /// `value` rounded to `decimals` places, halves away from zero ("%.*f" for the figures the
    /// kiosk writes: sizes, rates, seconds). Not for values beyond ±9.2e18 / 10^decimals.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.2e18 else { return String(value) }
        let whole = UInt64(scaled)
        let unit = UInt64(scale)
        let integer = String(whole / unit)
        let sign = value.sign == .minus ? "-" : ""   // as printf: -0.01 is "-0.0"
        guard decimals > 0 else { return sign + integer }
        let fraction = String(whole % unit)
        return sign + integer + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
