import Foundation
import Testing
@testable import KioskCore

@Suite struct MinuteCountsTests {
    @Test func sumsAcrossDaysAndBefore1970() {
        var counts = MinuteCounts()
        for minute: Int64 in [-1441, -1, 0, 1439, 1440, 10_000] { counts.add(2, atMinute: minute) }
        #expect(counts.pages.map(\.day) == [-2, -1, 0, 1, 6])
        #expect(counts.total == 12)
        #expect(counts.sum(from: -1, through: 1440) == 8)
        #expect(counts.sum(from: 0, through: 1439) == 4)
        #expect(counts.sum(from: 1, through: 1438) == 0)
        #expect(counts.sum(from: .min, through: .max) == 12)
        #expect(counts.sum(from: 5, through: 4) == 0)
    }

    @Test func pagesStayInOrderWhateverTheOrderOfAdds() {
        var counts = MinuteCounts()
        var random = SystemRandomNumberGenerator()
        var expected: [Int64: Int] = [:]
        for _ in 0..<2000 {
            let minute = Int64.random(in: -50_000...50_000, using: &random)
            counts.add(1, atMinute: minute)
            expected[minute, default: 0] += 1
        }
        #expect(counts.buckets == expected)
        #expect(zip(counts.pages, counts.pages.dropFirst()).allSatisfy { $0.day < $1.day })
    }

    @Test func compactPagesKeepQuarterHourSums() {
        var counts = MinuteCounts()
        for minute in Int64(0)..<2880 { counts.add(1, atMinute: minute) }
        counts.compact(beforeDay: 1)
        #expect(counts.pages[0].isCompact && !counts.pages[1].isCompact)
        #expect(counts.total == 2880)
        #expect(counts.sum(from: 15, through: 29) == 15)         // one quarter
        #expect(counts.sum(from: 15, through: 1439) == 1425)
        #expect(counts.buckets[15] == 15)
        // A compact day taken in: a full day of the same date becomes compact, no visit lost.
        var other = MinuteCounts()
        other.add(5, atMinute: 1440 + 7)
        other.compact(beforeDay: 2)
        counts.add(other)
        #expect(counts.pages[1].isCompact)
        #expect(counts.total == 2885)
        #expect(counts.sum(from: 1440, through: 1454) == 20)
    }

    @Test func daysBeforeTheDetailDayAreCompactFromTheStart() {
        var counts = MinuteCounts()
        counts.detailFromDay = 10
        counts.add(1, atMinute: 9 * 1440 + 3)
        counts.add(1, atMinute: 10 * 1440 + 3)
        #expect(counts.pages.map(\.isCompact) == [true, false])
    }

    @Test func storedPagesAreChecked() {
        var counts = MinuteCounts()
        let first = counts.insert(day: 3, slots: [Int](repeating: 1, count: 96))
        let twice = counts.insert(day: 3, slots: [Int](repeating: 1, count: 96))
        let neitherWidth = counts.insert(day: 4, slots: [1, 2, 3])
        #expect(first && !twice && !neitherWidth)
        #expect(counts.total == 96)
    }

    /// The figures of a ledger against the same figures counted from the raw visits with Foundation's
    /// calendar, in zones with whole, half and three-quarter hour offsets and one with summer time,
    /// at random instants; once with every day in minutes, once with the days before the instant's
    /// detail day compacted as the screen does.
    @Test(arguments: ["Asia/Ho_Chi_Minh", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Paris", "America/St_Johns"])
    func figuresMatchACountOfTheRawVisits(zoneName: String) {
        let zone = ZoneRules.named(zoneName)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.foundation
        calendar.firstWeekday = 2
        var random = SplitMix64(seed: zoneName.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        let start: Int64 = 1_700_000_000   // November 2023
        var visits: [(time: Int64, count: Int, isOut: Bool)] = []
        var time = start
        for _ in 0..<4000 {
            time += Int64(random.next() % 40_000)
            visits.append((time, Int(random.next() % 3) + 1, random.next() % 5 == 0))
        }
        var ledger = VisitorLedger()
        ledger.hasDirections = true
        for visit in visits { ledger.record(at: visit.time, count: visit.count, isOut: visit.isOut) }
        for _ in 0..<40 {
            let at = Date(timeIntervalSince1970: TimeInterval(start + Int64(random.next() % UInt64(time - start + 86_400))))
            // Visits count up to the end of the minute `at` is in.
            let nowMinuteEnd = (Int64(at.timeIntervalSince1970) / 60 + 1) * 60
            func visitsSince(_ begin: Int64, out: Bool = false) -> Int {
                visits.filter { $0.isOut == out && $0.time >= begin && $0.time < nowMinuteEnd }.reduce(0) { $0 + $1.count }
            }
            func count(_ component: Calendar.Component) -> Int {
                visitsSince(Int64(calendar.dateInterval(of: component, for: at)!.start.timeIntervalSince1970))
            }
            let dayStart = Int64(calendar.startOfDay(for: at).timeIntervalSince1970)
            let inToday = visitsSince(dayStart), outToday = visitsSince(dayStart, out: true)
            let total = visitsSince(.min)
            let expected = VisitorFigures(now: max(0, inToday - outToday), today: count(.day), week: count(.weekOfYear),
                                          month: count(.month), year: count(.year), total: total)
            #expect(ledger.figures(at: at, timeZone: zone) == expected, "\(at) in \(zoneName)")
            var compacted = ledger
            compacted.compact(beforeDay: (Int64(at.timeIntervalSince1970) / 60 - 2880).floorDivided(by: 1440))
            #expect(compacted.figures(at: at, timeZone: zone) == expected, "\(at) in \(zoneName), compacted")
        }
    }
}

/// A repeatable random source for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
