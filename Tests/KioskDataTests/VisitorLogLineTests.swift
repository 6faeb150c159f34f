import Foundation
import KioskCore
import Testing
@testable import KioskData

/// The visitor-log line parser: the fast path, the general path, the parser as it was before the
/// fast path (kept below as the reference) and the expected values agree on every tricky line; and
/// a log fed in chunks of any size reads as it does in one piece.
@Suite struct VisitorLogLineTests {
    typealias Result = VisitorLogParser.LineResult
    static let berlin = ZoneRules.named("Europe/Berlin")!
    static let notAVisitLine = "not a visit line: expected TIMESTAMP [in|out] [COUNT], e.g. 2024-06-11T09:30:00+07:00 in 2"

    static func utc(_ iso: String) -> Int64 { Int64(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970) }
    static func ev(_ iso: String, _ direction: VisitorLogParser.Direction? = nil, _ count: Int = 1) -> Result {
        .event(time: utc(iso), direction: direction, count: count)
    }
    static func bad(_ column: Int) -> Result { .bad(column: column, message: notAVisitLine) }
    static func range(_ column: Int = 1) -> Result { .bad(column: column, message: "timestamp out of range") }
    static func word(_ column: Int, _ word: String) -> Result {
        .bad(column: column, message: "\"\(word.lowercased())\" is neither in/out nor a positive count")
    }

    /// A line (without its newline), the zone for times without offset, the expected result.
    struct Case: CustomStringConvertible, Sendable {
        let line: String, zone: ZoneRules, expected: Result
        init(_ line: String, _ expected: Result, _ zone: ZoneRules = hanoi) { self.line = line; self.expected = expected; self.zone = zone }
        var description: String { line.debugDescription }
    }

