import Foundation

/// The six figures of the visitor counter ("Thống kê truy cập").
public struct VisitorFigures: Sendable, Hashable, Codable {
    public var now: Int
    public var today: Int
    public var week: Int
    public var month: Int
    public var year: Int
    public var total: Int
    public init(now: Int = 0, today: Int = 0, week: Int = 0, month: Int = 0, year: Int = 0, total: Int = 0) {
        self.now = now; self.today = today; self.week = week
        self.month = month; self.year = year; self.total = total
    }
}

/// Visit events aggregated so the six figures can be computed for any instant without the raw log.
///
/// Counts are bucketed by UTC minute: periods are then cut in the configured time zone when the
/// figures are asked for, so a change of time zone or a midnight needs no re-read of the logs.
public struct VisitorLedger: Sendable, Hashable {
    /// `in` counts by UTC minute (seconds since 1970 / 60).
    public private(set) var inByMinute: [Int64: Int] = [:]
    /// `out` counts by UTC minute.
    public private(set) var outByMinute: [Int64: Int] = [:]
    /// True once any line carried an explicit `in` or `out`: "now" is then the occupancy.
    public var hasDirections = false
    /// A snapshot from `visitors/counter.json`, shown as is when present.
    public var snapshot: VisitorFigures?

    public init() {}

    /// A ledger from stored buckets (a checkpoint).
    public init(inByMinute: [Int64: Int], outByMinute: [Int64: Int], hasDirections: Bool) {
        self.inByMinute = inByMinute
        self.outByMinute = outByMinute
        self.hasDirections = hasDirections
    }

    /// Folds the minutes before `cutoff` into quarter hours (keys rounded down to a multiple of 15).
    ///
    /// Figures stay exact: every period starts on a quarter hour in every time zone in use today
    /// (offsets are whole quarter hours), and only "now" (at most a day) needs single minutes.
    /// Years of history then take 96 buckets a day instead of 1,440, in memory and in checkpoints.
    public mutating func compact(before cutoff: Int64) {
        func fold(_ buckets: inout [Int64: Int]) {
            var moved: [(minute: Int64, quarter: Int64, count: Int)] = []
            for (minute, count) in buckets where minute < cutoff {
                let quarter = minute - ((minute % 15) + 15) % 15   // rounded down, also before 1970
                if quarter != minute { moved.append((minute, quarter, count)) }
            }
            for bucket in moved {
                buckets[bucket.minute] = nil
                buckets[bucket.quarter, default: 0] += bucket.count
            }
        }
        fold(&inByMinute)
        fold(&outByMinute)
    }

    /// Records `count` visits at `time` (seconds since 1970).
    public mutating func record(at time: Int64, count: Int, isOut: Bool) {
        let minute = Int64((Double(time) / 60).rounded(.down))
        if isOut { outByMinute[minute, default: 0] += count } else { inByMinute[minute, default: 0] += count }
    }

    /// Adds every bucket of another ledger (several entrances, several log files).
    public mutating func merge(_ other: VisitorLedger) {
        for (m, c) in other.inByMinute { inByMinute[m, default: 0] += c }
        for (m, c) in other.outByMinute { outByMinute[m, default: 0] += c }
        hasDirections = hasDirections || other.hasDirections
    }

    /// The six figures at `date`, periods cut in `timeZone`, weeks starting on `firstWeekday`.
    public func figures(at date: Date, timeZone: TimeZone, firstWeekday: Int = 2, nowWindowMinutes: Int = 15) -> VisitorFigures {
        if let snapshot { return snapshot }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = firstWeekday
        func start(_ component: Calendar.Component) -> Int64 {
            let interval = calendar.dateInterval(of: component, for: date)!
            return Int64((interval.start.timeIntervalSince1970 / 60).rounded(.down))
        }
        let nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        let dayStart = start(.day), weekStart = start(.weekOfYear)
        let monthStart = start(.month), yearStart = start(.year)
        var figures = VisitorFigures()
        var outToday = 0
        for (minute, count) in inByMinute where minute <= nowMinute {
            figures.total += count
            if minute >= yearStart { figures.year += count }
            if minute >= monthStart { figures.month += count }
            if minute >= weekStart { figures.week += count }
            if minute >= dayStart { figures.today += count }
            if !hasDirections && minute > nowMinute - Int64(nowWindowMinutes) { figures.now += count }
        }
        if hasDirections {
            for (minute, count) in outByMinute where minute >= dayStart && minute <= nowMinute { outToday += count }
            figures.now = max(0, figures.today - outToday)
        }
        return figures
    }

    /// Visits (`in`) of each of the `days` days ending with the day of `date`, oldest first.
    public func dailyVisits(endingAt date: Date, days: Int, timeZone: TimeZone) -> [Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let todayStart = calendar.startOfDay(for: date)
        var starts: [Int64] = []
        for back in stride(from: days - 1, through: 0, by: -1) {
            let day = calendar.date(byAdding: .day, value: -back, to: todayStart)!
            starts.append(Int64(day.timeIntervalSince1970 / 60))
        }
        let end = Int64(calendar.date(byAdding: .day, value: 1, to: todayStart)!.timeIntervalSince1970 / 60)
        let nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        var result = [Int](repeating: 0, count: days)
        for (minute, count) in inByMinute where minute >= starts[0] && minute < end && minute <= nowMinute {
            // Binary search is overkill for ≤ 31 days; a linear scan from the back is clear.
            var index = days - 1
            while index > 0 && minute < starts[index] { index -= 1 }
            result[index] += count
        }
        return result
    }
}
