import FoundationEssentials

/// The footer of a TZif file: a POSIX TZ string (RFC 8536 section 3.3, with its extensions: `<...>`
/// quoted names, rule hours from -167 to 167), e.g. `CET-1CEST,M3.5.0,M10.5.0/3`, `<+07>-7`,
/// `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`. It governs every instant after the file's last transition.
///
/// Evaluated by arithmetic on the proleptic Gregorian calendar, without allocating. The calendar repeats
/// exactly every 400 years (146 097 days, a whole number of weeks), so instants are first folded into
/// a few centuries around 1970, where nothing can overflow.
struct PosixTZRule: Sendable, Equatable {
    /// Seconds east of UTC outside daylight-saving time (the TZ string counts west: `CET-1` is +3600).
    let standardOffset: Int
    let daylight: Daylight?

    struct Daylight: Sendable, Equatable {
        /// Seconds east of UTC during daylight-saving time.
        let offset: Int
        /// When daylight-saving time starts, on the standard-time clock.
        let start: Moment
        /// When it ends, on the daylight-saving-time clock.
        let end: Moment
    }

    /// One end of the daylight-saving period: a day of the year and a time on that day's local clock
    /// (which may run past 24:00 or below 0:00).
    struct Moment: Sendable, Equatable {
        enum Day: Sendable, Equatable {
            /// `Jn`: day 1...365, February 29 never counted (J60 is always March 1).
            case julian(Int)
            /// `n`: day 0...365 counted from January 1, February 29 included.
            case zeroBased(Int)
            /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (1...5, 5 = the last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }
        let day: Day
        /// Seconds after the day's local midnight, -167 h...167 h.
        let time: Int
    }