    static let cases: [Case] = [
        // Every accepted form.
        Case("2024-06-11T09:30:00+07:00", ev("2024-06-11T02:30:00Z")),
        Case("2024-06-11T02:31:00Z in 2", ev("2024-06-11T02:31:00Z", .in, 2)),
        Case("2024-06-11T02:31:00z", ev("2024-06-11T02:31:00Z")),
        Case("2024-06-11 09:32:00+0700 3", ev("2024-06-11T02:32:00Z", nil, 3)),
        Case("2024-06-11 09:32:00+07:00 out", ev("2024-06-11T02:32:00Z", .out)),
        Case("2024-06-11T09:33:15.250+07:00 in", ev("2024-06-11T02:33:15Z", .in)),
        Case("2024-06-11T09:33:15,5Z", ev("2024-06-11T09:33:15Z")),
        Case("2024-06-11T09:33.5Z", ev("2024-06-11T09:33:00Z")),
        Case("2024-06-11T09:34", ev("2024-06-11T02:34:00Z")),
        Case("2024-06-11 09:35:00", ev("2024-06-11T02:35:00Z")),
        Case("2024-06-11T09:35:00 in", ev("2024-06-11T02:35:00Z", .in)),
        Case("2024-06-11T09:35:00+05:45", ev("2024-06-11T03:50:00Z")),
        Case("2024-06-11T09:35:00-03:30 out 4", ev("2024-06-11T13:05:00Z", .out, 4)),
        Case("2024-06-11T09:35:00-0330", ev("2024-06-11T13:05:00Z")),
        Case("2024-06-11T09:35:00+14:00", ev("2024-06-10T19:35:00Z")),
        Case("2024-06-11T09:35:00-00:00", ev("2024-06-11T09:35:00Z")),
        Case("0000-01-01T00:00:00Z", .event(time: -62_167_219_200, direction: nil, count: 1)),
        Case("9999-12-31T23:59:59Z", .event(time: 253_402_300_799, direction: nil, count: 1)),
        // Leap days and second 60 (read as 59).
        Case("2024-02-29T12:00:00Z", ev("2024-02-29T12:00:00Z")),
        Case("2000-02-29T12:00:00Z", ev("2000-02-29T12:00:00Z")),
        Case("2023-02-29T12:00:00Z", range()),
        Case("1900-02-29T12:00:00Z", range()),
        Case("2016-12-31T23:59:60Z", ev("2016-12-31T23:59:59Z")),
        Case("2016-12-31T23:59:60+07:00 in", ev("2016-12-31T16:59:59Z", .in)),
        Case("2016-12-31T23:59:61Z", range()),
        Case("2024-06-11T24:00:00Z", range()),
        Case("2024-06-11T23:60:00Z", range()),
        Case("2024-13-01T00:00:00Z", range()),
        Case("2024-00-10T00:00:00Z", range()),
        Case("2024-06-31T00:00:00Z", range()),
        Case("2024-06-00T00:00:00Z", range()),
        Case("  2024-06-31T00:00:00+99:00", range(3)),
        // Directions in any case, counts at their limits and the ways Int(String) reads them.
        Case("2024-06-11T09:35:00+07:00 OUT", ev("2024-06-11T02:35:00Z", .out)),
        Case("2024-06-11T09:35:00+07:00 In 5", ev("2024-06-11T02:35:00Z", .in, 5)),
        Case("2024-06-11T09:35:00+07:00 iN", ev("2024-06-11T02:35:00Z", .in)),
        Case("2024-06-11T09:35:00+07:00 oUt 1000000", ev("2024-06-11T02:35:00Z", .out, 1_000_000)),
        Case("2024-06-11T09:35:00+07:00 1", ev("2024-06-11T02:35:00Z")),
        Case("2024-06-11T09:35:00+07:00 +5", ev("2024-06-11T02:35:00Z", nil, 5)),
        Case("2024-06-11T09:35:00+07:00 007", ev("2024-06-11T02:35:00Z", nil, 7)),
        Case("2024-06-11T09:35:00+07:00 in 0001000000", ev("2024-06-11T02:35:00Z", .in, 1_000_000)),
        Case("2024-06-11T09:35:00+07:00 in 1000001", word(30, "1000001")),
        Case("2024-06-11T09:35:00+07:00 0", word(27, "0")),
        Case("2024-06-11T09:35:00+07:00 000", word(27, "000")),
        Case("2024-06-11T09:35:00+07:00 -5", word(27, "-5")),
        Case("2024-06-11T09:35:00+07:00 -0", word(27, "-0")),
        Case("2024-06-11T09:35:00+07:00 +", word(27, "+")),
        Case("2024-06-11T09:35:00+07:00 ++5", word(27, "++5")),
        Case("2024-06-11T09:35:00+07:00 5x", word(27, "5x")),
        Case("2024-06-11T09:35:00+07:00 99999999999999999999999", word(27, "99999999999999999999999")),
        Case("2024-06-11T09:35:00+07:00 ５", word(27, "５")),
        Case("2024-06-11T09:35:00+07:00 5 in", word(29, "in")),
        Case("2024-06-11T09:35:00+07:00 in in", word(30, "in")),
        Case("2024-06-11T09:35:00+07:00 in 2 3", word(32, "3")),
        Case("2024-06-11T09:35:00+07:00 out out", word(31, "out")),
        Case("2024-06-11T09:35:00+07:00 Sideways", word(27, "Sideways")),
        Case("2024-06-11T09:35:00+07:00 İN", word(27, "İN")),
        Case("2024-06-11T09:35:00+07:00 inn", word(27, "inn")),
        Case("2024-06-11T09:35:00+07:00 i", word(27, "i")),
        Case("2024-06-11T09:35:00+07:00 \u{FF}\u{FE}", word(27, "\u{FF}\u{FE}")),
        // Blanks, tabs, comments, a carriage return inside a line.
        Case("2024-06-11T09:35:00+07:00\tin\t2", ev("2024-06-11T02:35:00Z", .in, 2)),
        Case("2024-06-11T09:35:00+07:00   out  \t 3  ", ev("2024-06-11T02:35:00Z", .out, 3)),
        Case("\t 2024-06-11T09:35:00+07:00 in", ev("2024-06-11T02:35:00Z", .in)),
        Case("2024-06-11T09:35:00+07:00 in # at the door", ev("2024-06-11T02:35:00Z", .in)),
        Case("2024-06-11T09:35:00+07:00# no blank before it", ev("2024-06-11T02:35:00Z")),
        Case("2024-06-11T09:35:00Z#", ev("2024-06-11T09:35:00Z")),
        Case("2024-06-11T09:35:00+07:00 in#x", word(27, "in#x")),
        Case("2024-06-11T09:35:00+07:00 in\r", word(27, "in\r")),
        Case("2024-06-11T09:35:00+07:00\r", bad(1)),
        Case("# comment", .blank), Case("", .blank), Case("   ", .blank), Case("\t# x", .blank), Case(" #", .blank),
        // Bad timestamps: the column is where the timestamp starts.
        Case("hello", bad(1)),
        Case("  hello", bad(3)),
        Case("2024-06-11", bad(1)),
        Case("2024-06-11T", bad(1)),
        Case("2024-06-11 ", bad(1)),
        Case("2024-06-11T09", bad(1)),
        Case("2024-06-11T09:3", bad(1)),
        Case("2024-06-11T09:30:0Z", bad(1)),
        Case("2024-06-11T09:30:", bad(1)),
        Case("2024-6-11T09:30:00Z", bad(1)),
        Case("2024-06-11t09:30:00Z", bad(1)),
        Case("2024-06-11T09:30:00Zin", bad(1)),
        Case("2024-06-11T09:30:00+07:00in", bad(1)),
        Case(" 2024-06-11T09:30:00+07:00in", bad(2)),
        Case("2024-06-11T09:30:00+07:00:00", bad(1)),
        Case("2024-06-11T09:30:00+07:0012", bad(1)),
        Case("2024-06-11T09:30:00x", bad(1)),
        Case("2024-06-11T09:35:00+15:00", bad(1)),
        Case("2024-06-11T09:35:00+07:60", bad(1)),
        Case("2024-06-11T09:35:00+7:00", bad(1)),
        Case("2024-06-11T09:35:00+07", bad(1)),
        Case("2024-06-11T09:35:00+07:", bad(1)),
        Case("2024-06-11T09:35:00+", bad(1)),
        Case("2024-06-11T09:35:00+07:0", bad(1)),
        Case("2024-06-11T09:35:00Z+07:00", bad(1)),
        Case("２024-06-11T09:35:00Z", bad(1)),
        // No offset in Europe/Berlin around DST: one guess, one correction.
        Case("2024-03-31T01:59:00", ev("2024-03-31T00:59:00Z"), berlin),
        Case("2024-03-31T02:30:00 in", ev("2024-03-31T01:30:00Z", .in), berlin),     // does not exist: read as CET
        Case("2024-03-31T03:00:00", ev("2024-03-31T01:00:00Z"), berlin),
        Case("2024-10-27T01:59:59", ev("2024-10-26T23:59:59Z"), berlin),
        Case("2024-10-27T02:30:00", ev("2024-10-27T01:30:00Z"), berlin),             // twice: the second (CET)
        Case("2024-10-27T03:00:00", ev("2024-10-27T02:00:00Z"), berlin),
        Case("2024-07-01T12:00:00+07:00", ev("2024-07-01T05:00:00Z"), berlin),
    ]

