import Foundation
import Testing
@testable import KioskCore

// ZoneRules, the TZif reader that replaces ICU's time zones on the running screen, against its
// oracle: Foundation's TimeZone and Gregorian Calendar on Linux. Foundation reads no TZif file: it
// asks ICU, whose tz data is compiled into lib_FoundationICU.so (release 2025b here, the same as
// Debian's tzdata 2025b-0+deb12u2). The two agree on every zone and instant checked below.
// A one-off scan of all 447 zones, 1900-2100, found differences only before 1970, where Debian
// builds tzdata with the `backzone` histories and ICU uses the merged ones (e.g. Africa/Accra until
// 1956, Europe/Amsterdam and Europe/Oslo until the 1940s-60s, Atlantic/Reykjavik until 1968), and in
// the legacy names EET (until 1980) and WET (until 1996); none of them is tested here. Casablanca
// and Apia agree completely. `icuDisagrees` is where to record spans if a future update lets the
// two drift apart, so that such a zone is compared against Foundation only where they agree.

private let oracleZones = [
    "Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC", "Europe/Berlin", "Europe/London", "America/New_York",
    "America/Sao_Paulo", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
    "Pacific/Chatham", "America/Santiago", "Africa/Casablanca", "Asia/Tehran", "Pacific/Apia",
    "Europe/Dublin", "America/St_Johns",
]

/// Spans (instants) in which Foundation's zone data is known to differ from tzdata's, per zone.
private let icuDisagrees: [String: [ClosedRange<Int64>]] = [:]

private func foundationAgrees(_ zone: String, at t: Int64) -> Bool {
    !(icuDisagrees[zone] ?? []).contains { $0.contains(t) }
}

// MARK: Helpers (their own arithmetic, not the code under test's)

private let utcCalendar: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "UTC")!
    return c
}()

/// Seconds since the epoch of a UTC (or local wall-clock) reading, by Foundation's UTC calendar.
private func zrUTC(_ y: Int, _ m: Int = 1, _ d: Int = 1, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
    Int64(utcCalendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s))!.timeIntervalSince1970)
}

/// The wall-clock fields of a reading counted in seconds since 1970-01-01T00:00.
private func zrFields(_ local: Int64) -> DateComponents {
    utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(local)))
}

private func zrDate(_ t: Int64) -> Date { Date(timeIntervalSince1970: Double(t)) }

private func zoneBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try #require(FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name)))
}

/// Every change of a zone's offset in [from, to), by sampling `offset` every `step` seconds and
/// bisecting each step over which it differs: the brute force that `nextOffsetChange` must match.
private func bruteForceChanges(_ offset: (Int64) -> Int, from: Int64, to: Int64, step: Int64 = 3 * 3600) -> [Int64] {
    var out: [Int64] = []
    var t = from, previous = offset(from)
    while t < to {
        let u = min(t + step, to)
        let o = offset(u)
        if o != previous {
            var lo = t, hi = u  // offset(lo) == previous, offset(hi) != previous
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if offset(mid) == previous { lo = mid } else { hi = mid }
            }
            out.append(hi)
        }
        previous = o
        t = u
    }
    return out
}

private func changes(_ rules: ZoneRules, from: Int64, to: Int64) -> [Int64] {
    var out: [Int64] = []
    var t = from
    while let c = rules.nextOffsetChange(after: t), c < to {
        out.append(c)
        t = c
    }
    return out
}

/// A TZif file written by hand: both data blocks (the 32-bit one keeps the transitions that fit,
/// as zic does) and the footer; `version` 0 writes a version-1 file, 32-bit block only.
private func makeTZif(version: UInt8 = 0x32, transitions: [(Int64, UInt8)] = [], types: [(Int32, Bool)] = [(0, false)],
                      leaps: [(Int64, Int32)] = [], footer: String? = "") -> [UInt8] {
    func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    func be64(_ v: Int64) -> [UInt8] { be32(UInt32(UInt64(bitPattern: v) >> 32)) + be32(UInt32(UInt64(bitPattern: v) & 0xFFFF_FFFF)) }
    let chars: [UInt8] = Array("ZZZ\0".utf8)
    func block(_ wide: Bool) -> [UInt8] {
        let ts = wide ? transitions : transitions.filter { Int64(Int32.min)...Int64(Int32.max) ~= $0.0 }
        let ls = wide ? leaps : leaps.filter { Int64(Int32.min)...Int64(Int32.max) ~= $0.0 }
        var out: [UInt8] = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        for count in [types.count, types.count, ls.count, ts.count, types.count, chars.count] { out += be32(UInt32(count)) }
        for (t, _) in ts { out += wide ? be64(t) : be32(UInt32(bitPattern: Int32(t))) }
        for (_, i) in ts { out.append(i) }
        for (utoff, dst) in types { out += be32(UInt32(bitPattern: utoff)) + [dst ? 1 : 0, 0] }
        out += chars
        for (t, c) in ls { out += (wide ? be64(t) : be32(UInt32(bitPattern: Int32(t)))) + be32(UInt32(bitPattern: c)) }
        out += [UInt8](repeating: 0, count: 2 * types.count)  // standard/wall and UT/local indicators
        return out
    }
    if version == 0 { return block(false) }
    var out = block(false) + block(true)
    if let footer { out += [0x0A] + Array(footer.utf8) + [0x0A] }
    return out
}

