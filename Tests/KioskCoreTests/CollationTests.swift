import Foundation
import Testing
@testable import KioskCore

private func key(_ text: String) -> CollationKey { VietnameseCollation.key(text) }

private func sortedByKey(_ texts: [String]) -> [String] {
    texts.sorted { key($0) < key($1) }
}

private func nfd(_ text: String) -> String { text.decomposedStringWithCanonicalMapping }

@Suite struct VietnameseCollationTests {
    @Test func shuffledAlphabetSortsBackIntoOrder() {
        var rng = SplitMix64(seed: 29)
        let alphabet = VietnameseCollation.alphabet
        #expect(alphabet.count == 29)
        for _ in 0..<5 {
            #expect(sortedByKey(alphabet.shuffled(using: &rng)) == alphabet)
            let lower = alphabet.map { $0.lowercased() }
            #expect(sortedByKey(lower.shuffled(using: &rng)) == lower)
            // Decomposed letters are the same letters: ă is a + breve, ơ is o + horn.
            #expect(sortedByKey(alphabet.map(nfd).shuffled(using: &rng)) == alphabet.map(nfd))
        }
    }

    /// Each list is in strictly increasing order.
    @Test(arguments: [
        ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"],
        ["Bạ", "Bă"],                                   // letters before tones
        ["Thang", "Thăng", "Thắng", "Thâng"],
        ["Thanh", "Thành", "Thánh"],
        ["Dung", "Đức", "Em"],
        ["On", "Ôn", "Ơn", "Pa"],
        ["U", "Uy", "Ư", "Ưu", "V"],
        ["an", "An", "Ăn", "ân", "Ân"],                 // case only decides among equal letters and tones
        ["An", "An Bình", "An Khang", "Anh"],           // a word ends before any letter
        ["Hội hữu nghị Việt Nam – Lào tỉnh", "Hội hữu nghị Việt Nam – Nga"],
        ["0", "1", "10", "2", "9", "A"],                // digit by digit, before letters
        ["Tổ 1", "Tổ 2", "Tổ A", "Tổ1"],
        ["Em", "Ê", "Fa", "Ga"], ["Im", "Ja", "Ka"], ["Vy", "Wa", "Xa"], ["Yến", "Zô"],
        ["Zu", "Ωmega", "Жан"],                         // other scripts after Latin, by scalar
        ["Ba ba", "Ba bà", "Bà ba"],                    // tones compared left to right
        ["Thắng Nguyễn", "Thăng Trần"],                 // letters of the whole text before any tone (a name's
                                                        // given name is keyed on its own: HonourNameOrder)
    ])
    func strictlyIncreasing(_ texts: [String]) {
        for (a, b) in zip(texts, texts.dropFirst()) {
            #expect(key(a) < key(b), "\(a) < \(b)")
            #expect(!(key(b) < key(a)), "not \(b) < \(a)")
            #expect(key(nfd(a)) < key(b), "NFD \(a) < \(b)")
        }
        var rng = SplitMix64(seed: UInt64(texts.count))
        #expect(sortedByKey(texts.shuffled(using: &rng)) == texts)
    }

    /// Each list collates as one text.
    @Test(arguments: [
        ["Thắng", nfd("Thắng"), "Tha\u{306}\u{301}ng", "Tha\u{301}\u{306}ng"],
        ["Nguyễn Thị Thu Hằng", nfd("Nguyễn Thị Thu Hằng")],
        ["Ước", "U\u{31B}o\u{31B}\u{301}c"],
        ["Ậu", "A\u{323}\u{302}u", "A\u{302}\u{323}u"],
        ["An Bình", "An  Bình", "An–Bình", " An, Bình. ", "An - Bình", "(An) Bình", "An\tBình\n"],
        ["Hội hữu nghị Việt Nam – Lào", "Hội hữu nghị Việt Nam-Lào"],
    ])
    func equalKeys(_ texts: [String]) {
        for text in texts.dropFirst() {
            #expect(key(text) == key(texts[0]), "\(text.unicodeScalars.map { String($0.value, radix: 16) }) == \(texts[0])")
        }
    }