    static func withLine<T>(_ line: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(line.utf8).withUnsafeBufferPointer(body)
    }

    @Test(arguments: cases) func fastGeneralReferenceAndExpectedAgree(_ c: Case) {
        Self.withLine(c.line) { b in
            var fast = VisitorLogParser.LineParser(timeZone: c.zone)
            var general = VisitorLogParser.LineParser(timeZone: c.zone, fastPath: false, cacheZone: false)
            #expect(fast.parse(b) == c.expected)
            #expect(general.parse(b) == c.expected)
            #expect(VisitorLogParser.parseLine(b, timeZone: c.zone) == c.expected)
            #expect(ReferenceVisitorLine.parse(b, timeZone: c.zone) == c.expected)
        }
    }

    /// The forms the fast path is for do take it (the others fall back and are covered above).
    @Test func theCommonFormsTakeTheFastPath() {
        for line in ["2024-06-11T09:30:00+07:00", "2024-06-11T09:30:00Z in 2", "2024-06-11 09:30:00-03:30 OUT", "2024-06-11T09:30:00+05:45 7",
                     "2024-06-11T09:30:60z\tin\t1000000 # x"] {
            Self.withLine(line) { b in
                var parser = VisitorLogParser.LineParser(timeZone: hanoi)
                #expect(parser.fastEvent(b) != nil, "\(line)")
            }
        }
    }

