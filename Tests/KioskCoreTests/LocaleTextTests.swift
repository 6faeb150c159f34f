import Foundation
import Testing
@testable import KioskCore

@Suite struct LocaleTextTests {
    @Test func thousandsSeparatorsFollowTheLanguage() {
        #expect(NumberText.grouped(1_234_567, .vi) == "1.234.567")
        #expect(NumberText.grouped(1_234_567, .en) == "1,234,567")
        #expect(NumberText.grouped(999, .vi) == "999")
        #expect(NumberText.grouped(1000, .vi) == "1.000")
        #expect(NumberText.grouped(0, .en) == "0")
    }

    @Test func headerDateInVietnameseAndEnglish() {
        let date = instant("2024-06-11T09:30:00+07:00")
        #expect(DateText.header(date, timeZone: hanoi, language: .vi) == "Thứ Ba, 11 tháng 6 năm 2024 · 09:30")
        #expect(DateText.header(date, timeZone: hanoi, language: .en) == "Tuesday, 11 June 2024 · 09:30")
    }

    @Test func everyWeekdayNameInVietnamese() {
        // 2024-06-09 was a Sunday.
        let names = (0..<7).map { day in
            DateText.header(instant("2024-06-09T12:00:00+07:00").addingTimeInterval(Double(day) * 86400),
                            timeZone: hanoi, language: .vi).split(separator: ",")[0]
        }
        #expect(names == ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"])
    }

    @Test func clockUsesTheConfiguredTimeZoneAcrossMidnight() {
        // 17:30 UTC is already the next day in Hà Nội.
        let date = instant("2024-06-10T17:30:00Z")
        #expect(DateText.header(date, timeZone: hanoi, language: .vi) == "Thứ Ba, 11 tháng 6 năm 2024 · 00:30")
    }

    @Test func honourDates() {
        #expect(DateText.honour(HonourDate(year: 2024, month: 6, day: 1), language: .vi) == "01/06/2024")
        #expect(DateText.honour(HonourDate(year: 2024, month: 6, day: 1), language: .en) == "1 June 2024")
        #expect(DateText.honour(HonourDate(year: 2021), language: .vi) == "2021")
    }

    @Test func searchFoldsVietnameseMarksAndDStroke() {
        #expect(SearchKey.fold("Thắng") == "thang")
        #expect(SearchKey.fold("Thăng") == "thang")
        #expect(SearchKey.fold("ĐỖ Văn Đức") == "do van duc")
        #expect(SearchKey.fold("Nguyễn Thị Thu Hằng") == "nguyen thi thu hang")
    }

    @Test func secondsToNextMinute() {
        #expect(DateText.secondsToNextMinute(Date(timeIntervalSince1970: 120)) == 60)
        #expect(DateText.secondsToNextMinute(Date(timeIntervalSince1970: 150)) == 30)
    }
}
