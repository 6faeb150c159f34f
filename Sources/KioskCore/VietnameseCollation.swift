import FoundationEssentials

/// Vietnamese dictionary order: letters first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then tones, then case.
public enum VietnameseCollation {
    /// The 29 letters of the Vietnamese alphabet, uppercase, in order: ["A","Ă","Â","B","C","D","Đ","E","Ê","G","H","I","K","L","M","N","O","Ô","Ơ","P","Q","R","S","T","U","Ư","V","X","Y"].
    public static let alphabet: [String] = [
        "A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "G", "H", "I", "K", "L", "M",
        "N", "O", "Ô", "Ơ", "P", "Q", "R", "S", "T", "U", "Ư", "V", "X", "Y",
    ]

    /// A key whose `<` is Vietnamese alphabetical order.
    public static func key(_ text: String) -> CollationKey {
        var builder = CollationKeyBuilder()
        builder.reserve(text.utf8.count)
        // Plain ASCII has nothing to decompose, and Foundation's normalisation is most of what
        // a key costs, so one byte scan to skip it pays.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for scalar in text.unicodeScalars { builder.add(scalar) }
        } else {
            // Decomposition makes NFC and NFD input (and any mix) look the same: a base letter
            // followed by its vowel mark and tone mark, in whatever order they arrive.
            CanonicalDecomposition.forEachScalar(of: text) { builder.add($0) }
        }
        return builder.finish()
    }

    /// The index letter `text` files under: one of `alphabet` (tone marks dropped, so "Ấn" → "Â", "đức" → "Đ"); nil when the first letter is not a Vietnamese letter (a digit, punctuation, f/j/w/z, another script).
    /// Leading spaces and punctuation are skipped as they are in `key`, so "(Anh)" files under "A", where it sorts.
    public static func indexLetter(_ text: String) -> String? {
        key(text).indexLetter
    }
}

/// A multi-level sort key: letters, then tones, then case (Vietnamese dictionary convention).
public struct CollationKey: Sendable, Hashable, Comparable {
    /// Letters, digits and word breaks; other scripts take two units (see CollationUnit.other).
    let primary: [UInt16]
    /// One tone per letter, in the order of the letters.
    let secondary: [UInt8]
    /// One case flag per letter, lowercase 0 before uppercase 1.
    let tertiary: [UInt8]

    public static func < (a: CollationKey, b: CollationKey) -> Bool {
        order(a, b) < 0
    }

    /// Three-way comparison (-1, 0, 1), so a sort with tie-breakers looks at each key once.
    static func order(_ a: CollationKey, _ b: CollationKey) -> Int {
        let p = order(a.primary, b.primary)
        if p != 0 { return p }
        let s = order(a.secondary, b.secondary)
        if s != 0 { return s }
        return order(a.tertiary, b.tertiary)
    }

    /// Lexicographic; a proper prefix sorts first.
    @inline(__always)
    private static func order<T: FixedWidthInteger>(_ a: [T], _ b: [T]) -> Int {
        let n = Swift.min(a.count, b.count)
        var i = 0
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// The alphabet letter of the first unit, so the index agrees with where the text sorts
    /// (leading punctuation is ignored by both).
    var indexLetter: String? {
        guard let first = primary.first else { return nil }
        return CollationUnit.alphabetLetter(first)
    }
}

/// The primary units: word break < digits < letters < other scripts.
enum CollationUnit {
    static let wordBreak: UInt16 = 1
    static let digitZero: UInt16 = 0x10
    static let letterBase: UInt16 = 0x20
    /// Other scripts: this plus the plane, then the low 16 bits as a second unit, so they sort
    /// after every Latin letter and among themselves by scalar value.
    static let other: UInt16 = 0x100

    // Ranks of the 33 letters: the 29 Vietnamese ones with f j w z where Latin puts them.
    static let rankBreveA: UInt8 = 1, rankCircumflexA: UInt8 = 2, rankStrokeD: UInt8 = 6
    static let rankCircumflexE: UInt8 = 8
    static let rankCircumflexO: UInt8 = 19, rankHornO: UInt8 = 20, rankHornU: UInt8 = 27

    /// Rank of ASCII a…z (index 0 = "a").
    static let latinRank: [UInt8] = [
        0, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, // a b c d e f g h i j k l m
        17, 18, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31, 32, // n o p q r s t u v w x y z
    ]

    /// Alphabet letter per rank; nil for the foreign f j w z.
    static let letterOfRank: [String?] = [
        "A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", nil, "G", "H", "I", nil, "K", "L", "M",
        "N", "O", "Ô", "Ơ", "P", "Q", "R", "S", "T", "U", "Ư", "V", nil, "X", "Y", nil,
    ]