    @Test func caseAndTonesMakeDifferentKeys() {
        #expect(key("an") != key("An"))
        #expect(key("Ba") != key("Bà"))
        #expect(key("Đức") != key("Duc"))
    }

    @Test(arguments: [
        ("Ấn", "Â"), ("đức", "Đ"), ("Ông", "Ô"), ("Ừ", "Ư"), ("ăn", "Ă"), (nfd("Ợ"), "Ơ"),
        ("Yến", "Y"), ("  lan", "L"),
        ("(Anh)", "A"),                                 // files where it sorts: leading punctuation is skipped
        ("123", nil), ("Zê", nil), ("", nil), ("Jean", nil), ("Wang", nil), ("Fa", nil),
        ("Жан", nil), ("–", nil), ("1 An", nil),
    ] as [(String, String?)])
    func indexLetter(_ text: String, _ letter: String?) {
        #expect(VietnameseCollation.indexLetter(text) == letter)
    }
}

private func person(_ name: String, _ year: Int = 2024, award: String = "Bằng khen", unit: String = "",
                    title: String = "", month: Int? = nil, path: String = "honours.csv", line: Int = 0) -> Honour {
    Honour(name: name, kind: .individual, award: award, date: HonourDate(year: year, month: month),
           title: title, unit: unit, source: SourceLocation(path: path, line: line))
}

private func group(_ name: String, _ year: Int = 2024, award: String = "Bằng khen", line: Int = 0) -> Honour {
    Honour(name: name, kind: .collective, award: award, date: HonourDate(year: year),
           source: SourceLocation(path: "honours.csv", line: line))
}

@Suite struct HonourNameOrderTests {
    @Test(arguments: [
        (person("Nguyễn Thị Thu Hằng"), "Hằng Nguyễn Thị Thu"),
        (person("  Nguyễn   Văn  Thắng "), "Thắng Nguyễn Văn"),
        (person("Hằng"), "Hằng"),
        (person(""), ""),
        (group("Báo Hòa An"), "Báo Hòa An"),
        (group("Hội hữu nghị  Việt Nam – Lào tỉnh "), "Hội hữu nghị Việt Nam – Lào tỉnh"),
    ])
    func sortName(_ honour: Honour, _ expected: String) {
        #expect(HonourNameOrder.sortName(honour) == expected)
    }

    @Test func indexLetterIsThatOfTheSortName() {
        #expect(HonourNameOrder.indexLetter(person("Nguyễn Thị Thu Hằng")) == "H")
        #expect(HonourNameOrder.indexLetter(person("Đỗ Thị Mai Anh")) == "A")
        #expect(HonourNameOrder.indexLetter(person("Lê Văn Đức")) == "Đ")
        #expect(HonourNameOrder.indexLetter(group("Đài Phát thanh – Truyền hình tỉnh")) == "Đ")
        #expect(HonourNameOrder.indexLetter(group("Ủy ban nhân dân tỉnh")) == "U")
        #expect(HonourNameOrder.indexLetter(group("19-5 Company")) == nil)
    }

