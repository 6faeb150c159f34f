import Foundation

/// Numbers as the display language writes them: 1.234.567 in Vietnamese, 1,234,567 in English.
public enum NumberText {
    public static func grouped(_ value: Int, _ language: DisplayLanguage) -> String {
        let separator: Character = language == .vi ? "." : ","
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(separator) }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}

/// Dates and times as the display language writes them, computed with an explicit time zone.
public enum DateText {
    static let viWeekdays = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"]
    static let enWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let enMonths = ["January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December"]

    static func parts(_ date: Date, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
    }

    /// The header's clock: "Thứ Ba, 11 tháng 6 năm 2024 · 09:30" / "Tuesday, 11 June 2024 · 09:30".
    public static func header(_ date: Date, timeZone: TimeZone, language: DisplayLanguage) -> String {
        let c = parts(date, timeZone)
        let time = String(format: "%02d:%02d", c.hour!, c.minute!)
        switch language {
        case .vi: return "\(viWeekdays[c.weekday! - 1]), \(c.day!) tháng \(c.month!) năm \(c.year!) · \(time)"
        case .en: return "\(enWeekdays[c.weekday! - 1]), \(c.day!) \(enMonths[c.month! - 1]) \(c.year!) · \(time)"
        }
    }

    /// An award's date on screen: "11/06/2024" / "11 June 2024"; a bare year stays a year.
    public static func honour(_ date: HonourDate, language: DisplayLanguage) -> String {
        guard let month = date.month else { return String(date.year) }
        guard let day = date.day else {
            return language == .vi ? String(format: "%02d/%04d", month, date.year) : "\(enMonths[month - 1]) \(date.year)"
        }
        return language == .vi ? String(format: "%02d/%02d/%04d", day, month, date.year)
                                : "\(day) \(enMonths[month - 1]) \(date.year)"
    }

    /// Seconds from `date` to the next whole minute, so the clock redraws exactly when it changes.
    public static func secondsToNextMinute(_ date: Date) -> Double {
        let t = date.timeIntervalSince1970
        return 60 - t.truncatingRemainder(dividingBy: 60)
    }
}