    /// Every minute (and some odd seconds) around both 2024 transitions in Berlin, and in zones whose
    /// transitions or offsets are not whole hours, read by one parser in order (its hour cache warm)
    /// as the reference reads them one by one.
    @Test func offsetlessTimesAroundTransitionsMatchTheReference() {
        let zones = [Self.berlin, ZoneRules.named("Australia/Lord_Howe")!, ZoneRules.named("Asia/Kathmandu")!,
                     ZoneRules.named("America/St_Johns")!, ZoneRules.named("Europe/Amsterdam")!]
        let days = ["2024-03-31", "2024-10-27", "2024-04-07", "2024-10-06", "2024-03-10", "2024-11-03", "1937-07-01", "1986-01-01"]
        for zone in zones {
            var parser = VisitorLogParser.LineParser(timeZone: zone)
            for day in days {
                for minuteOfDay in stride(from: 0, to: 24 * 60, by: 1) {
                    let second = minuteOfDay % 7 == 0 ? 59 : minuteOfDay % 60
                    let line = "\(day)T" + String(format: "%02d:%02d:%02d", minuteOfDay / 60, minuteOfDay % 60, second)
                    Self.withLine(line) { b in
                        let reference = ReferenceVisitorLine.parse(b, timeZone: zone)
                        #expect(parser.parse(b) == reference, "\(zone.identifier) \(line)")
                    }
                }
            }
        }
    }

    // MARK: - Whole logs and chunks

    /// A log of the table's lines (bad ones well past the problem limit) among many good lines in
    /// time order, with CRLF and LF, several lines a minute.
    static func sampleLog(seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var text = ""
        var time = utc("2024-03-30T20:00:00Z")
        for index in 0..<3000 {
            time += Int64(random.next() % 25)
            let date = Date(timeIntervalSince1970: TimeInterval(time))
            let style = random.next() % 10
            let formatter = ISO8601DateFormatter()
            switch style {
            case 0: formatter.timeZone = TimeZone(identifier: "UTC")
            case 1: formatter.timeZone = TimeZone(identifier: Self.berlin.identifier)
            default: formatter.timeZone = TimeZone(identifier: hanoi.identifier)
            }
            var line = formatter.string(from: date)
            if style == 9 { line = String(line.dropLast(6)) }            // no offset: read in the log's zone
            switch random.next() % 7 {
            case 0: line += " out"
            case 1: line += " in \(1 + random.next() % 5)"
            case 2: line += " \(1 + random.next() % 3)"
            case 3: line += Self.edgeSuffixes[Int(random.next() % UInt64(Self.edgeSuffixes.count))]
            default: break
            }
            text += line + (random.next() % 4 == 0 ? "\r\n" : "\n")
            if index % 15 == 0 { text += cases[Int(random.next() % UInt64(cases.count))].line + "\n" }
        }
        for c in cases where c.line.hasPrefix("2024-06") { text += c.line + "\r\n" }
        text += "2024-06-11T09:35:00+07:00 in 3"                             // being written: no newline yet
        return Array(text.utf8)
    }

