import Foundation
import KioskCore
import Testing
@testable import KioskData

/// The CSV reader works on UTF-8 bytes and normalises fields without Foundation where it can
/// (it used to take 100+ ms for a 1,000-row roll): it must give exactly what the scalar-by-scalar
/// reader with Foundation's NFC and trimming gave, kept here as the reference.
@Suite struct CSVReaderEquivalenceTests {
    /// Pieces that exercise every branch: separators, quotes, line ends, Unicode white space,
    /// precomposed and decomposed Vietnamese, marks after structure, other scripts.
    static let pieces: [String] = [
        ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}", "\u{2003}", "\u{2000}",
        "a", "An", "Thắng", "Tha\u{0306}\u{0301}ng", "Đức", "\u{0301}", "\u{0323}\u{0302}", "ệ", "e\u{0302}\u{0323}", "–", "“x”",
        "Ω", "\u{2126}", "한", "\u{1100}\u{1161}", "😀", "0", "2024-05-01", "Å", "A\u{030A}", "\u{0340}", "ﬁ", "\u{0}",
    ]

    @Test func givesWhatTheScalarReaderGave() {
        var random = SystemRandomNumberGenerator.Seeded(seed: 20240611)
        for round in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() % 40) { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
            let fast = CSVReader.read(text: text, path: "x.csv"), reference = ReferenceCSVReader.read(text: text, path: "x.csv")
            #expect(fast.records == reference.records, "round \(round): \(text.debugDescription)")
            #expect(fast.separator == reference.separator && fast.problems == reference.problems, "round \(round): \(text.debugDescription)")
            if fast.records != reference.records { return }
        }
    }

    @Test func fieldNormalisationIsFoundations() {
        var random = SystemRandomNumberGenerator.Seeded(seed: 7)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() % 8) { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
            #expect(text.normalisedField == text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(text.debugDescription)")
        }
        // Every scalar the fast path lets through, alone and between letters.
        for range: ClosedRange<UInt32> in [0...0x2FF, 0x1E00...0x1EFF, 0x2002...0x206F] {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for text in [String(Character(scalar)), "a" + String(Character(scalar)) + "b"] {
                    #expect(text.normalisedField == text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines),
                            "U+\(String(value, radix: 16))")
                }
            }
        }
    }

    @Test func dateFieldsTrimAsBefore() {
        for text in [" 2024 ", "\u{A0}2024-05-01\u{3000}", "\t01/02/2024", "2024\n"] {
            #expect(DateField.parse(text) == DateField.parse(text.trimmingCharacters(in: .whitespaces)), "\(text.debugDescription)")
        }
    }
}

extension SystemRandomNumberGenerator {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }
}

/// The reader as it was: scalar by scalar, Foundation's NFC and trimming for every field.
enum ReferenceCSVReader {
    static func read(text: String, path: String) -> (records: [CSVRecord], separator: Character, problems: [Problem]) {
        let scalars = Array(text.unicodeScalars)
        let separator = detectSeparator(scalars)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var columns: [Int] = []
        var fieldStart = 1
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, column = 1
        var inQuotes = false
        var quoteLine = 0, quoteColumn = 0
        var i = 0
        func normalised(_ s: String) -> String { s.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines) }
        func endField() {
            fields.append(normalised(String(field)))
            columns.append(fieldStart)
            field = String.UnicodeScalarView()
        }
        func endRecord(terminated: Bool = true) {
            endField()
            if !fields.allSatisfy({ $0.isEmpty }) {
                records.append(CSVRecord(line: recordLine, fields: fields, columns: columns, terminated: terminated))
            }
            fields = []
            columns = []
            fieldStart = 1
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.append("\""); i += 2; column += 2; continue }
                    inQuotes = false
                } else if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                } else if c == "\r" {
                    field.append("\n")
                    line += 1; column = 0
                } else {
                    field.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
            } else if c == "\"" && String(field).trimmingCharacters(in: .whitespaces).isEmpty {
                inQuotes = true
                field = String.UnicodeScalarView()
                quoteLine = line; quoteColumn = column
            } else if Character(c) == separator {
                endField()
                fieldStart = column + 1
            } else if c == "\r" {
                if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endRecord(); line += 1; recordLine = line; column = 0
            } else if c == "\n" {
                endRecord(); line += 1; recordLine = line; column = 0
            } else {
                field.append(c)
            }
            i += 1; column += 1
        }
        if inQuotes {
            return (records, separator, [Problem(path: path, line: quoteLine, column: quoteColumn, severity: .error,
                                                 message: "quoted field never ends (a missing \")")])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord(terminated: false) }
        return (records, separator, [])
    }

    static func detectSeparator(_ scalars: [Unicode.Scalar]) -> Character {
        var commas = 0, semicolons = 0, inQuotes = false
        for c in scalars {
            if c == "\"" { inQuotes.toggle() }
            else if !inQuotes && (c == "\n" || c == "\r") { break }
            else if !inQuotes && c == "," { commas += 1 }
            else if !inQuotes && c == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}
