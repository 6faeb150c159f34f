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
    /// now, today, week, month, year, total: the order the screen lists them in.
    public var inDisplayOrder: [Int] { [now, today, week, month, year, total] }
}

/// Visit events aggregated so the six figures can be computed for any instant without the raw log.
///
/// Counts are kept by UTC minute (`MinuteCounts`): periods are then cut in the configured time
/// zone when the figures are asked for, so a change of time zone or a midnight needs no re-read.
public struct VisitorLedger: Sendable, Hashable {
    /// `in` counts.
    public private(set) var ins = MinuteCounts()
    /// `out` counts.
    public private(set) var outs = MinuteCounts()
    /// True once any line carried an explicit `in` or `out`: "now" is then the occupancy.
    public var hasDirections = false
    /// A snapshot from `visitors/counter.json`, shown as is when present.
    public var snapshot: VisitorFigures?

    public init() {}

    /// A ledger from stored counts (a checkpoint).
    public init(ins: MinuteCounts, outs: MinuteCounts, hasDirections: Bool) {
        self.ins = ins
        self.outs = outs
        self.hasDirections = hasDirections
    }

    /// Days before this one are kept in quarter hours from the start (see `MinuteCounts`).
    public var detailFromDay: Int64 {
        get { ins.detailFromDay }
        set { ins.detailFromDay = newValue; outs.detailFromDay = newValue }
    }

    /// `in` counts by the first minute of their slot: for checks and tests.
    public var inByMinute: [Int64: Int] { ins.buckets }
    /// `out` counts by the first minute of their slot: for checks and tests.
    public var outByMinute: [Int64: Int] { outs.buckets }

    /// Folds the days before `day` (days since 1970, UTC) into quarter hours.
    ///
    /// Figures stay exact: every period starts on a quarter hour in every time zone in use today
    /// (offsets are whole quarter hours), and only "now" (at most a day) needs single minutes.
    /// Years of history then take 96 counters a day instead of 1,440.
    public mutating func compact(beforeDay day: Int64) {
        ins.compact(beforeDay: day)
        outs.compact(beforeDay: day)
    }

    /// Records `count` visits at `time` (seconds since 1970).
    public mutating func record(at time: Int64, count: Int, isOut: Bool) {
        record(minute: time.floorDivided(by: 60), count: count, isOut: isOut)
    }

    /// Records `count` visits in `minute` (minutes since 1970).
    @inline(__always)
    public mutating func record(minute: Int64, count: Int, isOut: Bool) {
        if isOut { outs.add(count, atMinute: minute) } else { ins.add(count, atMinute: minute) }
    }

    /// Adds every count of another ledger (several entrances, several log files).
    public mutating func merge(_ other: VisitorLedger) {
        ins.add(other.ins)
        outs.add(other.outs)
        hasDirections = hasDirections || other.hasDirections
    }

    /// The six figures at `date`, periods cut in `timeZone`, weeks starting on `firstWeekday`.
    public func figures(at date: Date, timeZone: TimeZone, firstWeekday: Int = 2, nowWindowMinutes: Int = 15) -> VisitorFigures {
        if let snapshot { return snapshot }
        let periods = PeriodStarts(at: date, timeZone: timeZone, firstWeekday: firstWeekday)
        let nowMinute = periods.nowMinute
        var figures = VisitorFigures()
        figures.total = ins.sum(from: .min, through: nowMinute)
        figures.year = ins.sum(from: periods.year, through: nowMinute)
        figures.month = ins.sum(from: periods.month, through: nowMinute)
        figures.week = ins.sum(from: periods.week, through: nowMinute)
        figures.today = ins.sum(from: periods.day, through: nowMinute)
        if hasDirections {
            figures.now = max(0, figures.today - outs.sum(from: periods.day, through: nowMinute))
        } else {
            figures.now = ins.sum(from: nowMinute - Int64(nowWindowMinutes) + 1, through: nowMinute)
        }
        return figures
    }

    /// Visits (`in`) of each of the `days` days ending with the day of `date`, oldest first.
    public func dailyVisits(endingAt date: Date, days: Int, timeZone: TimeZone) -> [Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let todayStart = calendar.startOfDay(for: date)
        let nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        return (0..<days).map { index in
            let back = days - 1 - index
            guard let start = calendar.date(byAdding: .day, value: -back, to: todayStart),
                  let end = calendar.date(byAdding: .day, value: 1, to: start) else { return 0 }
            let first = Int64((start.timeIntervalSince1970 / 60).rounded(.down))
            let last = min(Int64((end.timeIntervalSince1970 / 60).rounded(.down)) - 1, nowMinute)
            return ins.sum(from: first, through: last)
        }
    }
}

/// The first minutes (since 1970) of the day, week, month and year that contain an instant.
public struct PeriodStarts: Sendable, Equatable {
    public let nowMinute: Int64
    public let day: Int64, week: Int64, month: Int64, year: Int64

    public init(at date: Date, timeZone: TimeZone, firstWeekday: Int = 2) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = firstWeekday
        func start(_ component: Calendar.Component) -> Int64 {
            let start = calendar.dateInterval(of: component, for: date)?.start ?? date
            return Int64((start.timeIntervalSince1970 / 60).rounded(.down))
        }
        nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        day = start(.day); week = start(.weekOfYear); month = start(.month); year = start(.year)
    }
}
