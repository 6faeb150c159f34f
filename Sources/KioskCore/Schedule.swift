import FoundationEssentials

/// The `[schedule]` of kiosk.toml: when the screen is dark or dimmed, and which scenes the
/// unattended screen cycles through. Every part is optional; the default schedules nothing.
public struct ScheduleSettings: Sendable, Hashable {
    /// Chế độ ban đêm: a darker, dimmer palette during these hours; empty = never night.
    public var night: DailyHours = .never
    /// The screen is black during these hours every day; empty = never off.
    public var off: DailyHours = .never
    /// Opening hours by weekday; outside them the screen is off. nil = open every day, all day.
    public var opening: WeeklyHours?
    /// A shell command run when the screen goes off (e.g. CEC standby for the TV).
    public var offCommand: String?
    /// A shell command run when the screen comes back on.
    public var onCommand: String?
    /// The scenes the unattended screen cycles through; empty = no playlist.
    public var playlist: [PlaylistStep] = []

    public init() {}
}

/// One scene of the playlist and how long it stays.
public struct PlaylistStep: Sendable, Hashable {
    public var scene: SceneID
    public var seconds: Double

    public init(scene: SceneID, seconds: Double) {
        self.scene = scene
        self.seconds = seconds
    }
}

/// What the schedule wants the screen to be doing.
public enum ScreenMode: Sendable, Hashable {
    /// The normal palette.
    case day
    /// The darker, dimmer night palette.
    case night
    /// Black; nothing is drawn.
    case off
}

extension ScheduleSettings {
    /// Whether anything is scheduled at all (for status/logging). The commands alone schedule
    /// nothing: they only run when the hours turn the screen off and on.
    public var isEmpty: Bool { night.isEmpty && off.isEmpty && opening == nil && playlist.isEmpty }

    /// off if inside `off` hours or outside the day's opening hours; else night inside `night`
    /// hours; else day. Hours are read on the wall clock of `timeZone` (Gregorian weekdays).
    public func mode(at date: Date, timeZone: ZoneRules) -> ScreenMode {
        let offset = Int64(timeZone.secondsFromGMT(for: date))
        return mode(wallSeconds: date.timeIntervalSince1970 + Double(offset))
    }

    /// The mode at a wall-clock reading, given as seconds since 1970-01-01 00:00 on that clock:
    /// plain arithmetic, no Calendar, so `nextModeChange` can test every boundary of a week cheaply.
    func mode(wallSeconds: Double) -> ScreenMode {
        let day = (wallSeconds / 86_400).rounded(.down)
        let second = wallSeconds - day * 86_400
        if off.contains(secondOfDay: second) { return .off }
        if let opening, !opening.isOpen(on: Weekday(daysSince1970: Int64(day)), secondOfDay: second) { return .off }
        if night.contains(secondOfDay: second) { return .night }
        return .day
    }

    /// How far ahead `nextModeChange` looks. A schedule repeats every week on the wall clock, so
    /// a mode that does not change within 8 days never changes; the extra day covers a change
    /// that only exists inside an hour a spring-forward night skipped this week.
    static let lookAheadSeconds: Int64 = 8 * 86_400