/// The offset, next change and a local reading at a spread of instants, extremes included: on any
/// parsed input these must return, not trap.
private func exercise(_ rules: ZoneRules) {
    for t: Int64 in [.min, .min + 1, -10_000_000_000_000, -2_208_988_800, 0, 1_700_000_000, 2_200_000_000, 99_999_999_999, .max - 1, .max] {
        _ = rules.offset(at: t)
        _ = rules.nextOffsetChange(after: t)
        _ = rules.instant(fromLocal: t)
    }
}

// MARK: Against Foundation

@Test(arguments: oracleZones)
func offsetsAreFoundationsFrom1900To2100(zone: String) throws {
    let rules = try #require(ZoneRules.named(zone))
    let tz = try #require(TimeZone(identifier: zone))
    let start = zrUTC(1900), end = zrUTC(2100)
    var samples: [Int64] = []
    // Densely: every six days and an hour, so the time of day drifts through the whole day.
    samples += stride(from: start, to: end, by: 6 * 86_400 + 3_607)
    // Around every transition Foundation reports (daylight-saving ones only) ...
    var d = zrDate(start)
    while let n = tz.nextDaylightSavingTimeTransition(after: d), n.timeIntervalSince1970 < Double(end) {
        let t = Int64(n.timeIntervalSince1970.rounded(.down))
        samples += [t - 1, t, t + 1]
        d = n
    }
    // ... and around every change ZoneRules reports (which includes the other ones).
    let ours = changes(rules, from: start, to: end)
    for c in ours { samples += [c - 1, c, c + 1] }
    #expect(zone == "UTC" || !ours.isEmpty)

    var mismatches: [String] = []
    for t in samples where foundationAgrees(zone, at: t) {
        let expected = tz.secondsFromGMT(for: zrDate(t))
        let got = rules.offset(at: t)
        if got != expected { mismatches.append("t=\(t) (\(zrDate(t))) ours \(got) Foundation \(expected)") }
    }
    #expect(mismatches.isEmpty, "\(zone): \(mismatches.count) of \(samples.count) differ, first: \(mismatches.prefix(5))")
}

@Test(arguments: oracleZones)
func localReadingsAreFoundationCalendarsDates(zone: String) throws {
    let rules = try #require(ZoneRules.named(zone))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: zone))
    var readings: [Int64] = []
    // Every hour of local time over years with changes (and after 2038, where the footer rule governs) ...
    for year in [2024, 2045] {
        readings += stride(from: zrUTC(year), to: zrUTC(year + 1), by: 3600)
    }
    // ... and every quarter of an hour (Lord Howe moves by half an hour, Chatham sits at :45)
    // for a day either side of each change from 1900 to 2100, read on the clock before it.
    for c in changes(rules, from: zrUTC(1900), to: zrUTC(2100)) {
        let wall = c + Int64(rules.offset(at: c - 1))
        readings += stride(from: wall - 86_400 / 2, through: wall + 86_400 / 2, by: 900)
    }
    var mismatches: [String] = []
    for local in readings {
        let fields = zrFields(local)
        guard let date = calendar.date(from: fields) else { continue }
        let expected = Int64(date.timeIntervalSince1970)
        guard foundationAgrees(zone, at: expected) else { continue }
        let got = rules.instant(fromLocal: local)
        if got != expected { mismatches.append("\(fields.year!)-\(fields.month!)-\(fields.day!) \(fields.hour!):\(fields.minute!) ours \(got) Foundation \(expected)") }
    }
    #expect(mismatches.isEmpty, "\(zone): \(mismatches.count) of \(readings.count) differ, first: \(mismatches.prefix(5))")
}

