import Foundation
import KioskCore

/// Reads `visitors/*.log`: `TIMESTAMP [in|out] [COUNT]` a line, parsed from bytes (no date
/// formatter per line) because logs grow to millions of lines.
public enum VisitorLogParser {
    public struct Outcome: Sendable {
        public var ledger: VisitorLedger
        public var problems: [Problem]
        /// Bytes up to the end of the last complete line; a partial last line is being written
        /// and is read once its newline arrives.
        public var consumedBytes: Int
        public var lines: Int
    }

    public static func parse(data: Data, path: String, timeZone: TimeZone, firstLine: Int = 1) -> Outcome {
        var ledger = VisitorLedger()
        var problems: [Problem] = []
        var lineNumber = firstLine - 1
        var consumed = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start && bytes[end - 1] == 0x0D { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                switch parseLine(line, timeZone: timeZone) {
                case .blank: break
                case .event(let time, let direction, let count):
                    if direction != nil { ledger.hasDirections = true }
                    ledger.record(at: time, count: count, isOut: direction == .out)
                case .bad(let column, let message):
                    if problems.count < 100 {
                        problems.append(Problem(path: path, line: lineNumber, column: column, severity: .error, message: message))
                    }
                }
                start = newline + 1
                consumed = start
            }
        }
        return Outcome(ledger: ledger, problems: problems, consumedBytes: consumed, lines: lineNumber - firstLine + 1)
    }

    enum Direction { case `in`, out }
    enum LineResult: Equatable {
        case blank
        case event(time: Int64, direction: Direction?, count: Int)
        case bad(column: Int, message: String)
    }

    static func parseLine(_ b: UnsafeBufferPointer<UInt8>, timeZone: TimeZone) -> LineResult {
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
enum CivilDays {
    static func from(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month), d = Int64(day)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
