import FoundationEssentials
import Glibc
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KioskCore

/// Reads `visitors/*.log`: `TIMESTAMP [in|out] [COUNT]` a line, parsed from bytes (no date
/// formatter, no String per line) because logs grow to millions of lines.
public enum VisitorLogParser {
    public struct Outcome: Sendable {
        public var ledger: VisitorLedger
        public var problems: [Problem]
        /// Bytes up to the end of the last complete line; a partial last line is being written
        /// and is read once its newline arrives.
        public var consumedBytes: Int
        public var lines: Int
    }

    public static func parse(data: Data, path: String, timeZone: ZoneRules, firstLine: Int = 1) -> Outcome {
        var ledger = VisitorLedger()
        var problems: [Problem] = []
        let (consumed, lines) = data.withUnsafeBytes { raw in
            parse(bytes: raw, path: path, timeZone: timeZone, firstLine: firstLine, into: &ledger, problems: &problems)
        }
        return Outcome(ledger: ledger, problems: problems, consumedBytes: consumed, lines: lines)
    }

    /// Parses the complete lines of `bytes` (a chunk of a log; the part after the last newline is left
    /// for the next call) into `ledger` and `problems` (at most `problemLimit` kept), numbering lines from
    /// `firstLine`. Returns the bytes consumed (up to and including the last newline) and the lines read.
    public static func parse(bytes: UnsafeRawBufferPointer, path: String, timeZone: ZoneRules, firstLine: Int,
                             into ledger: inout VisitorLedger, problems: inout [Problem], problemLimit: Int = 100) -> (consumed: Int, lines: Int) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return (0, 0) }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let total = bytes.count
        var parser = LineParser(timeZone: timeZone)
        // Consecutive lines of one minute (the usual case in a time-ordered log) are summed here
        // and reach the ledger's dictionaries once.
        var runMinute = Int64.min, runIn = 0, runOut = 0
        var sawDirection = false
        var lines = 0
        var start = 0
        while start < total {
            let time: Int64, direction: Direction?, count: Int
            if total - start >= LineParser.fastLineReach, let (event, length) = parser.fastLine(p + start) {
                lines += 1
                start += length
                (time, direction, count) = (event.time, event.direction, event.count)
            } else {
                guard let found = memchr(p + start, 0x0A, total - start) else { break }
                let newline = base.distance(to: UnsafeRawPointer(found))
                lines += 1
                var end = newline
                if end > start && p[end - 1] == 0x0D { end -= 1 }
                let line = UnsafeBufferPointer(start: p + start, count: end - start)
                start = newline + 1
                if let event = parser.fastEvent(line) {
                    (time, direction, count) = (event.time, event.direction, event.count)
                } else {
                    switch parser.general(line) {
                    case .blank: continue
                    case .event(let t, let d, let c): (time, direction, count) = (t, d, c)
                    case .bad(let column, let message):
                        if problems.count < problemLimit {
                            problems.append(Problem(path: path, line: firstLine + lines - 1, column: column, severity: .error, message: message))
                        }
                        continue
                    }
                }
            }
            if direction != nil { sawDirection = true }
            let minute = time >= 0 ? time / 60 : (time - 59) / 60
            if minute != runMinute {
                flush(runMinute, &runIn, &runOut, into: &ledger)
                runMinute = minute
            }
            if direction == .out { runOut += count } else { runIn += count }
        }
        flush(runMinute, &runIn, &runOut, into: &ledger)
        if sawDirection { ledger.hasDirections = true }
        return (start, lines)
    }

    @inline(__always)
    private static func flush(_ minute: Int64, _ inCount: inout Int, _ outCount: inout Int, into ledger: inout VisitorLedger) {
        if inCount > 0 { ledger.record(minute: minute, count: inCount, isOut: false); inCount = 0 }
        if outCount > 0 { ledger.record(minute: minute, count: outCount, isOut: true); outCount = 0 }
    }

    enum Direction { case `in`, out }
    enum LineResult: Equatable {
        case blank
        case event(time: Int64, direction: Direction?, count: Int)
        case bad(column: Int, message: String)
    }

    /// One line, through the general path only and without caches: the reference the fast path
    /// is checked against.
    static func parseLine(_ b: UnsafeBufferPointer<UInt8>, timeZone: ZoneRules) -> LineResult {
        var parser = LineParser(timeZone: timeZone, fastPath: false, cacheZone: false)
        return parser.parse(b)
    }

    /// Parses lines one at a time, keeping what successive lines of a log share: the last validated
    /// `YYYY-MM-DDTHH:MM` and the configured zone's offset for the last local hour.
    struct LineParser {
        var zone: ZoneOffsets
        let fastPath: Bool
        private var cachedHead: (UInt64, UInt64) = (0, 0)
        private var cachedHeadValid = false
        private var cachedLocalMinute: Int64 = 0
        private var cachedDayStart: Int64 = 0
        private var cachedOffsetBytes: UInt64 = 0
        private var cachedOffsetValid = false
        private var cachedOffset: Int64 = 0

        init(timeZone: ZoneRules, fastPath: Bool = true, cacheZone: Bool = true) {
            zone = ZoneOffsets(timeZone, caching: cacheZone)
            self.fastPath = fastPath
        }

        /// One line: the fast path when it takes the line, else the general one.
        mutating func parse(_ b: UnsafeBufferPointer<UInt8>) -> LineResult {
            if fastPath, let event = fastEvent(b) {
                return .event(time: event.time, direction: event.direction, count: event.count)
            }
            return general(b)
        }

        /// A line the fast path took.
        struct Event { var time: Int64; var direction: Direction?; var count: Int }

        /// `YYYY-MM-DDTHH:MM:SS` (or a space for the T) at the start of the line, then `Z` or `±HH:MM`,
        /// then valid fields. Anything else (blanks before, no seconds, fractions, `+HHMM`, no
        /// offset, a bad or out-of-range field, a bad word) returns nil and goes the general way,
        /// which also words the problem.
        @inline(__always)
        mutating func fastEvent(_ b: UnsafeBufferPointer<UInt8>) -> Event? {
            guard fastPath, b.count >= 20, let p = b.baseAddress,
                  let (time, end) = fastTimestamp(p, available: b.count) else { return nil }
            if end == b.count { return Event(time: time, direction: nil, count: 1) }
            // The usual ` in`, ` out`, ` N`, ` in N`, ` out N`; a bad word goes the general way.
            guard case .event(let t, let direction, let count) = fields(b, from: end, timestampStart: 0, time: time) else { return nil }
            return Event(time: t, direction: direction, count: count)
        }

        /// Bytes `fastLine` may read from where it starts.
        static let fastLineReach = 48

        /// The common line whole, newline included, straight from the chunk without looking for
        /// the newline first: the timestamp as `fastEvent` takes it, then nothing, ` in`, ` out`,
        /// ` N`, ` in N` or ` out N` (N in 1…1,000,000 without leading zeros), then `\n`. Returns
        /// the event and the line's length; nil for anything else (CR LF, tabs, comments, upper
        /// case, a bad line), which the caller reads the general way. `fastLineReach` bytes from
        /// `p` must be readable: every check fails on a newline, so reading past a short line's
        /// end only makes it decline.
        @inline(__always)
        mutating func fastLine(_ p: UnsafePointer<UInt8>) -> (event: Event, length: Int)? {
            guard fastPath, let (time, end) = fastTimestamp(p, available: Self.fastLineReach) else { return nil }
            // The three commonest endings in one load each: `\n`, ` in\n`, ` out\n`.
            let word = UnsafeRawPointer(p).loadUnaligned(fromByteOffset: end, as: UInt64.self)
            if word & 0xFF == 0x0A { return (Event(time: time, direction: nil, count: 1), end + 1) }
            if word & 0xFFFF_FFFF == 0x0A6E_6920 { return (Event(time: time, direction: .in, count: 1), end + 4) }
            if word & 0xFF_FFFF_FFFF == 0x0A_7475_6F20 { return (Event(time: time, direction: .out, count: 1), end + 5) }
            var i = end
            var direction: Direction? = nil
            var count = 1
            if p[i] == 0x20 {
                i += 1
                if p[i] == UInt8(ascii: "i") && p[i + 1] == UInt8(ascii: "n") {
                    direction = .in
                    i += 2
                } else if p[i] == UInt8(ascii: "o") && p[i + 1] == UInt8(ascii: "u") && p[i + 2] == UInt8(ascii: "t") {
                    direction = .out
                    i += 3
                }
                if direction == nil || p[i] == 0x20 {
                    if direction != nil { i += 1 }
                    // 1 to 7 digits, the first not 0: at most 9,999,999, checked below.
                    guard p[i] &- 49 < 9 else { return nil }
                    var value = Int(p[i] &- 48)
                    i += 1
                    var digits = 1
                    while p[i] &- 48 < 10 && digits < 7 {
                        value = value * 10 + Int(p[i] &- 48)
                        i += 1
                        digits += 1
                    }
                    guard value <= 1_000_000 else { return nil }
                    count = value
                }
            }
            guard p[i] == 0x0A else { return nil }
            return (Event(time: time, direction: direction, count: count), i + 1)
        }

        /// `YYYY-MM-DDTHH:MM:SS` (or a space for the T) then `Z` or `±HH:MM` at `p`, with at least
        /// 20 bytes readable: the UTC time and where the timestamp ends; nil for anything else.
        @inline(__always)
        private mutating func fastTimestamp(_ p: UnsafePointer<UInt8>, available n: Int) -> (time: Int64, end: Int)? {
            @inline(__always) func digit(_ k: Int) -> Int? {
                let d = p[k] &- 48
                return d < 10 ? Int(d) : nil
            }
            let raw = UnsafeRawPointer(p)
            let head0 = raw.loadUnaligned(as: UInt64.self), head1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let localMinute: Int64
            if head0 == cachedHead.0 && head1 == cachedHead.1 && cachedHeadValid {
                localMinute = cachedLocalMinute
            } else {
                // A new minute; most often still the same day (`YYYY-MM-DDT`, the low three bytes of head1).
                let dateTail = head1 & 0xFF_FFFF
                let dayStart: Int64
                if head0 == cachedHead.0 && dateTail == cachedHead.1 & 0xFF_FFFF && cachedHeadValid {
                    dayStart = cachedDayStart
                } else {
                    guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3), p[4] == 0x2D,
                          let mo0 = digit(5), let mo1 = digit(6), p[7] == 0x2D, let d0 = digit(8), let d1 = digit(9),
                          p[10] == UInt8(ascii: "T") || p[10] == 0x20 else { return nil }
                    let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3, month = mo0 * 10 + mo1, day = d0 * 10 + d1
                    guard month >= 1, month <= 12, day >= 1, day <= CivilDays.daysIn(month: month, year: year) else { return nil }
                    dayStart = CivilDays.from(year: year, month: month, day: day) * 86400
                }
                guard let h0 = digit(11), let h1 = digit(12), p[13] == UInt8(ascii: ":"), let mi0 = digit(14), let mi1 = digit(15)
                else { return nil }
                let hour = h0 * 10 + h1, minute = mi0 * 10 + mi1
                guard hour < 24, minute < 60 else { return nil }
                localMinute = dayStart + Int64(hour * 3600 + minute * 60)
                cachedHead = (head0, head1)
                cachedHeadValid = true
                cachedDayStart = dayStart
                cachedLocalMinute = localMinute
            }
            guard p[16] == UInt8(ascii: ":"), let s0 = digit(17), let s1 = digit(18) else { return nil }
            let second = s0 * 10 + s1
            guard second < 61 else { return nil }
            let local = localMinute + Int64(min(second, 59))
            switch p[19] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                return (local, 20)
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard n >= 25 else { return nil }
                // `±HH:MM` as the six low bytes of the word at 17 (seconds shifted out).
                let tail = raw.loadUnaligned(fromByteOffset: 17, as: UInt64.self) >> 16
                if tail != cachedOffsetBytes || !cachedOffsetValid {
                    guard let oh0 = digit(20), let oh1 = digit(21), p[22] == UInt8(ascii: ":"),
                          let om0 = digit(23), let om1 = digit(24) else { return nil }
                    let oh = oh0 * 10 + oh1, om = om0 * 10 + om1
                    guard oh <= 14, om < 60 else { return nil }
                    let offset = Int64(oh * 3600 + om * 60)
                    cachedOffset = p[19] == UInt8(ascii: "-") ? -offset : offset
                    cachedOffsetBytes = tail
                    cachedOffsetValid = true
                }
                return (local - cachedOffset, 25)
            default:
                return nil
            }
        }

        /// Every accepted form: blanks before, `T` or a space, optional seconds and fraction,
        /// `Z`, `±HH:MM`, `±HHMM` or no offset.
        mutating func general(_ b: UnsafeBufferPointer<UInt8>) -> LineResult {
            var i = 0
            while i < b.count && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            if i == b.count || b[i] == UInt8(ascii: "#") { return .blank }
            let timestampStart = i
            func digits(_ n: Int) -> Int? {
                guard i + n <= b.count else { return nil }
                var value = 0
                for k in 0..<n {
                    let d = Int(b[i + k]) - 48
                    guard d >= 0 && d <= 9 else { return nil }
                    value = value * 10 + d
                }
                i += n
                return value
            }
            func expect(_ c: UInt8) -> Bool { if i < b.count && b[i] == c { i += 1; return true }; return false }
            let bad = notAVisitLine(timestampStart)
            guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
                  let day = digits(2) else { return bad }
            // A space may stand for the T only when a time follows it.
            guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == 0x20 else { return bad }
            i += 1
            guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2) else { return bad }
            var second = 0
            if expect(UInt8(ascii: ":")) { guard let s = digits(2) else { return bad }; second = s }
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) { while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 } }
            guard (1...12).contains(month), day >= 1, day <= CivilDays.daysIn(month: month, year: year),
                  hour < 24, minute < 60, second < 61 else {
                return .bad(column: timestampStart + 1, message: "timestamp out of range")
            }
            let local = CivilDays.from(year: year, month: month, day: day) * 86400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
            var offset: Int64? = nil
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) { offset = 0 }
            else if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
                let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return bad }
                _ = expect(UInt8(ascii: ":"))
                guard let om = digits(2), oh <= 14, om < 60 else { return bad }
                offset = sign * Int64(oh * 3600 + om * 60)
            }
            let time = offset.map { local - $0 } ?? zone.utc(fromLocal: local)
            return fields(b, from: i, timestampStart: timestampStart, time: time)
        }

        /// The optional direction and count after the timestamp, separated by blanks; `#` starts a comment.
        @inline(__always)
        private func fields(_ b: UnsafeBufferPointer<UInt8>, from start: Int, timestampStart: Int, time: Int64) -> LineResult {
            let n = b.count
            var i = start
            var direction: Direction? = nil
            var count = 1
            var field = 0
            while true {
                let before = i
                while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
                if i == n || b[i] == UInt8(ascii: "#") { break }
                guard i > before else { return notAVisitLine(timestampStart) }
                let wordStart = i
                while i < n && b[i] != 0x20 && b[i] != 0x09 { i += 1 }
                field += 1
                if field == 1, let d = Self.direction(b, wordStart, i) {
                    direction = d
                } else if field <= 2, let c = Self.count(b, wordStart, i) {
                    count = c
                    field = 2
                } else {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: b[wordStart..<i]), as: UTF8.self).lowercased()
                    return .bad(column: wordStart + 1, message: "\"\(word)\" is neither in/out nor a positive count")
                }
            }
            return .event(time: time, direction: direction, count: count)
        }

        /// `in` or `out` in any case (`| 0x20` folds only the ASCII letters onto these lower-case ones).
        @inline(__always)
        private static func direction(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Direction? {
            switch end - start {
            case 2:
                return b[start] | 0x20 == UInt8(ascii: "i") && b[start + 1] | 0x20 == UInt8(ascii: "n") ? .in : nil
            case 3:
                return b[start] | 0x20 == UInt8(ascii: "o") && b[start + 1] | 0x20 == UInt8(ascii: "u")
                    && b[start + 2] | 0x20 == UInt8(ascii: "t") ? .out : nil
            default:
                return nil
            }
        }

        /// A count as `Int(word)` read it (an optional `+`, leading zeros), accepted in 1…1,000,000.
        @inline(__always)
        private static func count(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
            var i = start
            if b[i] == UInt8(ascii: "+") { i += 1 }
            guard i < end else { return nil }
            var value = 0
            while i < end {
                let d = b[i] &- 48
                guard d < 10 else { return nil }
                if value <= 1_000_000 { value = value * 10 + Int(d) }   // past the limit it only has to stay past it
                i += 1
            }
            return value >= 1 && value <= 1_000_000 ? value : nil
        }

        private func notAVisitLine(_ column0: Int) -> LineResult {
            .bad(column: column0 + 1, message: "not a visit line: expected TIMESTAMP [in|out] [COUNT], e.g. 2024-06-11T09:30:00+07:00 in 2")
        }
    }

    /// The configured zone's offset for a local time without one: one guess (the offset at the local
    /// time read as UTC) and one correction (the offset at the instant the guess gives), exactly as
    /// without the cache. `ZoneRules.secondsFromGMT` is slow, so both are kept for the last local hour
    /// when they hold over all of it.
    struct ZoneOffsets {
        let zone: ZoneRules
        let caching: Bool
        private var hour = Int64.min
        private var hourOffset: Int64? = nil

        init(_ zone: ZoneRules, caching: Bool) { self.zone = zone; self.caching = caching }

        @inline(__always)
        private func offset(at instant: Int64) -> Int64 {
            Int64(zone.offset(at: instant))
        }

        /// UTC seconds of `local` (seconds since 1970 of the wall-clock time in the zone).
        mutating func utc(fromLocal local: Int64) -> Int64 {
            guard caching else { return exact(local) }
            let h = local >= 0 ? local / 3600 : (local - 3599) / 3600
            if h != hour {
                hour = h
                // The guess is constant over the hour when the offset is the same at its first and last
                // second, and the correction likewise over the shifted hour; tz data has no two
                // transitions within an hour of each other, so equal ends mean no transition between.
                let first = h * 3600, last = first + 3599
                let guess = offset(at: first)
                hourOffset = nil
                if offset(at: last) == guess {
                    let correction = offset(at: first - guess)
                    if offset(at: last - guess) == correction { hourOffset = correction }
                }
            }
            if let hourOffset { return local - hourOffset }
            return exact(local)
        }

        private func exact(_ local: Int64) -> Int64 {
            let first = offset(at: local)
            return local - offset(at: local - first)
        }
    }
}