/// Named cases: a skipped reading is read with the offset before the change (and lands after it);
/// a repeated one names the earlier instant. Foundation gives the same.
@Test func skippedAndRepeatedReadings() throws {
    let cases: [(zone: String, local: (Int, Int, Int, Int, Int), utc: Int64)] = [
        // Berlin springs forward 02:00 CET → 03:00 CEST at 01:00Z; 02:30 is read as CET.
        ("Europe/Berlin", (2024, 3, 31, 2, 30), zrUTC(2024, 3, 31, 1, 30)),
        // Falls back 03:00 CEST → 02:00 CET at 01:00Z; 02:30 is first reached in CEST.
        ("Europe/Berlin", (2024, 10, 27, 2, 30), zrUTC(2024, 10, 27, 0, 30)),
        ("America/New_York", (2024, 3, 10, 2, 30), zrUTC(2024, 3, 10, 7, 30)),
        ("America/New_York", (2024, 11, 3, 1, 30), zrUTC(2024, 11, 3, 5, 30)),
        // Lord Howe moves by half an hour: 02:00 → 02:30 at 15:30Z the day before.
        ("Australia/Lord_Howe", (2024, 10, 6, 2, 15), zrUTC(2024, 10, 5, 15, 45)),
        ("Australia/Lord_Howe", (2024, 4, 7, 1, 45), zrUTC(2024, 4, 6, 14, 45)),
        // Dublin's daylight-saving time is negative in tzdata (GMT in winter is the "DST"); same wall clock.
        ("Europe/Dublin", (2024, 3, 31, 1, 30), zrUTC(2024, 3, 31, 1, 30)),
        ("Europe/Dublin", (2024, 10, 27, 1, 30), zrUTC(2024, 10, 27, 0, 30)),
        // Apia skipped 30 December 2011 whole (-10 → +14 at 10:00Z on the 30th).
        ("Pacific/Apia", (2011, 12, 30, 12, 0), zrUTC(2011, 12, 30, 22, 0)),
    ]
    for c in cases {
        let rules = try #require(ZoneRules.named(c.zone))
        let local = zrUTC(c.local.0, c.local.1, c.local.2, c.local.3, c.local.4)
        #expect(rules.instant(fromLocal: local) == c.utc, "\(c.zone) \(c.local)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: c.zone)!
        let foundation = calendar.date(from: DateComponents(year: c.local.0, month: c.local.1, day: c.local.2, hour: c.local.3, minute: c.local.4, second: 0))!
        #expect(Int64(foundation.timeIntervalSince1970) == c.utc, "Foundation, \(c.zone) \(c.local)")
    }
}

@Test func secondsFromGMTFloorsTheDateLikeFoundation() throws {
    let rules = try #require(ZoneRules.named("Europe/Berlin"))
    let berlinTZ = TimeZone(identifier: "Europe/Berlin")!
    let change = zrUTC(2024, 3, 31, 1)
    for t in [Double(change) - 0.5, Double(change) - 0.001, Double(change), Double(change) + 0.5, -2_000_000_000.25] {
        let date = Date(timeIntervalSince1970: t)
        #expect(rules.secondsFromGMT(for: date) == berlinTZ.secondsFromGMT(for: date), "\(t)")
    }
    #expect(rules.secondsFromGMT(for: Date(timeIntervalSince1970: Double(change) - 0.5)) == 3600)
    _ = rules.secondsFromGMT(for: .distantFuture)
    _ = rules.secondsFromGMT(for: .distantPast)
    _ = rules.secondsFromGMT(for: Date(timeIntervalSince1970: .nan))
    _ = rules.secondsFromGMT(for: Date(timeIntervalSince1970: .infinity))
}

// MARK: nextOffsetChange

@Test(arguments: oracleZones + ["Asia/Jerusalem", "America/Nuuk", "Antarctica/Troll"])
func nextOffsetChangeIsTheBruteForceOne(zone: String) throws {
    let rules = try #require(ZoneRules.named(zone))
    // 1966–1973 holds London's British Standard Time (a transition that keeps +1 and only drops
    // the DST flag, 1968-10-27, which is not a change); 2019–2027 the table; 2036–2044 the footer.
    for (from, to) in [(zrUTC(1966), zrUTC(1973)), (zrUTC(2019), zrUTC(2027)), (zrUTC(2036), zrUTC(2044))] {
        let expected = bruteForceChanges(rules.offset(at:), from: from, to: to)
        #expect(changes(rules, from: from, to: to) == expected, "\(zone) \(zrDate(from))")
        for c in expected {
            #expect(rules.nextOffsetChange(after: c - 1) == c)
            #expect(rules.offset(at: c) != rules.offset(at: c - 1))
        }
    }
}

