import FoundationEssentials

/// Instants written as text for logs and status.json, by arithmetic instead of Foundation's
/// DateFormatter: a formatter loads ICU's locale and pattern data, about 3 MiB of the running
/// screen's memory, for stamps whose shape never changes.
public enum InstantText {
    /// `2024-06-11T02:30:00Z`: what ISO8601DateFormatter writes by default, whole seconds in UTC.
    public static func iso8601UTC(_ date: Date) -> String {
        let (days, secondOfDay) = wholeSeconds(date).floorDivided(by: 86_400)
        let (year, month, day) = civil(daysSince1970: days)
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T" + clock(Int(secondOfDay), seconds: true) + "Z"
    }

    /// `Tue 09:30` in a zone `offsetSeconds` east of UTC, as a log line names a moment this week.
    public static func weekdayAndTime(_ date: Date, offsetSeconds: Int) -> String {
        let local = wholeSeconds(date) + Int64(offsetSeconds)
        let (days, secondOfDay) = local.floorDivided(by: 86_400)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return names[Weekday(daysSince1970: days).rawValue - 1] + " " + clock(Int(secondOfDay), seconds: false)
    }

    /// Year, month and day of day `n` counted from 1970-01-01 in the proleptic Gregorian
    /// calendar (Howard Hinnant's civil_from_days), the calendar Foundation's `.gregorian` uses.
    public static func civil(daysSince1970 n: Int64) -> (year: Int, month: Int, day: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// The instant's second as the formatters (ICU) count it: rounded to the millisecond
    /// first, so 35.9996 s is already second 36.
    private static func wholeSeconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded()).floorDivided(by: 1000).0
    }

    private static func clock(_ secondOfDay: Int, seconds: Bool) -> String {
        let hm = digits(secondOfDay / 3600, 2) + ":" + digits(secondOfDay / 60 % 60, 2)
        return seconds ? hm + ":" + digits(secondOfDay % 60, 2) : hm
    }

    private static func digits(_ value: Int, _ width: Int) -> String { Digits.padded(value, width) }
}

private extension Int64 {
    /// Quotient and remainder rounded towards minus infinity, so instants before 1970 land on the
    /// day they belong to.
    func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self / d, r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
