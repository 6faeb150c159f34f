/// Line breaking with an injected measurer, so layout stays pure and testable.
public enum TextLayout {
    /// Breaks `text` at spaces into at most `maxLines` lines no wider than `width`.
    /// The last line keeps the rest of the text; the renderer cuts it with "…" if it overflows.
    public static func wrap(_ text: String, font: FontSpec, width: Double, maxLines: Int,
                            measurer: TextMeasurer) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var lines: [String] = []
        var current = ""
        var index = 0
        while index < words.count {
            let candidate = current.isEmpty ? words[index] : current + " " + words[index]
            if current.isEmpty || measurer.width(of: candidate, font: font) <= width {
                current = candidate
                index += 1
                continue
            }
            if lines.count == maxLines - 1 { break }
            lines.append(current)
            current = ""
        }
        if index < words.count { current += " " + words[index...].joined(separator: " ") }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