@Test func nextOffsetChangeEndsOrSkipsAbbreviationOnlyTransitions() throws {
    let london = try #require(ZoneRules.named("Europe/London"))
    // BST (+1, DST) became British Standard Time (+1, not DST) on 1968-10-27 and GMT again on 1971-10-31.
    #expect(london.nextOffsetChange(after: zrUTC(1968, 6, 1)) == zrUTC(1971, 10, 31, 2))
    #expect(london.offset(at: zrUTC(1970, 1, 1)) == 3600)
    for zone in ["Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Kolkata", "UTC", "Asia/Tehran", "Africa/Casablanca"] {
        let rules = try #require(ZoneRules.named(zone))
        // Casablanca's tzdata table runs its Ramadan changes to 2087, then stays at +01.
        let quiet = zone == "Africa/Casablanca" ? zrUTC(2088) : zrUTC(2024)
        #expect(rules.nextOffsetChange(after: quiet) == nil, "\(zone)")
        #expect(rules.nextOffsetChange(after: .max) == nil, "\(zone)")
    }
    #expect(ZoneRules.utc.nextOffsetChange(after: .min) == nil)
    let hanoiRules = try #require(ZoneRules.named("Asia/Ho_Chi_Minh"))
    // Saigon's last change: to +07 on 1975-06-13 (from +08).
    #expect(hanoiRules.nextOffsetChange(after: zrUTC(1970)) == zrUTC(1975, 6, 12, 16))
}

// MARK: The footer rule on its own

/// Slim files: no transitions at all, only the footer, which then governs all time. Compared with
/// the zone whose current rule it is, from the year that rule took effect.
@Test(arguments: [
    ("CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Berlin", 1997),
    ("GMT0BST,M3.5.0/1,M10.5.0", "Europe/London", 1997),
    ("IST-1GMT0,M10.5.0,M3.5.0/1", "Europe/Dublin", 1997),
    ("EST5EDT,M3.2.0,M11.1.0", "America/New_York", 2008),
    ("EST5EDT", "America/New_York", 2008),  // no rule: the US one
    ("NST3:30NDT,M3.2.0,M11.1.0", "America/St_Johns", 2012),
    ("AEST-10AEDT,M10.1.0,M4.1.0/3", "Australia/Sydney", 2009),
    ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "Australia/Lord_Howe", 2009),
    ("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "Pacific/Chatham", 2009),
    ("<-04>4<-03>,M9.1.6/24,M4.1.6/24", "America/Santiago", 2024),  // southern, 24:00 Saturday
    ("IST-2IDT,M3.4.4/26,M10.5.0", "Asia/Jerusalem", 2014),  // 26:00 on a Thursday
    ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "America/Nuuk", 2024),  // -1:00, the evening before
    ("<+07>-7", "Asia/Ho_Chi_Minh", 1976),
    ("IST-5:30", "Asia/Kolkata", 1946),
    ("<+0545>-5:45", "Asia/Kathmandu", 1987),
    ("<-03>3", "America/Sao_Paulo", 2020),
])
func aFooterAloneIsTheZonesRule(footer: String, zone: String, fromYear: Int) throws {
    let rules = try #require(ZoneRules(identifier: zone, tzif: makeTZif(footer: footer)))
    let tz = try #require(TimeZone(identifier: zone))
    let start = zrUTC(fromYear), end = zrUTC(2100)
    var samples = Array(stride(from: start, to: end, by: 5 * 86_400 + 3_599))
    var d = zrDate(start)
    while let n = tz.nextDaylightSavingTimeTransition(after: d), n.timeIntervalSince1970 < Double(end) {
        let t = Int64(n.timeIntervalSince1970)
        samples += [t - 1, t, t + 1]
        d = n
    }
    let ours = changes(rules, from: start, to: end)
    for c in ours { samples += [c - 1, c, c + 1] }
    let wrong = samples.filter { rules.offset(at: $0) != tz.secondsFromGMT(for: zrDate($0)) }
    #expect(wrong.isEmpty, "\(footer): \(wrong.count) of \(samples.count) differ, first at \(wrong.prefix(3).map(zrDate))")
    #expect(ours == bruteForceChanges(rules.offset(at:), from: start, to: end, step: 12 * 3600))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = tz
    var misread: [DateComponents] = []
    for c in ours.prefix(12) {
        let wall = c + Int64(rules.offset(at: c - 1))
        for local in stride(from: wall - 7200, through: wall + 7200, by: 900)
        where rules.instant(fromLocal: local) != Int64(calendar.date(from: zrFields(local))!.timeIntervalSince1970) {
            misread.append(zrFields(local))
        }
    }
    #expect(misread.isEmpty, "\(footer): local readings differ: \(misread.prefix(3))")
}