    /// Endings at the edges of what the fast line takes (limits, leading zeros, blanks, case, comments).
    static let edgeSuffixes = [" in 1000000", " out 1000000", " 1000000", " 1000001", " in 9999999", " 10000000", " in 0",
                               " 0", " 01", " in 007", " in  5", " in\t5", " in ", " out ", " inx", " outside", " IN", " Out 2",
                               " in 5 # door", " #note", " +3", " in +3", " in 5 6", " in out", " 5 in", " in-1", " in 1e3"]

    /// The result of one call, with the reference's reading of the same lines next to it.
    struct Reading: Equatable {
        var ledger = VisitorLedger()
        var problems: [Problem] = []
        var consumed = 0
        var lines = 0
    }

    static func readAtOnce(_ bytes: [UInt8], zone: ZoneRules) -> Reading {
        var reading = Reading()
        (reading.consumed, reading.lines) = bytes.withUnsafeBytes {
            VisitorLogParser.parse(bytes: $0, path: "visitors/a.log", timeZone: zone, firstLine: 1,
                                   into: &reading.ledger, problems: &reading.problems)
        }
        return reading
    }

    /// Chunks of random sizes, the unconsumed part carried over as kiosk-bench and a growing log do.
    static func readInChunks(_ bytes: [UInt8], zone: ZoneRules, random: inout SplitMix64, maxChunk: Int) -> Reading {
        var reading = Reading()
        var pending: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let size = min(bytes.count - offset, 1 + Int(random.next() % UInt64(maxChunk)))
            pending += bytes[offset..<offset + size]
            offset += size
            let (consumed, lines) = pending.withUnsafeBytes {
                VisitorLogParser.parse(bytes: $0, path: "visitors/a.log", timeZone: zone, firstLine: reading.lines + 1,
                                       into: &reading.ledger, problems: &reading.problems)
            }
            #expect(consumed == 0 || pending[consumed - 1] == 0x0A)
            #expect(!pending[consumed...].contains(0x0A))
            pending.removeFirst(consumed)
            reading.consumed += consumed
            reading.lines += lines
        }
        return reading
    }

    /// What the parser did before the fast path: each line through the reference, one `record` per line.
    static func readByReference(_ bytes: [UInt8], zone: ZoneRules) -> Reading {
        var reading = Reading()
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            reading.lines += 1
            var end = newline
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let result = Array(bytes[start..<end]).withUnsafeBufferPointer { ReferenceVisitorLine.parse($0, timeZone: zone) }
            switch result {
            case .blank: break
            case .event(let time, let direction, let count):
                if direction != nil { reading.ledger.hasDirections = true }
                reading.ledger.record(at: time, count: count, isOut: direction == .out)
            case .bad(let column, let message):
                if reading.problems.count < 100 {
                    reading.problems.append(Problem(path: "visitors/a.log", line: reading.lines, column: column, severity: .error, message: message))
                }
            }
            start = newline + 1
            reading.consumed = start
        }
        return reading
    }

    @Test func aLogReadsAsTheReferenceReadsIt() {
        for zone in [hanoi, Self.berlin] {
            let log = Self.sampleLog(seed: 7)
            let atOnce = Self.readAtOnce(log, zone: zone)
            #expect(atOnce == Self.readByReference(log, zone: zone))
            #expect(atOnce.problems.count == 100)
            #expect(atOnce.consumed == log.count - "2024-06-11T09:35:00+07:00 in 3".utf8.count)
            let outcome = VisitorLogParser.parse(data: Data(log), path: "visitors/a.log", timeZone: zone)
            #expect(outcome.ledger == atOnce.ledger && outcome.problems == atOnce.problems
                    && outcome.consumedBytes == atOnce.consumed && outcome.lines == atOnce.lines)
        }
    }

    @Test(arguments: [1, 7, 64, 300, 5000]) func chunksOfAnySizeReadAsOnePiece(maxChunk: Int) {
        var random = SplitMix64(seed: UInt64(maxChunk))
        let log = Self.sampleLog(seed: 11)
        let atOnce = Self.readAtOnce(log, zone: Self.berlin)
        let chunked = Self.readInChunks(log, zone: Self.berlin, random: &random, maxChunk: maxChunk)
        #expect(chunked == atOnce)
        #expect(chunked.problems.map(\.line) == atOnce.problems.map(\.line))
    }

    @Test func theProblemLimitHoldsAcrossCalls() {
        var ledger = VisitorLedger()
        var problems: [Problem] = []
        let bad = Array(String(repeating: "nope\n", count: 8).utf8)
        var firstLine = 1
        for _ in 0..<3 {
            let (consumed, lines) = bad.withUnsafeBytes {
                VisitorLogParser.parse(bytes: $0, path: "v.log", timeZone: hanoi, firstLine: firstLine, into: &ledger, problems: &problems, problemLimit: 20)
            }
            #expect(consumed == bad.count && lines == 8)
            firstLine += lines
        }
        #expect(problems.map(\.line) == Array(1...20))
        #expect(problems.allSatisfy { $0.column == 1 })
    }

    @Test func emptyAndNewlineFreeChunksConsumeNothing() {
        var ledger = VisitorLedger()
        var problems: [Problem] = []
        for text in ["", "2024-06-11T09:35:00+07:00 in"] {
            let (consumed, lines) = Array(text.utf8).withUnsafeBytes {
                VisitorLogParser.parse(bytes: $0, path: "v.log", timeZone: hanoi, firstLine: 1, into: &ledger, problems: &problems)
            }
            #expect(consumed == 0 && lines == 0)
        }
        #expect(ledger == VisitorLedger() && problems.isEmpty)
    }
}