    /// nil unless `text` is a whole, valid TZ string.
    init?<C: Collection>(_ text: C) where C.Element == UInt8 {
        var p = TZScanner(bytes: Array(text))
        guard p.name(), let std = p.offset(maxHours: 24) else { return nil }
        standardOffset = -std
        if p.atEnd {
            daylight = nil
            return
        }
        guard p.name() else { return nil }
        var dst = standardOffset + 3600
        if let c = p.peek, c != UInt8(ascii: ",") {
            guard let o = p.offset(maxHours: 24) else { return nil }
            dst = -o
        }
        let start: Moment, end: Moment
        if p.atEnd {
            // No rule: the default zic and glibc use, the United States' since 2007.
            start = Moment(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
            end = Moment(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        } else {
            guard p.take(UInt8(ascii: ",")), let s = p.moment(), p.take(UInt8(ascii: ",")), let e = p.moment(), p.atEnd
            else { return nil }
            start = s
            end = e
        }
        daylight = Daylight(offset: dst, start: start, end: end)
    }

    // MARK: Evaluation

    /// Seconds east of UTC in force at `t`.
    func offset(at t: Int64) -> Int {
        guard let dst = daylight else { return standardOffset }
        return dst.offset(atFolded: Self.fold(t).rest, standard: standardOffset)
    }

    /// The first instant after `t` at which `offset(at:)` changes, or nil if it never does.
    func nextChange(after t: Int64) -> Int64? {
        guard let dst = daylight, dst.offset != standardOffset else { return nil }
        let (cycles, rest) = Self.fold(t)
        guard let c = dst.nextChange(afterFolded: rest, standard: standardOffset) else { return nil }
        let (shift, o1) = cycles.multipliedReportingOverflow(by: Self.cycleSeconds)
        let (result, o2) = c.addingReportingOverflow(shift)
        return o1 || o2 ? nil : result
    }

    /// Seconds in 400 Gregorian years.
    static let cycleSeconds: Int64 = 146_097 * 86_400

    /// `t` as whole 400-year cycles plus a rest within one cycle of the epoch (same sign as `t`),
    /// so `cycles * cycleSeconds` never overflows and the rest is a date between 1570 and 2370.
    static func fold(_ t: Int64) -> (cycles: Int64, rest: Int64) {
        (t / cycleSeconds, t % cycleSeconds)
    }
}

extension PosixTZRule.Daylight {
    /// The offset at `t`, a folded instant: the state set by the latest start or end at or before
    /// `t`; a start and an end at the same instant leave daylight-saving time on (as tzcode reads
    /// `0/0,J365/25`, daylight-saving time all year).
    func offset(atFolded t: Int64, standard: Int) -> Int {
        let year = InstantText.civil(daysSince1970: t.floorDivided(by: 86_400)).year
        var latest = Int64.min
        var inDaylight = false
        // A rule's instants for year y lie within about nine days of that year (times up to ±167 h,
        // offsets under 25 h), so the events of years y-2...y+1 surely include the latest one at
        // or before t.
        var jan1 = CivilDays.from(year: year - 2, month: 1, day: 1)
        for y in (year - 2)...(year + 1) {
            let leap = ZoneCivil.isLeap(y)
            let s = instant(of: start, jan1: jan1, leap: leap, clockOffset: standard)
            if s <= t, s >= latest { latest = s; inDaylight = true }
            let e = instant(of: end, jan1: jan1, leap: leap, clockOffset: offset)
            if e <= t, e > latest { latest = e; inDaylight = false }
            jan1 += leap ? 366 : 365
        }
        return inDaylight ? offset : standard
    }

    func nextChange(afterFolded t: Int64, standard: Int) -> Int64? {
        let year = InstantText.civil(daysSince1970: t.floorDivided(by: 86_400)).year
        var best: Int64? = nil
        var jan1 = CivilDays.from(year: year - 1, month: 1, day: 1)
        // A rule that changes the offset at all does so every year, so a few years ahead suffice
        // (ten cover leap-year oddities of the day-number forms).
        for y in (year - 1)...(year + 10) {
            // Every instant of year y and later is at least ten days past its January 1.
            if let b = best, (jan1 - 10) * 86_400 > b { break }
            let leap = ZoneCivil.isLeap(y)
            for k in 0..<2 {
                let e = k == 0 ? instant(of: start, jan1: jan1, leap: leap, clockOffset: standard)
                               : instant(of: end, jan1: jan1, leap: leap, clockOffset: offset)
                guard e > t, best.map({ e < $0 }) ?? true else { continue }
                if offset(atFolded: e, standard: standard) != offset(atFolded: e - 1, standard: standard) { best = e }
            }
            jan1 += leap ? 366 : 365
        }
        return best
    }

    /// The UTC instant at which `moment` falls in the year starting on day `jan1`, read on a clock
    /// `clockOffset` east of UTC.
    private func instant(of moment: PosixTZRule.Moment, jan1: Int64, leap: Bool, clockOffset: Int) -> Int64 {
        let day: Int64
        switch moment.day {
        case .julian(let n):
            day = jan1 + Int64(n - 1) + (leap && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            day = jan1 + Int64(n)
        case let .monthWeekDay(month, week, weekday):
            let first = jan1 + ZoneCivil.dayOfYear(firstOf: month, leap: leap)
            let length = ZoneCivil.dayOfYear(firstOf: month + 1, leap: leap) - (first - jan1)
            let firstWeekday = ZoneCivil.floorMod(first + 4, 7)  // 1970-01-01 was a Thursday
            var offsetInMonth = ZoneCivil.floorMod(Int64(weekday) - firstWeekday, 7) + Int64(week - 1) * 7
            if offsetInMonth >= length { offsetInMonth -= 7 }  // week 5 means the last
            day = first + offsetInMonth
        }
        return day * 86_400 + Int64(moment.time) - Int64(clockOffset)
    }
}

/// The footer's own calendar arithmetic; days to and from dates are `CivilDays.from` and
/// `InstantText.civil`.
enum ZoneCivil {
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// Days from January 1 to the first of `month` (1...13, 13 giving the year's length).
    static func dayOfYear(firstOf month: Int, leap: Bool) -> Int64 {
        let m = Int64(month)
        return 275 * m / 9 - (leap ? 1 : 2) * ((m + 9) / 12) - 30
    }
}

/// A cursor over the bytes of a TZ string.
private struct TZScanner {
    let bytes: [UInt8]
    var i = 0

    var atEnd: Bool { i == bytes.count }
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func take(_ c: UInt8) -> Bool {
        guard peek == c else { return false }
        i += 1
        return true
    }

    /// A zone abbreviation: three or more letters, or `<` three or more letters, digits, `+`, `-` `>`.
    mutating func name() -> Bool {
        if take(UInt8(ascii: "<")) {
            let from = i
            while let c = peek, isAlpha(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { i += 1 }
            return i - from >= 3 && take(UInt8(ascii: ">"))
        }
        let from = i
        while let c = peek, isAlpha(c) { i += 1 }
        return i - from >= 3
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, hours at most `maxHours`.
    mutating func offset(maxHours: Int) -> Int? {
        var sign = 1
        if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
        guard let h = number(maxDigits: 3), h <= maxHours else { return nil }
        var seconds = h * 3600
        if take(UInt8(ascii: ":")) {
            guard let m = number(maxDigits: 2), m <= 59 else { return nil }
            seconds += m * 60
            if take(UInt8(ascii: ":")) {
                guard let s = number(maxDigits: 2), s <= 59 else { return nil }
                seconds += s
            }
        }
        return sign * seconds
    }

    /// `date[/time]`, the time 02:00 by default.
    mutating func moment() -> PosixTZRule.Moment? {
        let day: PosixTZRule.Moment.Day
        if take(UInt8(ascii: "J")) {
            guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else if take(UInt8(ascii: "M")) {
            guard let m = number(maxDigits: 2), (1...12).contains(m), take(UInt8(ascii: ".")),
                  let w = number(maxDigits: 1), (1...5).contains(w), take(UInt8(ascii: ".")),
                  let d = number(maxDigits: 1), (0...6).contains(d) else { return nil }
            day = .monthWeekDay(month: m, week: w, weekday: d)
        } else {
            guard let n = number(maxDigits: 3), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        var time = 7200
        if take(UInt8(ascii: "/")) {
            guard let t = offset(maxHours: 167) else { return nil }
            time = t
        }
        return PosixTZRule.Moment(day: day, time: time)
    }

    /// One to `maxDigits` decimal digits.
    private mutating func number(maxDigits: Int) -> Int? {
        var value = 0, count = 0
        while let c = peek, isDigit(c) {
            guard count < maxDigits else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
            count += 1
            i += 1
        }
        return count > 0 ? value : nil
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private func isAlpha(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}