@Test func dayNumberFormsAndHoursBeyondTheDay() throws {
    // J60 is March 1 in every year; -1:00 is 23:00 the evening before on the standard (-3) clock.
    // Day 300 counts February 29; 26:00 is 02:00 the next day on the daylight (-2) clock.
    let a = try #require(ZoneRules(identifier: "A", tzif: makeTZif(footer: "AAA3BBB,J60/-1,300/26")))
    for year in [2023, 2024, 2100, 2400] {
        let start = zrUTC(year, 3, 1) - 3600 + 3 * 3600
        let day300 = Int64(utcCalendar.date(byAdding: .day, value: 300, to: zrDate(zrUTC(year)))!.timeIntervalSince1970)
        let end = day300 + 26 * 3600 + 2 * 3600
        #expect(a.offset(at: start - 1) == -3 * 3600 && a.offset(at: start) == -2 * 3600, "\(year)")
        #expect(a.offset(at: end - 1) == -2 * 3600 && a.offset(at: end) == -3 * 3600, "\(year)")
        #expect(a.nextOffsetChange(after: start - 86_400) == start)
        #expect(a.nextOffsetChange(after: start) == end)
    }
    // J1 is January 1; day 59 is February 29 in a leap year and March 1 otherwise; J59 is always Feb 28.
    let b = try #require(ZoneRules(identifier: "B", tzif: makeTZif(footer: "XXX-2YYY-3,J1/0,59/0")))
    let c = try #require(ZoneRules(identifier: "C", tzif: makeTZif(footer: "XXX-2YYY-3,J1/0,J59/0")))
    for (year, leap) in [(2023, false), (2024, true), (2100, false), (2000, true)] {
        let start = zrUTC(year) - 2 * 3600
        #expect(b.nextOffsetChange(after: start - 1) == start, "\(year)")
        #expect(b.nextOffsetChange(after: start) == (leap ? zrUTC(year, 2, 29) : zrUTC(year, 3, 1)) - 3 * 3600, "\(year)")
        #expect(c.nextOffsetChange(after: start) == zrUTC(year, 2, 28) - 3 * 3600, "\(year)")
    }
    // Negative hours beyond a day: 167 hours back from the last Sunday of March, forward into April.
    let d = try #require(ZoneRules(identifier: "D", tzif: makeTZif(footer: "<+01>-1<+02>,M3.5.0/-167,M4.1.0/167")))
    let lastSundayOfMarch2025 = zrUTC(2025, 3, 30)
    #expect(d.nextOffsetChange(after: zrUTC(2025)) == lastSundayOfMarch2025 - 167 * 3600 - 3600)
    #expect(d.nextOffsetChange(after: zrUTC(2025, 3, 25)) == zrUTC(2025, 4, 6) + 167 * 3600 - 7200)
}

@Test func perpetualDaylightTimeAndOffsetsOutsideTheUsualRange() throws {
    // tzcode's spelling of daylight-saving time all year: it starts as the previous year's ends.
    let p = try #require(ZoneRules(identifier: "P", tzif: makeTZif(footer: "EST5EDT4,0/0,J365/25")))
    for t in [zrUTC(1800), zrUTC(2023, 12, 31, 23, 59, 59), zrUTC(2024) + 5 * 3600, zrUTC(2024, 6, 1), zrUTC(2025) + 4 * 3600] {
        #expect(p.offset(at: t) == -4 * 3600, "\(zrDate(t))")
    }
    #expect(p.nextOffsetChange(after: zrUTC(2024)) == nil)
    // A footer-only file governs before 1970 too, and far away in both directions.
    let berlin = try #require(ZoneRules(identifier: "Berlin", tzif: makeTZif(footer: "CET-1CEST,M3.5.0,M10.5.0/3")))
    #expect(berlin.offset(at: zrUTC(1950, 7, 1)) == 7200 && berlin.offset(at: zrUTC(1950, 1, 1)) == 3600)
    #expect(berlin.offset(at: zrUTC(1600, 7, 1)) == 7200 && berlin.offset(at: zrUTC(9999, 1, 1)) == 3600)
    let far = zrUTC(2024, 10, 27, 1) + 40_000 * 146_097 * 86_400  // 16 million years on, same calendar
    #expect(berlin.nextOffsetChange(after: far - 10) == far)
    #expect(berlin.offset(at: far) == 3600 && berlin.offset(at: far - 1) == 7200)
    exercise(berlin)
    exercise(p)
}