    @Test func mixedRollInDisplayOrder() {
        let roll = [
            person("Lê Hoàng Thăng", line: 1), person("Trần Văn Thắng", line: 2),
            person("Nguyễn Văn Thắng", 2022, line: 3), person("Phạm Thị Lan", line: 4),
            group("Đài Phát thanh – Truyền hình tỉnh", line: 5), person("Đỗ Thị Mai Anh", line: 6),
            group("Báo Hòa An", line: 7), group("Hội hữu nghị Việt Nam – Lào tỉnh", line: 8),
            person("Nguyễn Văn Thắng", 2024, line: 9), person("Vũ Ánh", line: 10),
            person("Trần Thị Dung", line: 11), person("Lê Văn Đức", line: 12), person("Đặng Văn Em", line: 13),
            person("Nguyễn Thị Thu Hằng", line: 14), group("Hội Chữ thập đỏ tỉnh", line: 15),
            person("Trần Thị Thanh", line: 16),
        ]
        // Worked out by hand from the sort names: given names first, then family and middle names;
        // the first difference in letters anywhere decides before any tone does (so Anh Đỗ… comes
        // before Ánh Vũ: Đ < V), and the same person twice is newest first.
        let expected = [
            ("Đỗ Thị Mai Anh", 2024),                   // Anh Đỗ Thị Mai
            ("Vũ Ánh", 2024),                           // Ánh Vũ
            ("Báo Hòa An", 2024),
            ("Trần Thị Dung", 2024),                    // Dung Trần Thị
            ("Đài Phát thanh – Truyền hình tỉnh", 2024),
            ("Lê Văn Đức", 2024),                       // Đức Lê Văn: đ a < đ ư
            ("Đặng Văn Em", 2024),                      // Em Đặng Văn
            ("Nguyễn Thị Thu Hằng", 2024),              // Hằng…: h a < h o
            ("Hội Chữ thập đỏ tỉnh", 2024),             // Hội C… < Hội h…
            ("Hội hữu nghị Việt Nam – Lào tỉnh", 2024),
            ("Phạm Thị Lan", 2024),                     // Lan Phạm Thị
            ("Trần Thị Thanh", 2024),                   // Thanh: a < ă
            ("Lê Hoàng Thăng", 2024),                   // Thăng Lê: l < n
            ("Nguyễn Văn Thắng", 2024),                 // Thắng Nguyễn, newest first
            ("Nguyễn Văn Thắng", 2022),
            ("Trần Văn Thắng", 2024),                   // Thắng Trần: n < t
        ]
        var rng = SplitMix64(seed: 7)
        for input in [roll, roll.reversed(), roll.shuffled(using: &rng)] {
            let sorted = HonourNameOrder.sorted(input)
            #expect(sorted.map { $0.name } == expected.map { $0.0 })
            #expect(sorted.map { $0.date.year } == expected.map { $0.1 })
        }
    }

    /// The given name decides whole, tone included, before any family name is looked at.
    @Test func everyThangComesBeforeEveryThang() {
        let roll = [person("Lê Văn Thắng"), person("Trần Văn Thăng"), person("Âu Thị Thắm"), person("Vũ Thăng")]
        // Thắm first (m < n), then both Thăng (Trần < Vũ), then Thắng: its tone loses to Lê < Trần.
        #expect(HonourNameOrder.sorted(roll).map { $0.name } == ["Âu Thị Thắm", "Trần Văn Thăng", "Vũ Thăng", "Lê Văn Thắng"])
    }

    @Test func tiesAreBrokenByDateKindThenSource() {
        let roll = [
            person("Lan", path: "b.csv", line: 1), person("Lan", path: "a.csv", line: 9),
            person("Lan", path: "a.csv", line: 2), group("Lan", line: 5),
            person("Lan", 2024, month: 3, line: 7),     // a known month is later than a bare year
            person("lan", line: 3),                     // lowercase first
        ]
        let sorted = HonourNameOrder.sorted(roll)
        #expect(sorted.map { "\($0.name) \($0.kind == .collective ? "C" : "I") \($0.source.path):\($0.source.line)" } == [
            "lan I honours.csv:3",
            "Lan I honours.csv:7",
            "Lan C honours.csv:5",
            "Lan I a.csv:2",
            "Lan I a.csv:9",
            "Lan I b.csv:1",
        ])
    }
}

@Suite struct AwardTypeTests {
    @Test(arguments: [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen"),
        ("Giấy khen của Liên hiệp các tổ chức hữu nghị tỉnh", "Giấy khen"),
        ("Kỷ niệm chương Vì hòa bình, hữu nghị giữa các dân tộc", "Kỷ niệm chương"),
        ("Huân chương Hữu nghị", "Huân chương"),
        ("Huân chương Lao động hạng Ba", "Huân chương"),
        ("Huy chương Vì sự nghiệp đối ngoại", "Huy chương"),
        ("bang khen cua Bo truong Bo Ngoai giao", "Bằng khen"),
        ("BẰNG KHEN", "Bằng khen"),
        ("  Giấy   khen ", "Giấy khen"),
        (nfd("Bằng khen của Thủ tướng Chính phủ"), "Bằng khen"),
        ("Cờ thi đua của Chính phủ", "Cờ thi đua"),
        ("Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua"),
        ("Danh hiệu Tập thể lao động xuất sắc", "Danh hiệu"),
        ("Giải thưởng Hồ Chí Minh", "Giải thưởng"),
        ("Bằng công nhận Gia đình văn hóa", "Bằng công nhận"),
        ("Giấy chứng nhận, 2023", "Giấy chứng nhận"),
        ("Cúp Vàng của Bộ Công Thương", "Cúp Vàng"),
        (nfd("Cúp Vàng của Bộ"), "Cúp Vàng"),           // one spelling per chip
        ("Thư cảm ơn, năm 2023", "Thư cảm ơn"),
        ("Thư khen", "Thư khen"),
        ("", ""),
        ("   ", ""),
    ])
    func awardType(_ award: String, _ expected: String) {
        #expect(AwardType.of(award) == expected)
    }
}

