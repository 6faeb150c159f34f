import Foundation
import Testing
@testable import KioskData

@Suite struct CSVReaderTests {
    @Test func commaAndSemicolonAreDetected() {
        let comma = CSVReader.read(text: "a,b;c\n1,2;3\n", path: "x.csv")
        #expect(comma.separator == ",")
        #expect(comma.records[1].fields == ["1", "2;3"])
        let semicolon = CSVReader.read(text: "a;b;c,d\n1;2;3,4\n", path: "x.csv")
        #expect(semicolon.separator == ";")
        #expect(semicolon.records[1].fields == ["1", "2", "3,4"])
    }

    @Test func quotedFieldsKeepSeparatorsQuotesAndLineBreaks() {
        let csv = CSVReader.read(text: "name,citation\n\"Báo Hòa An\",\"Tuyên truyền \"\"hiệu quả\"\",\nnhiều năm\"\nB,c\n", path: "x.csv")
        #expect(csv.problems.isEmpty)
        #expect(csv.records.count == 3)
        #expect(csv.records[1].fields == ["Báo Hòa An", "Tuyên truyền \"hiệu quả\",\nnhiều năm"])
        #expect(csv.records[2].line == 4)
    }

    /// Found by fuzzing: CR CR LF inside quotes read as "\r\n", which read back as one break.
    @Test func everyLineBreakInsideQuotesIsOneNewline() {
        let csv = CSVReader.read(text: "a,b\n\"x\r\r\ny\",z\n", path: "x.csv")
        #expect(csv.records.map(\.fields) == [["a", "b"], ["x\n\ny", "z"]])
    }

    @Test func crlfLineEndings() {
        let csv = CSVReader.read(text: "a,b\r\n1,2\r\n3,4", path: "x.csv")
        #expect(csv.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(csv.records.map(\.line) == [1, 2, 3])
    }

    @Test func unterminatedQuoteIsAnErrorAtItsLineAndColumn() {
        let csv = CSVReader.read(text: "a,b\n1,\"open\n2,3\n", path: "h.csv")
        #expect(csv.problems.map(\.description) == ["h.csv:2:3: error: quoted field never ends (a missing \")"])
    }

    @Test func columnsAreReported() {
        let csv = CSVReader.read(text: "abc,de,f\n", path: "x.csv")
        #expect(csv.records[0].columns == [1, 5, 8])
    }

    @Test func encodings() throws {
        let text = "name,kind\nNguyễn Văn Thắng,cá nhân\n"
        for data in [Data(text.utf8), Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), utf16(text, bigEndian: false), utf16(text, bigEndian: true)] {
            let csv = CSVReader.read(data, path: "x.csv")
            #expect(csv.problems.isEmpty)
            #expect(csv.records.map(\.fields) == [["name", "kind"], ["Nguyễn Văn Thắng", "cá nhân"]])
        }
    }

    @Test func legacyCodePageIsRefusedWithItsLine() {
        // "Thắng" in Windows-1258 is not UTF-8.
        let data = Data("name\nAn\n".utf8) + Data([0x54, 0x68, 0xE3, 0xDE, 0x6E, 0x67, 0x0A])
        let csv = CSVReader.read(data, path: "x.csv")
        #expect(csv.records.isEmpty)
        #expect(csv.problems.first?.line == 3)
    }

    @Test func fieldsAreNormalisedToNFC() {
        let decomposed = "Tha\u{0306}\u{0301}ng"   // a + breve + acute, as some Mac exports write it
        let csv = CSVReader.read(text: "name\n\(decomposed)\n", path: "x.csv")
        #expect(csv.records[1].fields[0] == "Thắng")
        #expect(csv.records[1].fields[0].unicodeScalars.count == 5)
    }
}