/// Transitions, then the footer: the footer takes over at the last transition; a transition that
/// only renames the zone is no change; time type 0 holds before the first transition.
@Test func tableThenFooter() throws {
    let t1 = zrUTC(2000, 3, 26, 1), t2 = zrUTC(2000, 10, 29, 1), t3 = zrUTC(2001, 1, 1)
    let bytes = makeTZif(transitions: [(t1, 1), (t2, 0), (t3, 2)], types: [(3600, false), (7200, true), (3600, false)],
                         footer: "CET-1CEST,M3.5.0,M10.5.0/3")
    let rules = try #require(ZoneRules(identifier: "T", tzif: bytes))
    #expect(rules.offset(at: t1 - 1) == 3600 && rules.offset(at: t1) == 7200 && rules.offset(at: t2) == 3600)
    #expect(rules.nextOffsetChange(after: zrUTC(1900)) == t1)
    #expect(rules.nextOffsetChange(after: t1) == t2)
    #expect(rules.nextOffsetChange(after: t2) == zrUTC(2001, 3, 25, 1))  // not t3
    #expect(rules.offset(at: zrUTC(2001, 7, 1)) == 7200)
    #expect(rules.offset(at: zrUTC(1800, 7, 1)) == 3600)  // type 0, not the rule

    // No footer: the last transition's offset holds forever.
    let bare = try #require(ZoneRules(identifier: "T", tzif: makeTZif(transitions: [(t1, 1)], types: [(3600, false), (7200, true)], footer: "")))
    #expect(bare.offset(at: zrUTC(2100, 1, 1)) == 7200 && bare.nextOffsetChange(after: t1) == nil)

    // A footer that disagrees with the last transition (allowed, if odd) changes the offset there.
    let odd = try #require(ZoneRules(identifier: "T", tzif: makeTZif(transitions: [(t1, 1)], types: [(3600, false), (7200, true)], footer: "<+05>-5")))
    #expect(odd.nextOffsetChange(after: t1 - 10) == t1 && odd.offset(at: t1) == 18_000 && odd.nextOffsetChange(after: t1) == nil)
}

@Test func versionOneFilesUseThe32BitBlock() throws {
    let t1 = zrUTC(1990, 1, 1), t2 = zrUTC(2030, 1, 1)
    let bytes = makeTZif(version: 0, transitions: [(t1, 1), (t2, 0)], types: [(25_590, false), (25_200, false)])
    let rules = try #require(ZoneRules(identifier: "V1", tzif: bytes))
    #expect(rules.offset(at: t1 - 1) == 25_590 && rules.offset(at: t1) == 25_200 && rules.offset(at: t2) == 25_590)
    #expect(rules.nextOffsetChange(after: t2) == nil)
    // Versions 3 and 4 read like 2.
    for version: UInt8 in [0x33, 0x34] {
        let v = try #require(ZoneRules(identifier: "V", tzif: makeTZif(version: version, transitions: [(t1, 1)], types: [(0, false), (3600, false)], footer: "<+01>-1")))
        #expect(v.offset(at: t1) == 3600 && v.offset(at: t1 - 1) == 0)
    }
}

@Test func leapSecondFilesGiveTheSameOffsets() throws {
    // right/ zones count leap seconds in their instants; taken out, the changes are the plain zone's.
    // (Up to 2025: a right/ file's table stops where its leap-second list expires, and its footer is empty.)
    if FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/right/Europe/Berlin") {
        let plain = try #require(ZoneRules.named("Europe/Berlin"))
        let right = try #require(ZoneRules.named("right/Europe/Berlin"))
        let leapy = changes(right, from: zrUTC(1900), to: zrUTC(2025))
        #expect(leapy == changes(plain, from: zrUTC(1900), to: zrUTC(2025)))
        #expect(leapy.count > 100)
    }
    // By hand: a transition written at 1000 with a leap second of correction 1 at 500 is at 999.
    let bytes = makeTZif(transitions: [(1000, 1)], types: [(0, false), (3600, false)], leaps: [(500, 1)], footer: "")
    let rules = try #require(ZoneRules(identifier: "L", tzif: bytes))
    #expect(rules.nextOffsetChange(after: 0) == 999)
}

// MARK: Fixed offsets, names, the cache

@Test func fixedOffsetsAndUTC() {
    let z = ZoneRules(identifier: "Plus7", fixedOffset: 25_200)
    for t: Int64 in [.min, -5_000_000_000, 0, 1_700_000_000, .max] {
        #expect(z.offset(at: t) == 25_200 && ZoneRules.utc.offset(at: t) == 0)
        #expect(z.nextOffsetChange(after: t) == nil)
    }
    #expect(z.instant(fromLocal: 1_700_025_200) == 1_700_000_000)
    #expect(z.instant(fromLocal: .min) == .min)  // saturates rather than traps
    #expect(ZoneRules.utc.instant(fromLocal: 42) == 42 && ZoneRules.utc.identifier == "UTC")
    #expect(z.description == "Plus7" && "\(ZoneRules.utc)" == "UTC")
    #expect(ZoneRules(identifier: "Minus", fixedOffset: -3600).instant(fromLocal: .max) == .max)
}

