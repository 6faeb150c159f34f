import Foundation
import Testing
@testable import KioskCore

// The small stand-ins for what the kiosk took from Foundation proper (Package.swift says why it
// loads only FoundationEssentials), each against Foundation itself as the oracle.

/// Names as data folders hold them: Vietnamese typed precomposed and decomposed, other scripts
/// a friendship union meets (Cyrillic й, Greek, Lao, Hangul, CJK), marks out of canonical order,
/// and text that is not a name at all.
private let texts: [String] = [
    "", "Nguyễn Văn An", "Nguye\u{302}\u{303}n", "Hội hữu nghị Việt Nam – Lào", "Quách Văn Tùng",
    "Thủ tướng Chính phủ", "Đoàn Thị Điểm", "ẤẦẨẪẬ ấầẩẫậ", "a\u{323}\u{302}", "a\u{302}\u{323}",
    "Йошкар-Ола, ёлка", "Ελληνικά ΐ", "ສະບາຍດີ", "한국어 가각", "中文 日本語", "ﬁ ℌ Å Ω", "e\u{301}\u{0}x",
    "\u{1E9B}\u{323}", "q\u{307}\u{323}", "Ǖ ǖ Ǘ", "\u{FB2C}", "🇻🇳 emoji 👍🏽",
]

@Test func composedAndDecomposedAreFoundationsNFCAndNFD() {
    for text in texts {
        #expect(UnicodeForms.composed(text) == text.precomposedStringWithCanonicalMapping, "\(text.debugDescription)")
        #expect(Array(UnicodeForms.composed(text).unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(Array(UnicodeForms.decomposed(text).unicodeScalars) == Array(text.decomposedStringWithCanonicalMapping.unicodeScalars),
                "\(text.debugDescription)")
    }
}

@Test func everyScalarOfTheVietnameseAndLatinBlocksDecomposesAsFoundationDoes() {
    for value in Array(0x00A0...0x024F) + Array(0x1E00...0x1EFF) + Array(0x0400...0x04FF) + Array(0xAC00...0xAC40) {
        let text = String(Unicode.Scalar(UInt32(value))!)
        #expect(Array(UnicodeForms.decomposed(text).unicodeScalars) == Array(text.decomposedStringWithCanonicalMapping.unicodeScalars),
                "U+\(String(value, radix: 16))")
    }
}

@Test func whiteSpaceIsCharacterSetsForEveryScalar() {
    for value in 0...0x10FFFF {
        guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
        #expect(scalar.isBlankSpace == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
        #expect(scalar.isSpaceOrNewline == CharacterSet.whitespacesAndNewlines.contains(scalar), "U+\(String(value, radix: 16))")
    }
}

@Test func trimmingIsFoundations() {
    for text in texts + ["  a  ", "\t\n a b \r\n", "\u{3000}Hà Nội\u{200B}", "\u{85}x\u{2028}", " ", "\n\n", "a\u{A0}"] {
        #expect(text.trimmingSpace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        #expect(text.trimmingSpace(newlines: false) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        #expect(text.dropFirst(0).trimmingSpace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

@Test func pathsAreJoinedAndSplitAsNSStringDoes() {
    // Not compared: doubled slashes, which NSString collapses and PathText keeps (the kiosk never
    // writes them), and the parent of "", "a" and "a/", where NSString's deletingLastPathComponent
    // traps (swift-corelibs-foundation in Swift 6.3, on one-character names); those are checked by hand.
    let paths = ["/", "a", "/a", "a/", "/a/b", "/a/b/", "a/b/c.jpg", "/srv/kiosk/data", "photos/Hội nghị 2024/IMG_01.JPG",
                 ".hidden", "a/.hidden", "a.b/c", "a/b.", "x.tar.gz", "/a/b.c/"]
    #expect(PathText.parent(of: "") == "" && PathText.lastComponent(of: "") == "" && PathText.pathExtension(of: "") == "")
    #expect(PathText.parent(of: "a") == "" && PathText.parent(of: "a/") == "")
    for path in paths {
        let ns = path as NSString
        if path != "a" && path != "a/" {
            #expect(PathText.parent(of: path) == ns.deletingLastPathComponent, "parent of \(path.debugDescription)")
        }
        #expect(PathText.lastComponent(of: path) == ns.lastPathComponent, "last of \(path.debugDescription)")
        #expect(PathText.pathExtension(of: path) == ns.pathExtension, "extension of \(path.debugDescription)")
    }
    for base in ["/srv/data", "/srv/data/", "data", "/", ""] {
        for component in ["honours.csv", "photos/a.jpg", "/photos/a.jpg", "Hội nghị/ảnh.jpg"] {
            #expect(PathText.appending(component, to: base) == (base as NSString).appendingPathComponent(component),
                    "\(base.debugDescription) + \(component.debugDescription)")
        }
    }
}

@Test func digitsAreWhatStringFormatWrites() {
    for value in [0, 5, 9, 10, 99, 100, 2024, 12345, -3, -42] {
        for width in [1, 2, 4] {
            #expect(Digits.padded(value, width) == String(format: "%0\(width)d", value), "\(value) width \(width)")
        }
    }
    // Halves that binary fractions hold exactly are rounded away from zero (String(format:) rounds
    // them to even); every other value is written as "%.*f" writes it.
    for value in [0.0, 1.0, 0.04, 0.96, 1.2345, 59.4, 1048.576, 123456.789, 0.001, -0.3, -12.75, 7.9999999] {
        for decimals in [0, 1, 2, 3, 6] where (value * pow(10, Double(decimals))).truncatingRemainder(dividingBy: 1).magnitude != 0.5 {
            #expect(Digits.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value) to \(decimals)")
        }
    }
    #expect(Digits.fixed(0.25, decimals: 1) == "0.3")
}

@Test func aLockKeepsCountsOfManyThreadsExact() async {
    let lock = Lock()
    final class Counter: @unchecked Sendable { var value = 0 }
    let counter = Counter()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<8 { group.addTask { for _ in 0..<10_000 { lock.withLock { counter.value += 1 } } } }
    }
    #expect(counter.value == 80_000)
}

@Test func aDetachedThreadRunsItsBody() {
    let done = DispatchSemaphore(value: 0)
    #expect(DetachedThread.start { done.signal() })
    #expect(done.wait(timeout: .now() + 10) == .success)
}
