import FoundationEssentials

/// The honour roll's display order: people by given name (the last word), then family and middle names; collectives by full name.
public enum HonourNameOrder {
    /// The text a recipient is alphabetised under: "Nguyễn Thị Thu Hằng" → "Hằng Nguyễn Thị Thu"; a collective's full name unchanged. Extra spaces collapsed.
    public static func sortName(_ honour: Honour) -> String {
        // This runs for every honour on load: splitting on scalars skips grapheme breaking, and
        // appending whole words copies bytes, where appending scalar by scalar measured slower.
        let words = honour.name.unicodeScalars.split(whereSeparator: isSpace).map(Substring.init)
        var out = ""
        out.reserveCapacity(honour.name.utf8.count)
        // Vietnamese people are known and looked up by the given name, which comes last.
        let givenFirst = honour.kind == .individual && words.count > 1
        for word in givenFirst ? [words[words.count - 1]] + words.dropLast() : words {
            if !out.isEmpty { out.append(" ") }
            out.append(contentsOf: word)
        }
        return out
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// The index letter of a recipient (of its sortName); nil as in VietnameseCollation.indexLetter.
    public static func indexLetter(_ honour: Honour) -> String? {
        VietnameseCollation.indexLetter(sortName(honour))
    }

    /// Every recipient in display order, individuals and collectives interleaved in one A–Z
    /// list: by the given name's collation key (a collective's whole name), then the family and
    /// middle names', ties by newest date first, then kind (collective first), then source path and line, so the order is total and stable.
    public static func sorted(_ honours: [Honour]) -> [Honour] {
        sortedWithKeys(honours).map { $0.honour }
    }

    /// The sort with its keys kept, so the catalog can take index letters from them without
    /// collating every name a second time. `key` is the key of the word a recipient is filed
    /// under (a person's given name, a collective's whole name).
    static func sortedWithKeys(_ honours: [Honour]) -> [(honour: Honour, key: CollationKey)] {
        // Keys are built once per honour; a comparator that built them would do it n log n times.
        // A person's given name is compared whole (letters, then its tone) before the family
        // and middle names are looked at: every Thăng comes before every Thắng, as on a printed
        // Vietnamese list, rather than the family names deciding between the two.
        let keys = honours.map { honour -> (lead: CollationKey, rest: CollationKey) in
            let words = honour.name.unicodeScalars.split(whereSeparator: isSpace).map(Substring.init)
            guard honour.kind == .individual, words.count > 1 else {
                return (VietnameseCollation.key(words.joined(separator: " ")), emptyKey)
            }
            return (VietnameseCollation.key(String(words[words.count - 1])),
                    VietnameseCollation.key(words.dropLast().joined(separator: " ")))
        }
        // The sort moves indices, not honours, which are large structs of strings.
        let order = honours.indices.sorted { i, j in
            let byGiven = CollationKey.order(keys[i].lead, keys[j].lead)
            if byGiven != 0 { return byGiven < 0 }
            let byFamily = CollationKey.order(keys[i].rest, keys[j].rest)
            if byFamily != 0 { return byFamily < 0 }
            // Asked both ways rather than with != because HonourDate's < ignores what == sees
            // (a missing month and month 0 are equal to <, not to ==).
            let dateA = honours[i].date, dateB = honours[j].date
            if dateB < dateA { return true }
            if dateA < dateB { return false }
            let kindA = honours[i].kind, kindB = honours[j].kind
            if kindA != kindB { return kindA == .collective }
            let sourceA = honours[i].source, sourceB = honours[j].source
            if sourceA.path != sourceB.path { return sourceA.path < sourceB.path }
            if sourceA.line != sourceB.line { return sourceA.line < sourceB.line }
            // Identical rows keep their input order whatever the sort algorithm does.
            return i < j
        }
        return order.map { (honour: honours[$0], key: keys[$0].lead) }
    }

    private static let emptyKey = VietnameseCollation.key("")
}