@Test func namesMustStayUnderTheRoot() throws {
    for bad in ["", "/etc/passwd", "../zoneinfo/UTC", "Asia/../UTC", "Asia/..", "..", "Nowhere/Zone", "Asia", "zone.tab",
                "UTC\0", "Europe/Berlin/"] {
        #expect(ZoneRules.named(bad) == nil, "\(bad)")
    }
    #expect(ZoneRules.named("Asia/Saigon")?.offset(at: 1_700_000_000) == 25_200)  // a symlink in tzdata
    #expect(ZoneRules.named("Asia/Ho_Chi_Minh")?.description == "Asia/Ho_Chi_Minh")
    #expect(ZoneRules.named("./UTC")?.offset(at: 0) == 0)

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("zr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("Test"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data(makeTZif(footer: "<+0845>-8:45")).write(to: root.appendingPathComponent("Test/Eucla"))
    try Data("not a zone".utf8).write(to: root.appendingPathComponent("Test/Text"))
    #expect(ZoneRules.named("Test/Eucla", root: root.path)?.offset(at: 0) == 31_500)
    #expect(ZoneRules.named("Test/Text", root: root.path) == nil)
    #expect(ZoneRules.named("Test/Eucla") == nil)
}

@Test func theCacheGivesWhatNamedGives() async throws {
    let names = ["Asia/Ho_Chi_Minh", "Europe/Berlin", "No/Such_Zone", "../etc/passwd", "Australia/Lord_Howe"]
    let results = await withTaskGroup(of: (String, ZoneRules?).self) { group in
        for i in 0..<200 { group.addTask { let n = names[i % names.count]; return (n, ZoneRules.cached(n)) } }
        var out: [(String, ZoneRules?)] = []
        for await r in group { out.append(r) }
        return out
    }
    for (name, rules) in results { #expect(rules == ZoneRules.named(name), "\(name)") }
    #expect(ZoneRules.cached("No/Such_Zone") == nil)
    #expect(ZoneRules.cached("Europe/Berlin")?.offset(at: zrUTC(2024, 7, 1)) == 7200)
}

// MARK: Malformed input

@Test func everyTruncationOfARealFileIsRejected() throws {
    for zone in ["Europe/Berlin", "Asia/Ho_Chi_Minh", "UTC"] {
        let bytes = try zoneBytes(zone)
        #expect(ZoneRules(identifier: zone, tzif: bytes) != nil)
        for n in 0..<bytes.count {
            #expect(ZoneRules(identifier: zone, tzif: Array(bytes.prefix(n))) == nil, "\(zone) cut to \(n) of \(bytes.count)")
        }
    }
    let v1 = makeTZif(version: 0, transitions: [(0, 1)], types: [(0, false), (3600, false)])
    for n in 0..<v1.count { #expect(ZoneRules(identifier: "v1", tzif: Array(v1.prefix(n))) == nil, "v1 cut to \(n)") }
}

@Test func headersAndCountsAreChecked() throws {
    let bytes = try zoneBytes("Europe/Berlin")
    func patched(_ at: Int, _ values: [UInt8]) -> [UInt8] {
        var b = bytes
        b.replaceSubrange(at..<(at + values.count), with: values)
        return b
    }
    let secondHeader = 44 + Int(bytes[32...35].reduce(0) { $0 << 8 | UInt32($1) }) * 5
        + Int(bytes[36...39].reduce(0) { $0 << 8 | UInt32($1) }) * 6 + Int(bytes[40...43].reduce(0) { $0 << 8 | UInt32($1) })
        + Int(bytes[28...31].reduce(0) { $0 << 8 | UInt32($1) }) * 8
        + Int(bytes[24...27].reduce(0) { $0 << 8 | UInt32($1) }) + Int(bytes[20...23].reduce(0) { $0 << 8 | UInt32($1) })
    #expect(Array(bytes[secondHeader..<(secondHeader + 4)]) == Array("TZif".utf8))
    var bad: [(String, [UInt8])] = [
        ("magic", patched(0, Array("TZiF".utf8))),
        ("version 1 digit", patched(4, [0x31])),
        ("version 5", patched(4, [0x35])),
        ("second magic", patched(secondHeader, Array("TZjf".utf8))),
        ("second version differs", patched(secondHeader + 4, [0x33])),
        ("no footer newline", patched(bytes.count - 1, [0x20])),
        ("garbage footer", bytes.prefix(bytes.count - 1) + Array("garbage\n".utf8)),
        ("empty", []),
    ]
    // Every count, in either header, at its largest and at a plausible-but-wrong value.
    for header in [0, secondHeader] {
        for k in 0..<6 {
            bad.append(("count \(k) huge at \(header)", patched(header + 20 + 4 * k, [0xFF, 0xFF, 0xFF, 0xFF])))
            bad.append(("count \(k) off by one at \(header)", patched(header + 20 + 4 * k, [0, 0, 0x01, 0x2D])))
        }
        bad.append(("typecnt 0 at \(header)", patched(header + 36, [0, 0, 0, 0])))
    }
    for (name, b) in bad { #expect(ZoneRules(identifier: "bad", tzif: b) == nil, "\(name)") }

    // Contents the RFC forbids.
    let types: [(Int32, Bool)] = [(0, false), (3600, false)]
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(transitions: [(10, 1), (10, 0)], types: types)) == nil)  // not ascending
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(transitions: [(20, 1), (10, 0)], types: types)) == nil)
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(transitions: [(10, 2)], types: types)) == nil)  // no such type
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(types: [(Int32.min, false)])) == nil)
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(types: [(100_000, false)])) == nil)
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(footer: nil)) == nil)  // v2 without its footer
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(transitions: [(.max, 1)], types: types, leaps: [(0, -1)])) == nil)  // overflows
    #expect(ZoneRules(identifier: "x", tzif: makeTZif(transitions: [(.min, 1), (0, 0)], types: types)) != nil)
}

