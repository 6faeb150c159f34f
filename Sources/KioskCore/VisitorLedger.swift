import FoundationEssentials

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
    public func figures(at date: Date, timeZone: ZoneRules, firstWeekday: Int = 2, nowWindowMinutes: Int = 15) -> VisitorFigures {
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
    public func dailyVisits(endingAt date: Date, days: Int, timeZone: ZoneRules) -> [Int] {
        let nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        let today = LocalDay.containing(date, in: timeZone)
        return (0..<days).map { index in
            let day = today - Int64(days - 1 - index)
            let first = LocalDay.firstMinute(of: day, in: timeZone)
            let last = min(LocalDay.firstMinute(of: day + 1, in: timeZone) - 1, nowMinute)
            return ins.sum(from: first, through: last)
        }
    }
}

/// The first minutes (since 1970) of the day, week, month and year that contain an instant, on
/// the wall clock of a zone: what Foundation's Calendar(.gregorian).dateInterval(of:for:) gives.
public struct PeriodStarts: Sendable, Equatable {
    public let nowMinute: Int64
    public let day: Int64, week: Int64, month: Int64, year: Int64

    /// `firstWeekday` counts as Foundation's does: 1 is Sunday, 2 Monday … 7 Saturday.
    public init(at date: Date, timeZone: ZoneRules, firstWeekday: Int = 2) {
        nowMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        let today = LocalDay.containing(date, in: timeZone)
        let civil = InstantText.civil(daysSince1970: today)
        let weekday = Weekday(daysSince1970: today).rawValue
        let intoWeek = ((weekday - min(max(firstWeekday, 1), 7)) % 7 + 7) % 7
        day = LocalDay.firstMinute(of: today, in: timeZone)
        week = LocalDay.firstMinute(of: today - Int64(intoWeek), in: timeZone)
        month = LocalDay.firstMinute(of: CivilDays.from(year: civil.year, month: civil.month, day: 1), in: timeZone)
        year = LocalDay.firstMinute(of: CivilDays.from(year: civil.year, month: 1, day: 1), in: timeZone)
    }
}

/// Days on a zone's wall clock, counted from 1970-01-01.
enum LocalDay {
    /// The local day an instant falls on.
    static func containing(_ date: Date, in zone: ZoneRules) -> Int64 {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        return (t + Int64(zone.offset(at: t))).floorDivided(by: 86_400)
    }

    /// The minute (since 1970) a local day begins: its midnight, or where a zone skips midnight
    /// (a spring-forward at 00:00), the first instant the clock shows on that day.
    static func firstMinute(of day: Int64, in zone: ZoneRules) -> Int64 {
        zone.instant(fromLocal: day * 86_400).floorDivided(by: 60)
    }
}
