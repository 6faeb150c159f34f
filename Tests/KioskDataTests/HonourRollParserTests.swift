import Foundation
import KioskCore
import Testing
@testable import KioskData

@Suite struct HonourRollParserTests {
    func parse(_ text: String) -> HonourRollParser.Outcome {
        HonourRollParser.parse(data: Data(text.utf8), path: "honours.csv")
    }

    @Test func englishHeaders() {
        let outcome = parse("name,kind,award,date,awarded_by,title,unit,citation,photo\n"
            + "Trần Văn Thắng,individual,Bằng khen,2024-06-11,UBND tỉnh,Chủ tịch,Hội Việt – Lào,\"Xuất sắc, nhiều năm\",portraits/t.jpg\n")
        #expect(outcome.problems.isEmpty)
        let h = outcome.honours[0]
        #expect(h.name == "Trần Văn Thắng" && h.kind == .individual && h.award == "Bằng khen")
        #expect(h.date == HonourDate(year: 2024, month: 6, day: 11))
        #expect(h.awardedBy == "UBND tỉnh" && h.title == "Chủ tịch" && h.unit == "Hội Việt – Lào")
        #expect(h.citation == "Xuất sắc, nhiều năm" && h.photo == "portraits/t.jpg")
        #expect(h.source == SourceLocation(path: "honours.csv", line: 2))
    }

    @Test func vietnameseHeadersSemicolonsAndBOM() {
        let text = "Họ và tên;Loại;Hình thức khen thưởng;Ngày;Cấp khen;Chức vụ;Đơn vị;Thành tích;Ảnh\r\n"
            + "Báo Hòa An;Tập thể;Giấy khen;20/12/2024;Liên hiệp;;;Tuyên truyền tốt;\r\n"
            + "Lê Thị Hoa;Cá nhân;Bằng khen;5/3/2023;;;;;\r\n"
        let outcome = HonourRollParser.parse(data: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), path: "honours/2024.csv")
        #expect(outcome.problems.isEmpty)
        #expect(outcome.honours.map(\.kind) == [.collective, .individual])
        #expect(outcome.honours.map(\.date) == [HonourDate(year: 2024, month: 12, day: 20), HonourDate(year: 2023, month: 3, day: 5)])
    }

    @Test func headersIgnoreCaseAndAccents() {
        let outcome = parse("HO VA TEN,loai,hinh thuc khen thuong,NGAY\nAn,ca nhan,Giấy khen,2020\n")
        #expect(outcome.problems.isEmpty)
        #expect(outcome.honours.first?.date == HonourDate(year: 2020))
    }

    @Test func dateFormats() {
        #expect(DateField.parse("2024-02-29") == HonourDate(year: 2024, month: 2, day: 29))
        #expect(DateField.parse("29/02/2024") == HonourDate(year: 2024, month: 2, day: 29))
        #expect(DateField.parse("1/6/2024") == HonourDate(year: 2024, month: 6, day: 1))
        #expect(DateField.parse("2021") == HonourDate(year: 2021))
        for bad in ["2023-02-29", "31/02/2024", "2024-13-01", "11.06.2024", "06/11/24", "", "hôm qua"] {
            #expect(DateField.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aBadRowIsSkippedWithLineAndColumnAndTheRestLoads() {
        let outcome = parse("name,kind,award,date\nAn,individual,Giấy khen,2024-01-02\nBình,individual,Giấy khen,31/02/2024\nChi,collective,Bằng khen,2023\n")
        #expect(outcome.honours.map(\.name) == ["An", "Chi"])
        #expect(outcome.problems.map(\.description)
                == ["honours.csv:3:27: error: Bình: date \"31/02/2024\" is not YYYY-MM-DD, DD/MM/YYYY or a year; skipped"])
    }

    @Test func unknownKindNameAndAward() {
        let outcome = parse("name,kind,award,date\nAn,khách,Giấy khen,2024\n,individual,Giấy khen,2024\nChi,individual,,2024\n")
        #expect(outcome.honours.isEmpty)
        #expect(outcome.problems.map { $0.line } == [2, 3, 4])
        #expect(outcome.problems.allSatisfy { $0.severity == .error })
    }

    @Test func missingRequiredColumnRefusesTheFile() {
        let outcome = parse("name,kind,date\nAn,individual,2024\n")
        #expect(!outcome.usable)
        #expect(outcome.honours.isEmpty)
        #expect(outcome.problems.first?.description == "honours.csv:1: error: missing required column: award (hình thức khen thưởng)")
    }

    @Test func unknownColumnIsAWarning() {
        let outcome = parse("name,kind,award,date,ghi chú\nAn,individual,Giấy khen,2024,x\n")
        #expect(outcome.honours.count == 1)
        #expect(outcome.problems.map(\.description) == ["honours.csv:1:22: warning: unknown column \"ghi chú\" is ignored"])
    }

    @Test func photoPathsMustStayInside() {
        for bad in ["/etc/passwd", "../secret.jpg", "portraits/../../x.jpg", "~/a.jpg"] {
            let outcome = parse("name,kind,award,date,photo\nAn,individual,Giấy khen,2024,\(bad)\n")
            #expect(outcome.honours.count == 1 && outcome.honours[0].photo == nil, "\(bad)")
            #expect(outcome.problems.first?.severity == .error, "\(bad)")
            #expect(outcome.problems.first?.column == 30, "\(bad)")
        }
    }
}

@Suite struct DataPathTests {
    @Test(arguments: ["portraits/a.jpg", "a.jpg", "Ảnh/Nguyễn Văn A.jpg", "a..b/c.jpg", "...", ".a/b", "a/./b.jpg"])
    func safeRelativePaths(path: String) {
        #expect(DataPath.isSafeRelative(path))
    }

    /// The last three were found by fuzzing: a combining mark next to `/` or NUL used to hide it.
    @Test(arguments: ["", "/etc/passwd", "~/x.jpg", "../x.jpg", "a/../../x.jpg", "a/..", "a\\b.jpg", "a\0b.jpg",
                      "../\u{301}x.jpg", "/\u{301}etc", "a\0\u{301}"])
    func unsafePaths(path: String) {
        #expect(!DataPath.isSafeRelative(path), "\(path.debugDescription)")
    }
}
