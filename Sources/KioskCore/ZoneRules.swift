import FoundationEssentials
import Glibc
import Synchronization

/// A time zone's UTC offsets, read from the system's TZif files (RFC 8536), instead of ICU.
///
/// FoundationEssentials' `TimeZone(identifier:)` resolves no named zone without ICU; this reads the
/// compiled tz database (`/usr/share/zoneinfo`) itself. Offsets are whole seconds east of UTC and
/// instants whole seconds since 1970-01-01T00:00Z.
public struct ZoneRules: Sendable, Equatable, CustomStringConvertible {
    /// e.g. "Asia/Ho_Chi_Minh".
    public let identifier: String

    /// The instants at which the offset changes, ascending, each before `footerStart`; transitions
    /// of the file that keep the offset (a new abbreviation, a DST flag) are left out.
    private let changes: [Int64]
    /// `offsets[i]` is in force from `changes[i]` on.
    private let offsets: [Int]
    /// In force before the first change (the file's time type 0).
    private let initialOffset: Int
    /// From this instant on the footer rule governs: the file's last transition, `Int64.min` when a
    /// file with a footer has no transitions, `Int64.max` when there is no footer.
    private let footerStart: Int64
    private let footer: PosixTZRule?

    public var description: String { identifier }

    /// Parses `<root>/<identifier>`. nil if the identifier is not a safe relative name (empty, leading
    /// "/", a ".." component, a NUL), the file is missing or is not valid TZif.
    public static func named(_ identifier: String, root: String = "/usr/share/zoneinfo") -> ZoneRules? {
        guard isSafeName(identifier), let bytes = readSmallFile(root + "/" + identifier) else { return nil }
        return ZoneRules(identifier: identifier, tzif: bytes)
    }

    /// Parses TZif bytes (versions 1 to 4; the 64-bit block and its footer TZ string when present).
    /// nil when malformed; never traps, whatever the input.
    public init?(identifier: String, tzif: [UInt8]) {
        guard let parsed = TZifParser.parse(tzif) else { return nil }
        self.identifier = identifier
        self.footer = parsed.footer
        self.initialOffset = parsed.types[0]
        let footerStart: Int64 = parsed.footer == nil ? .max : (parsed.transitions.last?.time ?? .min)
        self.footerStart = footerStart
        var changes: [Int64] = []
        var offsets: [Int] = []
        var previous = initialOffset
        for (time, type) in parsed.transitions where time < footerStart {
            let offset = parsed.types[type]
            if offset != previous {
                changes.append(time)
                offsets.append(offset)
                previous = offset
            }
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// A zone with one fixed offset forever (seconds east of UTC).
    public init(identifier: String, fixedOffset: Int) {
        self.identifier = identifier
        changes = []
        offsets = []
        initialOffset = fixedOffset
        footerStart = .max
        footer = nil
    }

    public static let utc = ZoneRules(identifier: "UTC", fixedOffset: 0)

    /// Seconds east of UTC in force at instant `t` (seconds since 1970-01-01T00:00Z).
    public func offset(at t: Int64) -> Int {
        if t >= footerStart, let footer { return footer.offset(at: t) }
        // The last change at or before t, by binary search.
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if changes[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : offsets[lo - 1]
    }

    /// Same, for a Date (t = floor(timeIntervalSince1970)); mirrors `TimeZone.secondsFromGMT(for:)`.
    public func secondsFromGMT(for date: Date) -> Int {
        let s = date.timeIntervalSince1970.rounded(.down)
        let t: Int64 = s.isNaN ? 0 : s >= 9.2e18 ? .max : s <= -9.2e18 ? .min : Int64(s)
        return offset(at: t)
    }

    /// The instant a local wall-clock reading names; `local` is seconds since 1970-01-01T00:00 on the
    /// zone's clock. As Foundation's Gregorian `Calendar.date(from:)` (ICU's "former" options): a
    /// reading skipped by a change is read with the offset in force before it (so it lands after the
    /// change, moved forward by the gap), a reading that occurs twice names the earlier instant.
    ///
    /// Put as ICU does: the change at instant c from offset b to a takes effect for readings from
    /// c + max(b, a) on; the last change to take effect at or before `local` decides.
    public func instant(fromLocal local: Int64) -> Int64 {
        // Offsets are within ±26 h, so only changes within a day or so of `local` can matter.
        let window: Int64 = 3 * 86_400
        let from = Self.add(local, -window), to = Self.add(local, window)
        var current = offset(at: from)
        var chosen = current
        var at = from
        while let c = nextOffsetChange(after: at), c <= to {
            let next = offset(at: c)
            if Self.add(c, max(current, next)) <= local { chosen = next }
            current = next
            at = c
        }
        let (instant, overflow) = local.subtractingReportingOverflow(Int64(chosen))
        return overflow ? (chosen > 0 ? .min : .max) : instant
    }

    /// The first instant after `t` at which `offset(at:)` changes value, or nil if it never changes again.
    public func nextOffsetChange(after t: Int64) -> Int64? {
        if t < footerStart {
            // The first change after t, by binary search.
            var lo = 0, hi = changes.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if changes[mid] <= t { lo = mid + 1 } else { hi = mid }
            }
            if lo < changes.count { return changes[lo] }
            guard let footer else { return nil }
            if footer.offset(at: footerStart) != (offsets.last ?? initialOffset) { return footerStart }
            return footer.nextChange(after: footerStart)
        }
        return footer?.nextChange(after: t)
    }

    // MARK: Helpers

    /// Saturating addition, so readings near the ends of Int64 give an end rather than a trap.
    private static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? .max : .min) : r
    }

    private static func add(_ a: Int64, _ b: Int) -> Int64 { add(a, Int64(b)) }

