import FoundationEssentials

/// A stretch of the day on the wall clock, such as 07:00–17:30, in minutes since midnight.
///
/// `end` may be before `start`: the range then crosses midnight and runs into the next morning
/// ("18:30-06:00"). `end` is 1…1440 (24:00 ends a range at midnight, which is why there is no
/// end 0) and never equals `start`: a range that starts and ends at the same minute would be
/// either empty or the whole day, and the file says which with "closed" or "all day" instead.
public struct HoursRange: Sendable, Hashable, CustomStringConvertible {
    /// Minutes since midnight, 0…1439.
    public var start: Int
    /// Minutes since midnight, 1…1440; before `start` when the range crosses midnight.
    public var end: Int

    public init(start: Int, end: Int) {
        precondition((0..<1440).contains(start) && (1...1440).contains(end) && start != end, "HoursRange \(start)-\(end)")
        self.start = start
        self.end = end
    }

    /// `HoursRange(7, 0, 17, 30)` for 07:00–17:30: tests and callers read like the file.
    public init(_ startHour: Int, _ startMinute: Int, _ endHour: Int, _ endMinute: Int) {
        self.init(start: startHour * 60 + startMinute, end: endHour * 60 + endMinute)
    }

    /// The whole day, 00:00–24:00.
    public static let allDay = HoursRange(start: 0, end: 1440)

    /// Whether the range runs past midnight into the next day.
    public var crossesMidnight: Bool { end < start }

    /// As the file writes it: "18:30-06:00".
    public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// The same hours every day (night mode, screen off); empty means never.
public struct DailyHours: Sendable, Hashable, CustomStringConvertible {
    /// In the order the file gives them; they may overlap (the union counts).
    public var ranges: [HoursRange]

    public init(_ ranges: [HoursRange] = []) { self.ranges = ranges }

    /// No hours at all.
    public static let never = DailyHours()
    /// 00:00–24:00.
    public static let allDay = DailyHours([.allDay])

    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether second `s` of a day (0 ≤ s < 86400) lies in a range, counting a range that
    /// crosses midnight on both sides of it. Ranges include their start and exclude their end, so
    /// at 06:00 sharp "18:30-06:00" is over.
    public func contains(secondOfDay s: Double) -> Bool {
        ranges.contains { r in
            let start = Double(r.start * 60), end = Double(r.end * 60)
            return r.crossesMidnight ? (s >= start || s < end) : (s >= start && s < end)
        }
    }

    /// As the file writes it: "07:00-11:30, 13:30-17:00", or "closed".
    public var description: String { isEmpty ? "closed" : ranges.map(\.description).joined(separator: ", ") }
}

/// A day of the week, numbered as Foundation's Gregorian calendar and `Settings.firstWeekday` do.
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// The day before, for ranges that crossed midnight out of it.
    public var previous: Weekday { Weekday(rawValue: rawValue == 1 ? 7 : rawValue - 1)! }

    /// The weekday of day `n` counted from 1970-01-01 (a Thursday) in the proleptic Gregorian
    /// calendar: the same answer as `Calendar(identifier: .gregorian)`, without building
    /// components, so the schedule can test hundreds of instants well within a millisecond.
    public init(daysSince1970 n: Int64) {
        let index = ((n + 4) % 7 + 7) % 7   // 0 = Sunday
        self = Weekday(rawValue: Int(index) + 1)!
    }
}

/// Opening hours for each day of the week. A range that crosses midnight belongs to the day it
/// starts on and keeps the screen on into the next morning, whatever that next day's own hours.
public struct WeeklyHours: Sendable, Hashable {
    /// Indexed by `Weekday.rawValue - 1`; a day without hours is closed.
    private var days: [DailyHours] = Array(repeating: .never, count: 7)

    /// Every day closed; set the open days with the subscript.
    public init() {}

    /// The given days open at the given hours, every other day closed.
    public init(_ hours: [Weekday: DailyHours]) {
        for (day, h) in hours { self[day] = h }
    }

    public subscript(day: Weekday) -> DailyHours {
        get { days[day.rawValue - 1] }
        set { days[day.rawValue - 1] = newValue }
    }

    /// Whether no day has any opening hours (the screen would never turn on).
    public var isNeverOpen: Bool { days.allSatisfy(\.isEmpty) }

    /// Whether the screen is open at second `s` (0 ≤ s < 86400) of a day that is `day`: by that
    /// day's ranges, or by the previous day's ranges that cross midnight into it.
    public func isOpen(on day: Weekday, secondOfDay s: Double) -> Bool {
        let today = self[day].ranges.contains { r in
            let start = Double(r.start * 60), end = Double(r.end * 60)
            return r.crossesMidnight ? s >= start : (s >= start && s < end)
        }
        if today { return true }
        return self[day.previous].ranges.contains { r in r.crossesMidnight && s < Double(r.end * 60) }
    }
}