    /// The first instant after `date` at which `mode` differs; nil if it never changes (no
    /// schedule, or hours that keep one mode around the clock).
    ///
    /// Exact: the result is the instant the wall clock reaches a range's start or end, so the main
    /// loop can sleep until it. Computed from range boundaries over the next 8 days, never minute
    /// by minute. Where the clock jumps (daylight saving time), the change happens at the jump: a
    /// boundary the clock skips (02:30 on a spring-forward night) takes effect at the first instant
    /// after it (03:00), and a boundary in an hour the clock repeats is crossed twice.
    public func nextModeChange(after date: Date, timeZone: ZoneRules) -> Date? {
        if night.isEmpty && off.isEmpty && opening == nil { return nil }
        let from = date.timeIntervalSince1970
        guard from.isFinite, abs(from) < 1e15 else { return nil }
        let current = mode(at: date, timeZone: timeZone)
        let minutes = boundaryMinutes
        let first = Int64(from.rounded(.down))
        let last = first + Self.lookAheadSeconds
        // Stretches of constant UTC offset: within one, the wall clock runs with real time, so it
        // reaches wall time L at exactly L - offset; where one ends, the clock jumps.
        for stretch in Self.offsetStretches(from: first, to: last, timeZone: timeZone) {
            var candidates: [Int64] = []
            if stretch.start > first { candidates.append(stretch.start) }   // the jump itself
            let wallFirst = stretch.start + stretch.offset, wallLast = stretch.end + stretch.offset
            var day = Self.floorDiv(wallFirst, 86_400)
            while day * 86_400 <= wallLast {
                for minute in minutes {
                    let instant = day * 86_400 + Int64(minute) * 60 - stretch.offset
                    if instant >= stretch.start && instant < stretch.end && Double(instant) > from { candidates.append(instant) }
                }
                day += 1
            }
            candidates.sort()
            for instant in candidates where mode(wallSeconds: Double(instant + stretch.offset)) != current {
                return Date(timeIntervalSince1970: Double(instant))
            }
        }
        return nil
    }

    /// Every minute of the day at which some range starts or ends (24:00 as 0), and midnight,
    /// where the weekday of the opening hours changes.
    private var boundaryMinutes: [Int] {
        var minutes: Set<Int> = [0]
        var all = night.ranges + off.ranges
        if let opening { for day in Weekday.allCases { all += opening[day].ranges } }
        for r in all { minutes.insert(r.start % 1440); minutes.insert(r.end % 1440) }
        return minutes.sorted()
    }

    /// [start, end) pieces of [from, to) with one UTC offset each, cut where the zone's rules
    /// change the offset (daylight saving time, and a change of standard offset alike).
    static func offsetStretches(from: Int64, to: Int64, timeZone: ZoneRules) -> [(start: Int64, end: Int64, offset: Int64)] {
        var stretches: [(start: Int64, end: Int64, offset: Int64)] = []
        var start = from
        while start < to {
            let end = min(timeZone.nextOffsetChange(after: start) ?? to, to)
            stretches.append((start, end, Int64(timeZone.offset(at: start))))
            start = end
        }
        return stretches
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// The playlist's scene at `date` and when it ends: follows the wall clock (seconds since
    /// 1970 modulo the cycle length), so every screen with the same playlist shows the same scene
    /// at the same time and a restart resumes where the clock is; nil without a playlist.
    ///
    /// `until` is when `index` next changes (the next step may show the same scene again);
    /// `Date.distantFuture` for a playlist of one step, which never changes. Steps are timed to
    /// the millisecond in whole numbers, so that asking again at `until` gives the next step
    /// (with Double seconds, 1.7e9 + 12.3 can round to just before the boundary and repeat it).
    public func playlistScene(at date: Date) -> (scene: SceneID, index: Int, until: Date)? {
        let steps = playlist.enumerated().compactMap { item -> (index: Int, scene: SceneID, ms: Int64)? in
            let seconds = item.element.seconds
            guard seconds.isFinite, seconds > 0, seconds < 1e9 else { return nil }
            let ms = Int64((seconds * 1000).rounded())
            return ms > 0 ? (item.offset, item.element.scene, ms) : nil
        }
        guard let only = steps.first else { return nil }
        if steps.count == 1 { return (only.scene, only.index, .distantFuture) }
        let cycle = steps.reduce(Int64(0)) { $0 + $1.ms }
        let t = date.timeIntervalSince1970 * 1000
        guard t.isFinite, abs(t) < 1e18 else { return (only.scene, only.index, .distantFuture) }
        let now = Int64(t.rounded())
        let cycleStart = now - (now % cycle + cycle) % cycle
        var end = cycleStart
        for step in steps {
            end += step.ms
            if now < end { return (step.scene, step.index, Date(timeIntervalSince1970: Double(end) / 1000)) }
        }
        return nil   // unreachable: now < cycleStart + cycle
    }
}
