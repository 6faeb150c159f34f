import FoundationEssentials
import Glibc

/// One loaded honour roll, prepared for browsing: display order, index letters, folded search text, filter values.
public final class HonourCatalog: @unchecked Sendable {
    /// Every honour in display order (HonourNameOrder.sorted).
    public let honours: [Honour]
    /// The index letter of each honour, parallel to `honours`.
    public let indexLetters: [String?]
    /// The index letter's place in the alphabet, -1 for none, parallel to `honours`.
    private let letterRanks: [Int8]
    /// The award type of each honour (AwardType.of), parallel to `honours`.
    public let awardTypes: [String]
    /// The distinct years awarded, newest first.
    public let years: [Int]
    /// The distinct award types, in Vietnamese alphabetical order.
    public let allAwardTypes: [String]
    /// The newest honours (HonourOrder.newestFirst), as many as the lobby's highlights rotate:
    /// chosen once per load, so a lobby frame does not sort the roll.
    public let newest: [Honour]

    /// The folded search text of every honour back to back, each followed by a newline, so a
    /// keystroke is one byte scan over one buffer instead of String work per honour.
    private let haystack: [UInt8]
    /// Honour i's text is `haystack[haystackStarts[i]..<haystackStarts[i + 1] - 1]`.
    private let haystackStarts: [Int]
    /// How often each byte occurs in the haystack: the scan looks for a word's rarest byte, so
    /// "nguyen" stops at each "y" rather than at every "n".
    private let byteCounts: [Int]

    // Immutable after init except the memo, which the lock guards: that is what makes the
    // class safe to share between threads despite @unchecked.
    private let lock = Lock()
    private var memo: (query: HonourQuery, matches: [Int])?
    /// Each card's "kind · date · unit" line by language: formatting dates was a tenth of a
    /// scrolling frame's layout. Parallel to `honours`.
    private var cardLines: [DisplayLanguage: [String?]] = [:]

    /// Sorts `honours` into display order and prepares everything browsing asks for.
    public init(_ honours: [Honour]) {
        newest = HonourOrder.newest(HighlightsPanel.rotationSize, of: honours)
        let sorted = HonourNameOrder.sortedWithKeys(honours)
        self.honours = sorted.map { $0.honour }
        indexLetters = sorted.map { $0.key.indexLetter }
        let rankOf = Dictionary(uniqueKeysWithValues: VietnameseCollation.alphabet.enumerated().map { ($1, Int8($0)) })
        letterRanks = indexLetters.map { $0.flatMap { rankOf[$0] } ?? -1 }

        // Most of a roll shares a handful of award wordings; classify each wording once.
        var typeOfAward: [String: String] = [:]
        awardTypes = self.honours.map { honour in
            if let known = typeOfAward[honour.award] { return known }
            let type = AwardType.of(honour.award)
            typeOfAward[honour.award] = type
            return type
        }
        years = Set(self.honours.map { $0.date.year }).sorted(by: >)
        allAwardTypes = Set(awardTypes).filter { !$0.isEmpty }
            .map { (type: $0, key: VietnameseCollation.key($0)) }
            .sorted { a, b in
                let order = CollationKey.order(a.key, b.key)
                return order != 0 ? order < 0 : a.type < b.type
            }
            .map { $0.type }

        var haystack: [UInt8] = []
        var starts: [Int] = [0]
        starts.reserveCapacity(self.honours.count + 1)
        // Units, titles and award wordings repeat across a roll and folding is most of the cost
        // of loading, so each distinct one is folded once. Folding field by field gives the same
        // bytes as folding the joined text: the newline is a starter that no mark reorders across.
        var foldedField: [String: [UInt8]] = [:]
        func folded(_ field: String) -> [UInt8] {
            if let known = foldedField[field] { return known }
            let bytes = Array(SearchKey.fold(field).utf8)
            foldedField[field] = bytes
            return bytes
        }
        for honour in self.honours {
            haystack.append(contentsOf: SearchKey.fold(honour.name).utf8)
            // Newlines between fields and after each honour: a query word has no whitespace,
            // so it can never match across two fields or two honours.
            for field in [honour.unit, honour.title, honour.award] {
                haystack.append(0x0A)
                haystack.append(contentsOf: folded(field))
            }
            haystack.append(0x0A)
            starts.append(haystack.count)
        }
        var counts = [Int](repeating: 0, count: 256)
        for byte in haystack { counts[Int(byte)] += 1 }
        self.haystack = haystack
        haystackStarts = starts
        byteCounts = counts
    }

