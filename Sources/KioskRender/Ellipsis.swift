/// Cuts a line to a width with "…".
///
/// It cuts between Characters (grapheme clusters), so a letter never loses its diacritics, even
/// in decomposed text ("ộ" as o + U+0323 + U+0302 is one Character). The longest prefix is
/// found by binary search over the measured width, which grows with the prefix.
enum Ellipsis {
    static let mark = "…"

    /// `text` unchanged if it fits; else its longest prefix that fits with "…" appended; else
    /// "…" alone if that fits; else "" (nothing is better than something that overflows).
    static func fit(_ text: String, width: Double, measure: (String) -> Double) -> String {
        if measure(text) <= width { return text }
        let characters = Array(text)
        var low = 0, high = characters.count - 1
        var best: String?
        while low <= high {
            let mid = (low + high) / 2
            let candidate = trimmed(characters[..<mid]) + mark
            if measure(candidate) <= width {
                best = candidate
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        if let best { return best }
        return measure(mark) <= width ? mark : ""
    }

    /// The prefix without trailing spaces, so the mark follows the last word: "Liên hiệp…".
    private static func trimmed(_ prefix: ArraySlice<Character>) -> String {
        var end = prefix.endIndex
        while end > prefix.startIndex, prefix[end - 1].isWhitespace { end -= 1 }
        return String(prefix[prefix.startIndex..<end])
    }
}
