/// Visit counts of one direction by UTC minute, kept as one page of counts a UTC day.
///
/// A log of three years holds about 1.6 million distinct minutes: a dictionary of them cost half
/// a second to fill and some 40 MB, where pages of 1,440 counters are filled at array speed and
/// summed a page at a time. A page can be *compact*: 96 quarter-hour counters instead of 1,440
/// minutes, for days old enough that only their quarter hours matter (every period starts on a
/// quarter hour in every time zone in use today; only "now" needs single minutes). Each page keeps
/// its total, so a year or the grand total is a sum of a few hundred totals.
public struct MinuteCounts: Sendable {
    /// One UTC day of counts.
    public struct Page: Sendable, Equatable {
        public static let minutes = 1440
        public static let quarters = 96

        /// Days since 1970-01-01 (UTC).
        public let day: Int64
        /// 1,440 minute counts, or 96 quarter-hour counts when compact.
        public fileprivate(set) var slots: [Int]
        /// The sum of `slots`.
        public fileprivate(set) var total: Int

        public var isCompact: Bool { slots.count == Self.quarters }
        /// Minutes a slot spans: 1 or 15.
        public var slotMinutes: Int { isCompact ? 15 : 1 }

        init(day: Int64, compact: Bool) {
            self.day = day
            slots = [Int](repeating: 0, count: compact ? Self.quarters : Self.minutes)
            total = 0
        }

        /// The first minute (since 1970) of slot `index`.
        @inline(__always)
        public func minute(ofSlot index: Int) -> Int64 { day * 1440 + Int64(index * slotMinutes) }

        /// This page with its minutes folded into quarter hours.
        func compacted() -> Page {
            guard !isCompact else { return self }
            var page = Page(day: day, compact: true)
            page.slots.withUnsafeMutableBufferPointer { quarters in
                slots.withUnsafeBufferPointer { minutes in
                    for minute in 0..<minutes.count { quarters[minute / 15] += minutes[minute] }
                }
            }
            page.total = total
            return page
        }

        /// Slots whose first minute lies in `first...last`, summed.
        func sum(from first: Int64, through last: Int64) -> Int {
            let start = day * 1440
            if first <= start && last >= start + 1439 { return total }
            let width = Int64(slotMinutes)
            let first = max(first, start), last = min(last, start + 1439)
            // Slot i starts at start + i·width: the first slot starting at or after `first`, and
            // the last slot starting at or before `last`.
            let low = max(0, Int((first - start + width - 1).floorDivided(by: width)))
            let high = min(slots.count - 1, Int((last - start).floorDivided(by: width)))
            guard low <= high else { return 0 }
            var sum = 0
            for index in low...high { sum += slots[index] }
            return sum
        }
    }

    /// Pages in order of day, at most one a day.
    public private(set) var pages: [Page] = []
    /// Pages created for days before this one are compact from the start (a long log read at
    /// start-up then never builds the minute pages it would fold an hour later).
    public var detailFromDay: Int64 = .min
    /// The page the last `add` went to: a log is written in time order, so nearly every add
    /// lands on the same page as the one before.
    private var cursor = 0

    public init() {}

    /// The sum of every count.
    public var total: Int { pages.reduce(0) { $0 + $1.total } }

    /// Adds `count` at `minute` (minutes since 1970, UTC).
    @inline(__always)
    public mutating func add(_ count: Int, atMinute minute: Int64) {
        let day = minute.floorDivided(by: 1440)
        if cursor >= pages.count || pages[cursor].day != day { cursor = pageIndex(for: day) }
        let minuteOfDay = Int(minute - day * 1440)
        let slot = pages[cursor].isCompact ? minuteOfDay / 15 : minuteOfDay
        pages[cursor].slots[slot] += count
        pages[cursor].total += count
    }

    /// Adds every count of `other`; a day compact in either is compact in the result.
    public mutating func add(_ other: MinuteCounts) {
        for page in other.pages where page.total != 0 {
            let index = pageIndex(for: page.day, compact: page.isCompact)
            if page.isCompact && !pages[index].isCompact { pages[index] = pages[index].compacted() }
            // Slot i of `page` goes to slot i / ratio here: 1 when both have the same width, 15
            // when a day in minutes is added to a compact one.
            let ratio = pages[index].isCompact == page.isCompact ? 1 : 15
            pages[index].slots.withUnsafeMutableBufferPointer { target in
                page.slots.withUnsafeBufferPointer { source in
                    for slot in 0..<source.count { target[slot / ratio] += source[slot] }
                }
            }
            pages[index].total += page.total
        }
    }

    /// Makes every page of a day before `day` compact.
    public mutating func compact(beforeDay day: Int64) {
        for index in pages.indices where pages[index].day < day && !pages[index].isCompact {
            pages[index] = pages[index].compacted()
        }
    }

    /// Counts whose slot starts in `first...last` (minutes since 1970).
    public func sum(from first: Int64, through last: Int64) -> Int {
        guard first <= last else { return 0 }
        var index = firstIndex(atOrAfter: first.floorDivided(by: 1440))
        let lastDay = last.floorDivided(by: 1440)
        var sum = 0
        while index < pages.count && pages[index].day <= lastDay {
            sum += pages[index].sum(from: first, through: last)
            index += 1
        }
        return sum
    }

    /// Stores a page read from a checkpoint; false unless `slots` has 96 or 1,440 counts and the day is new.
    public mutating func insert(day: Int64, slots: [Int]) -> Bool {
        guard slots.count == Page.quarters || slots.count == Page.minutes else { return false }
        let index = pageIndex(for: day)
        var page = Page(day: day, compact: slots.count == Page.quarters)
        page.slots = slots
        page.total = slots.reduce(0, +)
        if pages[index].total != 0 { return false }   // a day stored twice
        pages[index] = page
        return true
    }

    /// Non-zero slots by their first minute: for checks and tests, not for speed.
    public var buckets: [Int64: Int] {
        var result: [Int64: Int] = [:]
        for page in pages {
            for index in page.slots.indices where page.slots[index] != 0 { result[page.minute(ofSlot: index)] = page.slots[index] }
        }
        return result
    }

    /// The index of the page of `day`, inserting an empty one if there is none.
    /// A new page is compact when `compact` says so, else when its day is before `detailFromDay`.
    private mutating func pageIndex(for day: Int64, compact: Bool = false) -> Int {
        if let last = pages.last, last.day < day {
            pages.append(Page(day: day, compact: compact || day < detailFromDay))
            return pages.count - 1
        }
        let index = firstIndex(atOrAfter: day)
        if index == pages.count || pages[index].day != day {
            pages.insert(Page(day: day, compact: compact || day < detailFromDay), at: index)
        }
        return index
    }

    private func firstIndex(atOrAfter day: Int64) -> Int {
        var low = 0, high = pages.count
        while low < high {
            let mid = (low + high) / 2
            if pages[mid].day < day { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension MinuteCounts: Hashable {
    public static func == (a: MinuteCounts, b: MinuteCounts) -> Bool {
        // Empty pages (left by a checkpoint or an emptied day) do not make two ledgers differ.
        a.pages.filter { $0.total != 0 } == b.pages.filter { $0.total != 0 }
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
    }
}

extension Int64 {
    /// Division rounding towards minus infinity (minutes and days before 1970 included).
    @inline(__always)
    public func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
