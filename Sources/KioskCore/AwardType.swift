import FoundationEssentials

/// The kind of award behind an award's full wording, for the filter chips: "Bằng khen của Chủ tịch UBND tỉnh" → "Bằng khen".
public enum AwardType {
    /// The award's type: a known Vietnamese award type it starts with (accents and case ignored), else the wording before " của ", else before the first comma.
    public static func of(_ award: String) -> String {
        let words = award.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { return "" }
        let foldedText = Array(SearchKey.fold(words.joined(separator: " ")).utf8)
        // Longest first, so a longer type that shares words with a shorter one is not cut short.
        if let known = knownTypes.first(where: { foldedText.starts(with: $0.folded) }) { return known.name }
        let folded = words.map { SearchKey.fold(String($0)) }
        // Typed data comes in NFC and NFD alike; one spelling keeps one chip per type.
        if let cua = folded.indices.dropFirst().first(where: { folded[$0] == "cua" }) {
            return UnicodeForms.composed(words[..<cua].joined(separator: " "))
        }
        let beforeComma = award.prefix { $0 != "," }
        return UnicodeForms.composed(beforeComma.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    /// Types as they are spelt on the certificates, with their folded UTF-8, longest first.
    static let knownTypes: [(name: String, folded: [UInt8])] = [
        "Huân chương", "Huy chương", "Kỷ niệm chương", "Bằng khen", "Giấy khen", "Cờ thi đua",
        "Chiến sĩ thi đua", "Danh hiệu", "Giải thưởng", "Bằng công nhận", "Giấy chứng nhận",
    ]
    .map { (name: $0, folded: Array(SearchKey.fold($0).utf8)) }
    .sorted { $0.folded.count > $1.folded.count }
}