    static func alphabetLetter(_ unit: UInt16) -> String? {
        guard unit >= letterBase, unit < letterBase + UInt16(letterOfRank.count) else { return nil }
        return letterOfRank[Int(unit - letterBase)]
    }
}

/// Builds a key scalar by scalar from decomposed text; a letter is held back until its
/// combining marks have been seen, since NFD puts the vowel mark and the tone after it.
struct CollationKeyBuilder {
    private var primary: [UInt16] = []
    private var secondary: [UInt8] = []
    private var tertiary: [UInt8] = []

    private var hasLetter = false
    private var base: UInt8 = 0            // ASCII lowercase, or 0 for đ
    private var upper = false
    private var mark: UInt32 = 0           // breve, circumflex or horn
    private var tone: UInt8 = 0
    private var wordBreakPending = false

    mutating func reserve(_ count: Int) {
        primary.reserveCapacity(count)
        secondary.reserveCapacity(count)
        tertiary.reserveCapacity(count)
    }

    mutating func add(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        switch v {
        case 0x61...0x7A:
            startLetter(base: UInt8(v), upper: false)
        case 0x41...0x5A:
            startLetter(base: UInt8(v + 0x20), upper: true)
        case 0x30...0x39:
            flushLetter()
            emitBreakIfPending()
            primary.append(CollationUnit.digitZero + UInt16(v - 0x30))
        case 0x0111:
            startLetter(base: 0, upper: false)
        case 0x0110:
            startLetter(base: 0, upper: true)
        case 0x0300...0x036F:
            combine(v)
        case 0..<0x80:
            // Whitespace, punctuation and symbols: only the existence of a break matters.
            wordBreak()
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                flushLetter()
                emitBreakIfPending()
                primary.append(CollationUnit.other + UInt16(v >> 16))
                primary.append(UInt16(truncatingIfNeeded: v))
            case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                // Marks outside the Vietnamese set (and joiners) carry nothing we order by.
                break
            default:
                wordBreak()
            }
        }
    }

    mutating func finish() -> CollationKey {
        flushLetter()
        // A pending break here is trailing punctuation, which must not make "An." sort after "An".
        return CollationKey(primary: primary, secondary: secondary, tertiary: tertiary)
    }

    private mutating func startLetter(base: UInt8, upper: Bool) {
        flushLetter()
        emitBreakIfPending()
        hasLetter = true
        self.base = base
        self.upper = upper
        mark = 0
        tone = 0
    }

    private mutating func wordBreak() {
        flushLetter()
        // Leading separators are dropped: a break needs something before it.
        if !primary.isEmpty { wordBreakPending = true }
    }

    private mutating func emitBreakIfPending() {
        if wordBreakPending {
            primary.append(CollationUnit.wordBreak)
            wordBreakPending = false
        }
    }

    private mutating func combine(_ mark: UInt32) {
        guard hasLetter else { return }
        switch mark {
        case 0x0306, 0x0302, 0x031B: self.mark = mark
        // Tones after letters: none < huyền < hỏi < ngã < sắc < nặng.
        case 0x0300: tone = 1
        case 0x0309: tone = 2
        case 0x0303: tone = 3
        case 0x0301: tone = 4
        case 0x0323: tone = 5
        default: break
        }
    }

    private mutating func flushLetter() {
        guard hasLetter else { return }
        hasLetter = false
        var rank: UInt8
        if base == 0 {
            rank = CollationUnit.rankStrokeD
        } else {
            rank = CollationUnit.latinRank[Int(base - 0x61)]
            // A vowel mark makes a new letter only on the bases that take it in Vietnamese;
            // elsewhere (ĉ, ŭ…) it is dropped like any foreign accent.
            switch (mark, base) {
            case (0x0306, 0x61): rank = CollationUnit.rankBreveA
            case (0x0302, 0x61): rank = CollationUnit.rankCircumflexA
            case (0x0302, 0x65): rank = CollationUnit.rankCircumflexE
            case (0x0302, 0x6F): rank = CollationUnit.rankCircumflexO
            case (0x031B, 0x6F): rank = CollationUnit.rankHornO
            case (0x031B, 0x75): rank = CollationUnit.rankHornU
            default: break
            }
        }
        primary.append(CollationUnit.letterBase + UInt16(rank))
        secondary.append(tone)
        tertiary.append(upper ? 1 : 0)
    }
}