/// Repeatable random numbers for the tests (SplitMix64).
struct SplitMix64 {
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

/// `VisitorLogParser.parseLine` as it was before the fast path (commit ad0c2a8), kept verbatim as
/// the reference the new parser must agree with.
enum ReferenceVisitorLine {
    typealias Direction = VisitorLogParser.Direction
    typealias LineResult = VisitorLogParser.LineResult

    static func parse(_ b: UnsafeBufferPointer<UInt8>, timeZone: ZoneRules) -> LineResult {
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
        let bad = LineResult.bad(column: timestampStart + 1, message: "not a visit line: expected TIMESTAMP [in|out] [COUNT], e.g. 2024-06-11T09:30:00+07:00 in 2")
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
        let time: Int64
        if let offset { time = local - offset } else {
            // No offset: the configured zone's offset at that moment (one guess, one correction
            // for instants near a transition).
            let guess = Date(timeIntervalSince1970: TimeInterval(local))
            let first = Int64(timeZone.secondsFromGMT(for: guess))
            time = local - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - first))))
        }
        // Then optional direction and count, separated by blanks.
        var direction: Direction? = nil
        var count = 1
        var field = 0
        while true {
            let before = i
            while i < b.count && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            if i == b.count || b[i] == UInt8(ascii: "#") { break }
            guard i > before else { return bad }
            let wordStart = i
            while i < b.count && b[i] != 0x20 && b[i] != 0x09 { i += 1 }
            let word = String(decoding: UnsafeBufferPointer(rebasing: b[wordStart..<i]), as: UTF8.self).lowercased()
            field += 1
            if field == 1 && (word == "in" || word == "out") {
                direction = word == "in" ? .in : .out
            } else if field <= 2, let n = Int(word), n > 0, n <= 1_000_000 {
                count = n
                field = 2
            } else {
                return .bad(column: wordStart + 1, message: "\"\(word)\" is neither in/out nor a positive count")
            }
        }
        return .event(time: time, direction: direction, count: count)
    }
}
