import Foundation
import Testing
@testable import KioskCore

/// The table-driven decomposition must give exactly Foundation's NFD, which folding and collation
/// were built on (and which it replaced because it cost most of preparing an honour roll).
@Suite struct CanonicalDecompositionTests {
    @Test func everyCoveredScalarDecomposesAsFoundationDoes() {
        for range in CanonicalDecomposition.ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let one = String(Character(scalar))
                for text in [one, "a" + one + "b", one + one, one + "\u{0301}", "\u{0323}" + one] {
                    #expect(CanonicalDecomposition.decomposed(text) == text.decomposedStringWithCanonicalMapping
                            && Array(CanonicalDecomposition.decomposed(text).unicodeScalars) == Array(text.decomposedStringWithCanonicalMapping.unicodeScalars),
                            "U+\(String(value, radix: 16)) in \(text.debugDescription)")
                }
            }
        }
    }

    @Test func mixedTextDecomposesAsFoundationDoes() {
        let pieces = ["Nguyễn", "Thị", "Thu", "Hằng", "Đ", "ư", "ơ", "e\u{0302}\u{0323}", "\u{0323}\u{0302}", "Ω", "\u{2126}", "한", "😀", " ",
                      "–", "Å", "A\u{030A}", "\u{0340}", "ﬁ", "\u{1100}\u{1161}", "ǖ", "\u{0344}"]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<6 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            #expect(Array(CanonicalDecomposition.decomposed(text).unicodeScalars) == Array(text.decomposedStringWithCanonicalMapping.unicodeScalars),
                    "\(text.debugDescription)")
        }
    }

    @Test func foldAndKeysAreUnchanged() {
        for text in ["Nguyễn Văn Thắng", "ĐỨC", "Tha\u{0306}\u{0301}ng", "Hội Hữu nghị Việt Nam – Liên bang Nga", "한국", "Åse"] {
            var folded = String.UnicodeScalarView()
            for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
                switch scalar.value {
                case 0x0300...0x036F: continue
                case 0x0110, 0x0111: folded.append("d")
                default: folded.append(scalar)
                }
            }
            #expect(SearchKey.fold(text) == String(folded).lowercased())
            #expect(VietnameseCollation.key(text) == VietnameseCollation.key(text.decomposedStringWithCanonicalMapping))
        }
    }
}