/// A small roll for the catalog tests. Display order (by sort name):
/// Báo Hòa An, Phạm Minh Duc, Lê Văn Đức, Nguyễn Thị Thu Hằng, Hội hữu nghị…, Đỗ Văn THANG,
/// Trần Thị Thanh, Lê Hoàng Thăng, Nguyễn Văn Thắng.
private func smallCatalog() -> HonourCatalog {
    HonourCatalog([
        person("Nguyễn Văn Thắng", 2024, award: "Bằng khen của Chủ tịch UBND tỉnh", unit: "Sở Ngoại vụ"),
        person("Lê Hoàng Thăng", 2023, award: "Giấy khen của Liên hiệp các tổ chức hữu nghị tỉnh",
               unit: "Hội hữu nghị Việt Nam – Lào tỉnh"),
        person("Trần Thị Thanh", 2022, award: "Huân chương Hữu nghị", title: "Phó Chủ tịch"),
        person("Lê Văn Đức", 2024, award: "Kỷ niệm chương Vì hòa bình, hữu nghị giữa các dân tộc"),
        person("Phạm Minh Duc", 2023, award: "Giấy khen"),
        person("Nguyễn Thị Thu Hằng", 2024, award: "Bằng khen của Chủ tịch UBND tỉnh",
               unit: "Hội hữu nghị Việt Nam – Lào tỉnh"),
        group("Hội hữu nghị Việt Nam – Lào tỉnh", 2023, award: "Bằng khen của Chủ tịch UBND tỉnh"),
        group("Báo Hòa An", 2024, award: "Giấy khen"),
        person("Đỗ Văn THANG", 2022, award: "Huy chương Vì sự nghiệp đối ngoại"),
    ])
}