    /// Positions in `honours` that pass `query`, in display order. Memoises the last query (behind a lock) so a frame re-asking the same query costs nothing.
    public func matches(_ query: HonourQuery) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let memo, memo.query == query { return memo.matches }
        let result = search(query)
        memo = (query, result)
        return result
    }

    /// `make()` for `honours[position]` in `language`, made once per roll: the line under a
    /// card's name.
    public func cardLine(at position: Int, language: DisplayLanguage, make: () -> String) -> String {
        lock.lock()
        if let line = cardLines[language]?[position] {
            lock.unlock()
            return line
        }
        lock.unlock()
        let line = make()
        lock.lock()
        cardLines[language, default: [String?](repeating: nil, count: honours.count)][position] = line
        lock.unlock()
        return line
    }

    /// Positions of the first match under each index letter present in `matches` (letter → position in the matches array).
    /// Every frame of the list asks this, so it compares small integers rather than strings:
    /// over 10,000 matches that is microseconds, not most of a millisecond.
    public func letterStarts(in matches: [Int]) -> [String: Int] {
        var starts: [String: Int] = [:]
        var seen = [Bool](repeating: false, count: VietnameseCollation.alphabet.count)
        for (position, index) in matches.enumerated() {
            let rank = Int(letterRanks[index])
            guard rank >= 0, !seen[rank] else { continue }
            seen[rank] = true
            starts[VietnameseCollation.alphabet[rank]] = position
        }
        return starts
    }

    private func search(_ query: HonourQuery) -> [Int] {
        func passesFilters(_ i: Int) -> Bool {
            if let kind = query.kind, honours[i].kind != kind { return false }
            if let year = query.year, honours[i].date.year != year { return false }
            if let type = query.awardType, awardTypes[i] != type { return false }
            return true
        }
        // The longest word is usually the rarest, so it is the one scanned for; the others are
        // only checked inside the honours it hits.
        let words = query.foldedWords.sorted { $0.count > $1.count }.map { Needle($0, byteCounts: byteCounts) }
        guard let first = words.first else { return honours.indices.filter(passesFilters) }
        let others = words.dropFirst()
        var result: [Int] = []
        haystack.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var honour = 0
            var from = 0
            while let at = first.find(in: base, from: from, to: buffer.count) {
                while haystackStarts[honour + 1] <= at { honour += 1 }
                let start = haystackStarts[honour], end = haystackStarts[honour + 1] - 1
                if passesFilters(honour), others.allSatisfy({ $0.find(in: base, from: start, to: end) != nil }) {
                    result.append(honour)
                }
                // One hit is enough: go on from the next honour.
                from = end + 1
            }
        }
        return result
    }
}

/// A query word ready for scanning: its bytes and which of them is rarest in the haystack.
private struct Needle {
    let bytes: [UInt8]
    let rare: Int

    init(_ bytes: [UInt8], byteCounts: [Int]) {
        self.bytes = bytes
        rare = bytes.indices.min { byteCounts[Int(bytes[$0])] < byteCounts[Int(bytes[$1])] } ?? 0
    }

    /// Where the word first occurs wholly inside `from..<to` of `base`: memchr finds each
    /// candidate rare byte at machine speed, memcmp checks the whole word around it.
    func find(in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = bytes.count
        guard n > 0 else { return from }
        let rareByte = Int32(bytes[rare])
        return bytes.withUnsafeBufferPointer { needle in
            // The rare byte of a match that fits lies in from + rare ... to - n + rare.
            var p = from + rare
            let last = to - n + rare
            while p <= last {
                guard let hit = memchr(base + p, rareByte, last - p + 1) else { return nil }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(base + (at - rare), needle.baseAddress!, n) == 0 { return at - rare }
                p = at + 1
            }
            return nil
        }
    }
}

/// What the visitor has narrowed the honour roll to.
public struct HonourQuery: Sendable, Hashable {
    /// The search box as typed; folded when searching, so accents and case do not matter.
    public var search: String = ""
    /// Only individuals or only collectives; nil for both.
    public var kind: HonourKind? = nil
    /// Only honours awarded in this year.
    public var year: Int? = nil
    /// Only honours of this award type (one of HonourCatalog.allAwardTypes).
    public var awardType: String? = nil

    /// A query; each part left at its default narrows nothing.
    public init(search: String = "", kind: HonourKind? = nil, year: Int? = nil, awardType: String? = nil) {
        self.search = search; self.kind = kind; self.year = year; self.awardType = awardType
    }

    /// True when nothing narrows the roll: no search words and no filter.
    public var isEmpty: Bool {
        kind == nil && year == nil && awardType == nil && search.allSatisfy { $0.isWhitespace }
    }

    /// The search's words, folded as the catalog's text is; each must occur, in any order.
    var foldedWords: [[UInt8]] {
        SearchKey.fold(search).split(whereSeparator: { $0.isWhitespace }).map { Array($0.utf8) }
    }
}
