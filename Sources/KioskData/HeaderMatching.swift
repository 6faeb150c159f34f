import KioskCore

/// Matches header cells written in English or Vietnamese, ignoring case, accents and spacing.
enum HeaderMatching {
    /// The folded form of a header cell: "Họ và tên" → "hovaten", "awarded_by" → "awardedby".
    static func key(_ header: String) -> String {
        SearchKey.fold(header).filter { $0.isLetter || $0.isNumber }
    }

    /// Maps each column to the field it names; unknown columns map to nil.
    static func map<Field>(_ headers: [String], names: [Field: [String]]) -> [Field?] {
        var lookup: [String: Field] = [:]
        for (field, aliases) in names { for alias in aliases { lookup[key(alias)] = field } }
        return headers.map { lookup[key($0)] }
    }
}