@Suite struct HonourCatalogTests {
    @Test func preparesOrderLettersAndFilterValues() {
        let catalog = smallCatalog()
        #expect(catalog.honours.map { $0.name } == [
            "Báo Hòa An", "Phạm Minh Duc", "Lê Văn Đức", "Nguyễn Thị Thu Hằng", "Hội hữu nghị Việt Nam – Lào tỉnh",
            "Đỗ Văn THANG", "Trần Thị Thanh", "Lê Hoàng Thăng", "Nguyễn Văn Thắng",
        ])
        #expect(catalog.indexLetters == ["B", "D", "Đ", "H", "H", "T", "T", "T", "T"])
        #expect(catalog.awardTypes == ["Giấy khen", "Giấy khen", "Kỷ niệm chương", "Bằng khen", "Bằng khen",
                                       "Huy chương", "Huân chương", "Giấy khen", "Bằng khen"])
        #expect(catalog.years == [2024, 2023, 2022])
        #expect(catalog.allAwardTypes == ["Bằng khen", "Giấy khen", "Huân chương", "Huy chương", "Kỷ niệm chương"])
    }

    @Test(arguments: [
        (HonourQuery(search: "thang"), ["Đỗ Văn THANG", "Lê Hoàng Thăng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "Thắng"), ["Đỗ Văn THANG", "Lê Hoàng Thăng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "THĂNG "), ["Đỗ Văn THANG", "Lê Hoàng Thăng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "thanh"), ["Trần Thị Thanh"]),
        (HonourQuery(search: "duc"), ["Phạm Minh Duc", "Lê Văn Đức"]),
        (HonourQuery(search: "đức"), ["Phạm Minh Duc", "Lê Văn Đức"]),
        (HonourQuery(search: "ĐỨC"), ["Phạm Minh Duc", "Lê Văn Đức"]),
        (HonourQuery(search: nfd("Đức")), ["Phạm Minh Duc", "Lê Văn Đức"]),
        (HonourQuery(search: "thu hang"), ["Nguyễn Thị Thu Hằng"]),
        // Words are substrings, not whole words: "hang" is inside "thang" too.
        (HonourQuery(search: "hang nguyen"), ["Nguyễn Thị Thu Hằng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "  nguyễn   hằng "), ["Nguyễn Thị Thu Hằng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "lào"), ["Nguyễn Thị Thu Hằng", "Hội hữu nghị Việt Nam – Lào tỉnh", "Lê Hoàng Thăng"]),
        (HonourQuery(search: "phó chủ tịch"), ["Trần Thị Thanh"]),
        (HonourQuery(search: "ngoai vu"), ["Nguyễn Văn Thắng"]),
        (HonourQuery(search: "xyz"), []),
        (HonourQuery(search: "thang\nlao"), ["Lê Hoàng Thăng"]),
        (HonourQuery(kind: .collective), ["Báo Hòa An", "Hội hữu nghị Việt Nam – Lào tỉnh"]),
        (HonourQuery(year: 2024), ["Báo Hòa An", "Lê Văn Đức", "Nguyễn Thị Thu Hằng", "Nguyễn Văn Thắng"]),
        (HonourQuery(awardType: "Bằng khen"),
         ["Nguyễn Thị Thu Hằng", "Hội hữu nghị Việt Nam – Lào tỉnh", "Nguyễn Văn Thắng"]),
        (HonourQuery(kind: .individual, year: 2024, awardType: "Bằng khen"), ["Nguyễn Thị Thu Hằng", "Nguyễn Văn Thắng"]),
        (HonourQuery(search: "thang", year: 2023), ["Lê Hoàng Thăng"]),
        (HonourQuery(search: "lao", kind: .collective), ["Hội hữu nghị Việt Nam – Lào tỉnh"]),
        (HonourQuery(search: "duc", awardType: "Giấy khen"), ["Phạm Minh Duc"]),
        (HonourQuery(year: 1999), []),
    ])
    func search(_ query: HonourQuery, _ expected: [String]) {
        let catalog = smallCatalog()
        #expect(catalog.matches(query).map { catalog.honours[$0].name } == expected)
        #expect(!query.isEmpty)
    }

    @Test(arguments: [HonourQuery(), HonourQuery(search: ""), HonourQuery(search: "  \t")])
    func emptyQueryMatchesEverything(_ query: HonourQuery) {
        let catalog = smallCatalog()
        #expect(query.isEmpty)
        #expect(catalog.matches(query) == Array(0..<9))
    }

    @Test func emptyCatalog() {
        let catalog = HonourCatalog([])
        #expect(catalog.matches(HonourQuery(search: "a")) == [])
        #expect(catalog.matches(HonourQuery()) == [])
        #expect(catalog.years == [] && catalog.allAwardTypes == [])
    }

    @Test func memoisesTheLastQuery() {
        let catalog = smallCatalog()
        let storage = { (result: [Int]) in result.withUnsafeBufferPointer { $0.baseAddress } }
        let first = catalog.matches(HonourQuery(search: "thang"))
        let again = catalog.matches(HonourQuery(search: "thang"))
        #expect(again == first)
        // The very same array comes back, not a second search that happens to agree.
        #expect(storage(again) == storage(first))
        let other = catalog.matches(HonourQuery(search: "duc"))
        #expect(other == [1, 2])
        let back = catalog.matches(HonourQuery(search: "thang"))
        #expect(back == first && storage(back) != storage(first))
        #expect(catalog.matches(HonourQuery(search: "thang", year: 2023)) == [7])
    }

    @Test func letterStartsPointIntoTheMatches() {
        let catalog = smallCatalog()
        #expect(catalog.letterStarts(in: catalog.matches(HonourQuery())) == ["B": 0, "D": 1, "Đ": 2, "H": 3, "T": 5])
        #expect(catalog.letterStarts(in: catalog.matches(HonourQuery(year: 2024))) == ["B": 0, "Đ": 1, "H": 2, "T": 3])
        #expect(catalog.letterStarts(in: catalog.matches(HonourQuery(search: "thang"))) == ["T": 0])
        #expect(catalog.letterStarts(in: []) == [:])
    }

    @Test func tenThousandHonoursInKeyOrder() {
        var rng = SplitMix64(seed: 10_000)
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
                        "Hồ", "Ngô", "Dương", "Lý", "Âu", "Ông"]
        let middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân", "Thị Thu", "Văn Hữu"]
        let givens = ["An", "Anh", "Ánh", "Ân", "Bình", "Cường", "Dũng", "Dung", "Đức", "Em", "Ê", "Giang", "Hà",
                      "Hằng", "Hạnh", "Hùng", "Khoa", "Lan", "Long", "Mai", "Nam", "Ơn", "Phúc", "Quân", "Sơn",
                      "Thăng", "Thắng", "Thanh", "Thành", "Uyên", "Ưng", "Vy", "Yến", "John"]
        let groups = ["Hội", "Công ty", "Trường", "Báo", "Đài", "Ban", "Ủy ban", "Ấp", "19-5"]
        let awards = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen", "Huân chương Lao động hạng Ba",
                      "Kỷ niệm chương Vì hòa bình, hữu nghị giữa các dân tộc", "Cúp Vàng của Bộ"]
        let roll = (1...10_000).map { line -> Honour in
            let award = awards.randomElement(using: &rng)!
            let date = HonourDate(year: Int.random(in: 2015...2024, using: &rng), month: Int.random(in: 1...12, using: &rng))
            var name: String
            let kind: HonourKind = Int.random(in: 0..<5, using: &rng) == 0 ? .collective : .individual
            if kind == .collective {
                name = "\(groups.randomElement(using: &rng)!) \(givens.randomElement(using: &rng)!) \(Int.random(in: 1...30, using: &rng))"
            } else {
                name = "\(families.randomElement(using: &rng)!) \(middles.randomElement(using: &rng)!) \(givens.randomElement(using: &rng)!)"
            }
            if line % 7 == 0 { name = nfd(name) }
            if line % 11 == 0 { name = name.uppercased() }
            return Honour(name: name, kind: kind, award: award, date: date, unit: "Đơn vị \(line % 40)",
                          source: SourceLocation(path: "honours.csv", line: line))
        }
        let catalog = HonourCatalog(roll)
        #expect(catalog.honours.count == roll.count)
        #expect(Set(catalog.honours.map { $0.source.line }) == Set(1...10_000))

        // The given name's key (a collective's whole name), then the family and middle names'.
        func nameKeys(_ honour: Honour) -> [CollationKey] {
            let words = honour.name.split(separator: " ").map(String.init)
            guard honour.kind == .individual, words.count > 1 else { return [key(words.joined(separator: " ")), key("")] }
            return [key(words.last!), key(words.dropLast().joined(separator: " "))]
        }
        let keys = catalog.honours.map(nameKeys)
        var disorders = 0
        for i in 1..<keys.count {
            if keys[i].lexicographicallyPrecedes(keys[i - 1]) { disorders += 1 }
            if keys[i] == keys[i - 1], catalog.honours[i - 1].date < catalog.honours[i].date { disorders += 1 }
        }
        #expect(disorders == 0)
        #expect(catalog.indexLetters == catalog.honours.map { HonourNameOrder.indexLetter($0) })
        // Index letters never go back up the alphabet, so the letter bar's jumps are monotonic.
        let ranks = catalog.indexLetters.compactMap { $0.flatMap { VietnameseCollation.alphabet.firstIndex(of: $0) } }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 })

        // The byte search agrees with plain String containment over the folded fields.
        for search in ["thang", "a", "nguyen van", "đức", "hoi 12", "ÔNG", "vi hoa binh", "don vi 3", "zzz"] {
            let words = SearchKey.fold(search).split(separator: " ").map(String.init)
            let expected = catalog.honours.indices.filter { i in
                let h = catalog.honours[i]
                let text = SearchKey.fold([h.name, h.unit, h.title, h.award].joined(separator: "\n"))
                return words.allSatisfy { text.contains($0) }
            }
            #expect(catalog.matches(HonourQuery(search: search)) == expected, "\(search)")
        }
    }
}