    private static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255, !name.hasPrefix("/"), !name.utf8.contains(0) else { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// The contents of a regular file of at most 1 MiB (TZif files are a few KiB), else nil.
    private static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 1 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            filled += n
        }
        return bytes
    }
}

extension ZoneRules {
    private static let cache = Mutex<[String: ZoneRules?]>([:])

    /// `named(_:)` once per identifier per process, thread-safe; misses are remembered too.
    public static func cached(_ identifier: String) -> ZoneRules? {
        cache.withLock { table in
            if let hit = table[identifier] { return hit }
            let rules = named(identifier)
            table[identifier] = .some(rules)
            return rules
        }
    }
}

/// RFC 8536's TZif layout, bounds-checked throughout: counts come from the file and may be anything.
private enum TZifParser {
    struct Parsed {
        /// Ascending instants (POSIX seconds, leap seconds already taken out) and the time type from each on.
        var transitions: [(time: Int64, type: Int)]
        /// Each time type's UTC offset.
        var types: [Int]
        var footer: PosixTZRule?
    }

    struct Header {
        var version: UInt8
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        /// The size of the data block that follows, with `timeSize`-byte instants.
        func blockSize(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    static func parse(_ b: [UInt8]) -> Parsed? {
        guard let first = header(b, at: 0) else { return nil }
        let v1Start = 44, v1Size = first.blockSize(timeSize: 4)
        guard v1Size <= b.count - v1Start else { return nil }
        if first.version == 0 {
            return block(b, at: v1Start, header: first, timeSize: 4).map { Parsed(transitions: $0.transitions, types: $0.types, footer: nil) }
        }
        let h2At = v1Start + v1Size
        guard let second = header(b, at: h2At), second.version == first.version else { return nil }
        let v2Start = h2At + 44, v2Size = second.blockSize(timeSize: 8)
        guard v2Size <= b.count - v2Start, var parsed = block(b, at: v2Start, header: second, timeSize: 8) else { return nil }
        // The footer: "\n", a TZ string (maybe empty), "\n".
        let open = v2Start + v2Size
        guard open < b.count, b[open] == 0x0A, let close = b[(open + 1)...].firstIndex(of: 0x0A) else { return nil }
        if close > open + 1 {
            guard let rule = PosixTZRule(b[(open + 1)..<close]) else { return nil }
            parsed.footer = rule
        }
        return parsed
    }

    static func header(_ b: [UInt8], at p: Int) -> Header? {
        guard p >= 0, b.count - p >= 44, b[p] == 0x54, b[p + 1] == 0x5A, b[p + 2] == 0x69, b[p + 3] == 0x66 else { return nil }
        let version = b[p + 4]
        guard version == 0 || (0x32...0x34).contains(version) else { return nil }
        func count(_ k: Int) -> Int { Int(u32(b, p + 20 + 4 * k)) }
        return Header(version: version, isutcnt: count(0), isstdcnt: count(1), leapcnt: count(2),
                      timecnt: count(3), typecnt: count(4), charcnt: count(5))
    }

    /// The data block at `p`; the caller has checked that it lies within `b`.
    static func block(_ b: [UInt8], at p: Int, header h: Header, timeSize: Int) -> Parsed? {
        guard h.typecnt >= 1, h.charcnt >= 1, h.isutcnt == 0 || h.isutcnt == h.typecnt,
              h.isstdcnt == 0 || h.isstdcnt == h.typecnt, h.typecnt <= 256 else { return nil }
        let timesAt = p, indicesAt = timesAt + h.timecnt * timeSize
        let typesAt = indicesAt + h.timecnt, charsAt = typesAt + h.typecnt * 6
        let leapsAt = charsAt + h.charcnt
        func time(_ at: Int) -> Int64 { timeSize == 8 ? Int64(bitPattern: u64(b, at)) : Int64(Int32(bitPattern: u32(b, at))) }

        var types: [Int] = []
        types.reserveCapacity(h.typecnt)
        for k in 0..<h.typecnt {
            let at = typesAt + 6 * k
            let utoff = Int(Int32(bitPattern: u32(b, at)))
            // RFC 8536: utoff within -89999...93599 (less than 26 h either way); isdst 0 or 1;
            // the abbreviation index within the characters.
            guard (-89_999...93_599).contains(utoff), b[at + 4] <= 1, Int(b[at + 5]) < h.charcnt else { return nil }
            types.append(utoff)
        }

        // Leap-second records: (occurrence, correction); TZif instants then count leap seconds.
        var leaps: [(occurrence: Int64, correction: Int64)] = []
        for k in 0..<h.leapcnt {
            let at = leapsAt + (timeSize + 4) * k
            leaps.append((time(at), Int64(Int32(bitPattern: u32(b, at + timeSize)))))
        }

        var transitions: [(time: Int64, type: Int)] = []
        transitions.reserveCapacity(h.timecnt)
        var leapIndex = 0
        for k in 0..<h.timecnt {
            let raw = time(timesAt + timeSize * k)
            let type = Int(b[indicesAt + k])
            guard type < h.typecnt else { return nil }
            while leapIndex < leaps.count && leaps[leapIndex].occurrence <= raw { leapIndex += 1 }
            let correction = leapIndex == 0 ? 0 : leaps[leapIndex - 1].correction
            let (posix, overflow) = raw.subtractingReportingOverflow(correction)
            guard !overflow else { return nil }
            if let previous = transitions.last?.time, posix <= previous { return nil }  // must ascend strictly
            transitions.append((posix, type))
        }
        return Parsed(transitions: transitions, types: types, footer: nil)
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func u64(_ b: [UInt8], _ at: Int) -> UInt64 {
        UInt64(u32(b, at)) << 32 | UInt64(u32(b, at + 4))
    }
}