@Test func footersAreParsedStrictly() {
    let good = ["UTC0", "<+07>-7", "<-03>3", "<+0545>-5:45", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3", "NST3:30NDT,M3.2.0/0:01,M11.1.0/0:01",
                "XXX-24:59:59", "AAA+3BBB+2,J1/0,J365/24", "AAA3BBB,0/-167,365/167", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
                "IST-2IDT,M3.4.4/26,M10.5.0", "AAA3BBB2:30,M3.5.0/1:02:03,M10.5.0/-1:30"]
    for footer in good {
        #expect(ZoneRules(identifier: "ok", tzif: makeTZif(footer: footer)) != nil, "\(footer)")
        #expect(PosixTZRule(Array(footer.utf8)) != nil, "\(footer)")
    }
    let bad = ["garbage", "CET", "CET-", "UT0", "<+07-7", "<+7>-7", "<+07>", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
               "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.0.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J365",
               "CET-1CEST,J366,J1", "CET-1CEST,366,J1", "CET-1CEST,M3.5.0/168,M10.5.0", "CET-25", "CET-1:60", "CET-1:00:60",
               "CET-1CEST,M3.5.0,M10.5.0/3 ", " CET-1", "CET-1CEST,M3.5.0,,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0,M1.1.0",
               "CET-1\u{0}", "ÇET-1", "CET-0000001", "CET-1CEST-25,M3.5.0,M10.5.0", "CET-1CEST,M3.5.0/2:00:00:00,M10.5.0",
               "CET-1CEST,M3.5,M10.5.0", "CET-1CEST;M3.5.0,M10.5.0"]
    for footer in bad {
        #expect(ZoneRules(identifier: "bad", tzif: makeTZif(footer: footer)) == nil, "\(footer)")
    }
}

/// Bit flips and byte overwrites over real files, deterministic: whatever parses must answer
/// without trapping, and damage to the magic or the counts' high bytes must be rejected.
@Test func damagedFilesNeverTrap() throws {
    for zone in ["Europe/Berlin", "Australia/Lord_Howe", "Asia/Ho_Chi_Minh"] {
        let bytes = try zoneBytes(zone)
        var parsed = 0, rejected = 0
        for i in 0..<bytes.count {
            for bit in 0..<8 {
                var b = bytes
                b[i] ^= UInt8(1 << bit)
                if let rules = ZoneRules(identifier: zone, tzif: b) {
                    parsed += 1
                    if i % 7 == 0 { exercise(rules) }
                    #expect(i >= 4, "\(zone): flipped magic byte \(i) parsed")
                } else {
                    rejected += 1
                }
            }
        }
        #expect(parsed > 0 && rejected > 0, "\(zone): \(parsed) parsed, \(rejected) rejected")
        // Random overwrites of one to four bytes, from a fixed seed.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for _ in 0..<3000 {
            var b = bytes
            for _ in 0..<(1 + Int(next() % 4)) { b[Int(next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: next()) }
            if let rules = ZoneRules(identifier: zone, tzif: b) { exercise(rules) }
        }
    }
    for zone in oracleZones { exercise(try #require(ZoneRules.named(zone))) }
}
