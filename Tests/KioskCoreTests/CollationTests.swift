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
        ["Thắng Nguyễn", "Thăng Trần"],                 // letters of the whole name before any tone
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
