import FoundationEssentials

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

    /// The wall-clock reading of an instant in a zone, in the proleptic Gregorian calendar
    /// (weekday 1 is Sunday, as Foundation counts).
    static func parts(_ date: Date, _ timeZone: ZoneRules) -> (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int) {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let local = t + Int64(timeZone.offset(at: t))
        let days = local.floorDivided(by: 86_400)
        let second = Int(local - days * 86_400)
        let civil = InstantText.civil(daysSince1970: days)
        return (civil.year, civil.month, civil.day, Weekday(daysSince1970: days).rawValue, second / 3600, second / 60 % 60)
    }

    /// The header's clock: "Thứ Ba, 11 tháng 6 năm 2024 · 09:30" / "Tuesday, 11 June 2024 · 09:30".
    public static func header(_ date: Date, timeZone: ZoneRules, language: DisplayLanguage) -> String {
        let c = parts(date, timeZone)
        let time = Digits.padded(c.hour, 2) + ":" + Digits.padded(c.minute, 2)
        switch language {
        case .vi: return "\(viWeekdays[c.weekday - 1]), \(c.day) tháng \(c.month) năm \(c.year) · \(time)"
        case .en: return "\(enWeekdays[c.weekday - 1]), \(c.day) \(enMonths[c.month - 1]) \(c.year) · \(time)"
        }
    }

    /// An award's date on screen: "11/06/2024" / "11 June 2024"; a bare year stays a year.
    public static func honour(_ date: HonourDate, language: DisplayLanguage) -> String {
        guard let month = date.month else { return String(date.year) }
        guard let day = date.day else {
            return language == .vi ? Digits.padded(month, 2) + "/" + Digits.padded(date.year, 4) : "\(enMonths[month - 1]) \(date.year)"
        }
        return language == .vi ? Digits.padded(day, 2) + "/" + Digits.padded(month, 2) + "/" + Digits.padded(date.year, 4)
                                : "\(day) \(enMonths[month - 1]) \(date.year)"
    }

    /// Seconds from `date` to the next whole minute, so the clock redraws exactly when it changes.
    public static func secondsToNextMinute(_ date: Date) -> Double {
        let t = date.timeIntervalSince1970
        return 60 - t.truncatingRemainder(dividingBy: 60)
    }
}
