import Foundation
import KioskCore
import KioskData

/// One fuzz entry: a parser, driven with arbitrary bytes, with the invariants that must hold
/// whatever the bytes are. A failed invariant traps (see `check`).
struct FuzzTarget {
    let name: String
    let summary: String
    let run: (Data) -> Void
}

let fuzzTargets: [FuzzTarget] = [
    FuzzTarget(name: "honours", summary: "HonourRollParser.parse (honour roll CSV)", run: fuzzHonours),
    FuzzTarget(name: "csv", summary: "CSVReader.read (bytes and text), write-and-read-back", run: fuzzCSV),
    FuzzTarget(name: "captions", summary: "CaptionsParser.parse (gallery captions.csv)", run: fuzzCaptions),
    FuzzTarget(name: "ticker", summary: "TickerParser.parse (ticker.txt)", run: fuzzTicker),
    FuzzTarget(name: "settings", summary: "SettingsParser.parse (kiosk.toml via TOMLParser)", run: fuzzSettings),
    FuzzTarget(name: "counter", summary: "CounterSnapshotParser.parse (visitors/counter.json)", run: fuzzCounter),
    FuzzTarget(name: "visitorlog", summary: "VisitorLogParser.parse (visitor log lines)", run: fuzzVisitorLog),
    FuzzTarget(name: "datefield", summary: "DateField.parse and HonourRollParser.parseKind", run: fuzzDateField),
    FuzzTarget(name: "datapath", summary: "DataPath.isSafeRelative", run: fuzzDataPath),
    FuzzTarget(name: "textdecoding", summary: "TextDecoding (internal) through CSVReader/TickerParser: UTF-8, BOM, UTF-16 LE/BE agree",
               run: fuzzTextDecoding),
    FuzzTarget(name: "script", summary: "InputScript.parse and timeline (kiosk render --script)", run: fuzzScript),
    FuzzTarget(name: "collation", summary: "VietnameseCollation keys, HonourNameOrder, HonourCatalog search against plain containment",
               run: fuzzCollation),
    FuzzTarget(name: "image-header", summary: "ImageHeader.parse (JPEG, PNG, WebP headers: size, EXIF orientation, caption)",
               run: fuzzImageHeader),
    FuzzTarget(name: "exif", summary: "EXIF (TIFF IFD0) in a JPEG, PNG and WebP: orientation as the bytes say, same caption in each",
               run: fuzzExif),
    FuzzTarget(name: "xmp", summary: "XMP dc:description in a JPEG, PNG and WebP; escaped text reads back as written",
               run: fuzzXMP),
    FuzzTarget(name: "schedule", summary: "[schedule] of kiosk.toml: raw TOML, night/off hours, opening days, playlist items",
               run: fuzzSchedule),
]

func fuzzTarget(named name: String) -> FuzzTarget? { fuzzTargets.first { $0.name == name } }

// MARK: - honours

func fuzzHonours(_ data: Data) {
    let path = "honours/fuzz.csv"
    let outcome = HonourRollParser.parse(data: data, path: path)
    checkProblems(outcome.problems, path: path, data: data, "honours")
    if !outcome.usable {
        check(outcome.honours.isEmpty, "honours: an unusable file gave \(outcome.honours.count) honours")
        check(outcome.problems.contains { $0.severity == .error }, "honours: an unusable file without an error")
    }
    var previousLine = 0
    for honour in outcome.honours {
        check(!honour.name.isEmpty && !honour.award.isEmpty, "honours: honour without a name or an award: \(honour)")
        for (label, field) in [("name", honour.name), ("award", honour.award), ("awardedBy", honour.awardedBy),
                               ("title", honour.title), ("unit", honour.unit), ("citation", honour.citation)] {
            check(isNormalisedField(field), "honours: \(label) \(field.debugDescription) is not NFC and trimmed")
            consumeText(field)
        }
        check(honour.source.path == path, "honours: source path \(honour.source.path)")
        check(honour.source.line > previousLine && honour.source.line <= maxLine(data),
              "honours: source line \(honour.source.line) after \(previousLine) (max \(maxLine(data)))")
        previousLine = honour.source.line
        check(DateField.parse(honour.date.description) == honour.date, "honours: date \(honour.date) does not read back")
        check(HonourRollParser.parseKind(honour.kind.rawValue) == honour.kind, "honours: kind \(honour.kind) does not read back")
        if let photo = honour.photo {
            check(!photo.isEmpty && DataPath.isSafeRelative(photo), "honours: unsafe photo path \(photo.debugDescription) kept")
        }
        consume(honour)
        consumeText(honour.date.description)
    }
    // Parsing the same bytes again gives the same outcome; the path is only a label.
    let again = HonourRollParser.parse(data: data, path: path)
    check(again.honours == outcome.honours && again.problems == outcome.problems && again.usable == outcome.usable,
          "honours: a second parse of the same bytes differs")
    let otherPath = "x/other.csv"
    let elsewhere = HonourRollParser.parse(data: data, path: otherPath)
    check(elsewhere.usable == outcome.usable && elsewhere.honours.count == outcome.honours.count
          && elsewhere.problems.count == outcome.problems.count, "honours: the path changed the outcome")
    for (a, b) in zip(elsewhere.honours, outcome.honours) {
        var moved = b
        moved.source.path = otherPath
        check(a == moved, "honours: the path changed an honour")
    }
    for (a, b) in zip(elsewhere.problems, outcome.problems) {
        check(a.path == otherPath && a.line == b.line && a.column == b.column && a.severity == b.severity && a.message == b.message,
              "honours: the path changed a problem: \(a) vs \(b)")
    }
    let readAs: (Data) -> HonourRollParser.Outcome = { HonourRollParser.parse(data: $0, path: path) }
    checkEveryEncoding(data, outcome, "honours", usable: honoursUsable, same: sameHonours, parse: readAs)
}

func honoursUsable(_ outcome: HonourRollParser.Outcome) -> Bool { outcome.usable }

func sameHonours(_ a: HonourRollParser.Outcome, _ b: HonourRollParser.Outcome) -> Bool {
    a.honours == b.honours && a.problems == b.problems && a.usable == b.usable
}

/// A data file reads the same whichever encoding it was saved in: the text the bytes hold
/// (when TextDecoding must accept them) is written in UTF-8, UTF-8 with BOM and UTF-16 LE and BE
/// and parsed again; bytes that are not text in any of them are refused. So the fuzzer's inputs
/// reach the parser through every decoding path, not only the one their first bytes pick.
func checkEveryEncoding<Outcome>(_ data: Data, _ outcome: Outcome, _ what: String, usable: (Outcome) -> Bool,
                                 same: (Outcome, Outcome) -> Bool, parse: (Data) -> Outcome) {
    guard let text = acceptedText(data) else {
        check(!usable(outcome), "\(what): bytes that are neither UTF-8 nor UTF-16 were read")
        return
    }
    for (name, encoded) in everyEncoding(text) {
        check(same(parse(encoded), outcome), "\(what): the same text saved as \(name) reads differently")
    }
}

// MARK: - csv

func checkRecords(_ records: [CSVRecord], separator: Character, data: Data?, _ what: String) {
    check(separator == "," || separator == ";", "\(what): separator \(separator)")
    var previousLine = 0
    for record in records {
        check(record.fields.count == record.columns.count, "\(what): \(record.fields.count) fields but \(record.columns.count) columns")
        check(!record.fields.isEmpty && !record.fields.allSatisfy(\.isEmpty), "\(what): an empty record was kept at line \(record.line)")
        check(record.line > previousLine, "\(what): record line \(record.line) after \(previousLine)")
        if let data { check(record.line <= maxLine(data), "\(what): record line \(record.line) > \(maxLine(data))") }
        previousLine = record.line
        for column in record.columns { check(column >= 1, "\(what): column \(column) < 1 at line \(record.line)") }
        for field in record.fields {
            check(isNormalisedField(field), "\(what): field \(field.debugDescription) is not NFC and trimmed")
            consumeText(field)
        }
        check(record.column(record.fields.count) == 1, "\(what): column past the end is not 1")
        consume(record.fields); consume(record.columns); consume(record.line)
    }
}

/// Writes records back as CSV with every field quoted, the way a careful exporter would.
func writeCSV(_ records: [CSVRecord], separator: Character) -> String {
    records.map { record in
        record.fields.map { field in
            // Quotes doubled scalar by scalar: a quote followed by a combining mark is one Character,
            // which Character-level replacing would miss.
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in field.unicodeScalars {
                quoted.append(scalar)
                if scalar == "\"" { quoted.append("\"") }
            }
            quoted.append("\"")
            return String(quoted)
        }.joined(separator: String(separator))
    }.joined(separator: "\r\n") + "\r\n"
}

func fuzzCSV(_ data: Data) {
    let path = "fuzz.csv"
    let result = CSVReader.read(data, path: path)
    checkProblems(result.problems, path: path, data: data, lineRequired: false, "csv")
    checkRecords(result.records, separator: result.separator, data: data, "csv")
    let again = CSVReader.read(data, path: path)
    check(again.records == result.records && again.separator == result.separator && again.problems == result.problems,
          "csv: a second read of the same bytes differs")
    guard result.problems.isEmpty else { return }
    // Written back and read again, the records keep their fields (lines may move: quoted line breaks).
    // A single-column header can't show `;`, so the check needs `,` or a header with 2+ fields.
    guard let header = result.records.first, result.separator == "," || header.fields.count >= 2 else { return }
    let written = writeCSV(result.records, separator: result.separator)
    let reread = CSVReader.read(text: written, path: path)
    check(reread.problems.isEmpty, "csv: written back, it has problems: \(reread.problems)")
    check(reread.separator == result.separator, "csv: written back, the separator became \(reread.separator)")
    let before = result.records.map(\.fields), after = reread.records.map(\.fields)
    check(before == after, {
        let first = (0..<min(before.count, after.count)).first { before[$0] != after[$0] } ?? min(before.count, after.count)
        return "csv: written back and read again, the fields differ at record \(first): "
            + "\(first < before.count ? before[first].debugDescription : "none") became "
            + "\(first < after.count ? after[first].debugDescription : "none")\nwritten: \(written.debugDescription)"
    }())
}

// MARK: - captions

func fuzzCaptions(_ data: Data) {
    let path = "gallery/Album/captions.csv"
    let outcome = CaptionsParser.parse(data: data, path: path)
    checkProblems(outcome.problems, path: path, data: data, "captions")
    if !outcome.usable {
        check(outcome.entries.isEmpty, "captions: an unusable file gave entries")
        check(outcome.problems.contains { $0.severity == .error }, "captions: an unusable file without an error")
    }
    var orders = Set<Int>()
    for (file, entry) in outcome.entries {
        check(!file.isEmpty && !file.contains("/"), "captions: file name \(file.debugDescription) kept")
        check(isNormalisedField(file) && isNormalisedField(entry.caption) && isNormalisedField(entry.credit),
              "captions: a field of \(file.debugDescription) is not NFC and trimmed")
        check(entry.order >= 0, "captions: order \(entry.order)")
        check(orders.insert(entry.order).inserted, "captions: two files share order \(entry.order)")
        consumeText(file); consumeText(entry.caption); consumeText(entry.credit)
        consume(entry.order)
    }
    let again = CaptionsParser.parse(data: data, path: path)
    check(again.entries == outcome.entries && again.problems == outcome.problems && again.usable == outcome.usable,
          "captions: a second parse of the same bytes differs")
    let readAs: (Data) -> CaptionsOutcome = { CaptionsParser.parse(data: $0, path: path) }
    checkEveryEncoding(data, outcome, "captions", usable: captionsUsable, same: sameCaptions, parse: readAs)
}

typealias CaptionsOutcome = (entries: [String: CaptionsParser.Entry], problems: [Problem], usable: Bool)

func captionsUsable(_ outcome: CaptionsOutcome) -> Bool { outcome.usable }

func sameCaptions(_ a: CaptionsOutcome, _ b: CaptionsOutcome) -> Bool {
    a.entries == b.entries && a.problems == b.problems && a.usable == b.usable
}

// MARK: - ticker

func checkTicker(_ outcome: (headlines: [String], problems: [Problem], usable: Bool), path: String, data: Data, _ what: String) {
    checkProblems(outcome.problems, path: path, data: data, what)
    if outcome.usable {
        check(outcome.problems.isEmpty, "\(what): a usable ticker with problems")
    } else {
        check(outcome.headlines.isEmpty && outcome.problems.count == 1, "\(what): an unusable ticker gave headlines or several problems")
    }
    for headline in outcome.headlines {
        check(!headline.isEmpty && !headline.hasPrefix("#"), "\(what): headline \(headline.debugDescription) kept")
        check(isNormalisedField(headline), "\(what): headline \(headline.debugDescription) is not NFC and trimmed")
        check(!headline.contains(where: \.isNewline) && !headline.unicodeScalars.contains("\n")
              && !headline.unicodeScalars.contains("\r"), "\(what): headline \(headline.debugDescription) spans lines")
        consumeText(headline)
    }
}

func fuzzTicker(_ data: Data) {
    let path = "ticker.txt"
    let outcome = TickerParser.parse(data: data, path: path)
    checkTicker(outcome, path: path, data: data, "ticker")
    if validUTF8Text(data) != nil { check(outcome.usable, "ticker: valid UTF-8 refused: \(outcome.problems)") }
    let again = TickerParser.parse(data: data, path: path)
    check(again.headlines == outcome.headlines && again.problems == outcome.problems && again.usable == outcome.usable,
          "ticker: a second parse of the same bytes differs")
}

// MARK: - settings

func fuzzSettings(_ data: Data) {
    let path = "kiosk.toml"
    let outcome = SettingsParser.parse(data: data, path: path)
    // No line only for bytes that are not text at all (odd-length UTF-16).
    checkProblems(outcome.problems, path: path, data: data, "settings")
    let s = outcome.settings
    if !outcome.usable {
        check(s == Settings(), "settings: an unusable file changed the settings")
        check(outcome.problems.count == 1 && outcome.problems[0].severity == .error, "settings: an unusable file without one error")
    }
    check(!s.organisationName.isEmpty && isNormalisedField(s.organisationName), "settings: organisation \(s.organisationName.debugDescription)")
    check(DisplayLanguage(rawValue: s.language.rawValue) == s.language, "settings: language")
    check(ZoneRules.cached(s.timeZone) != nil, "settings: time zone \(s.timeZone.debugDescription) unknown")
    for (key, value) in [("slide_seconds", s.slideSeconds), ("crossfade_seconds", s.crossfadeSeconds),
                         ("highlight_seconds", s.highlightSeconds), ("ticker_speed", s.tickerSpeed)] {
        check(value > 0 && value.isFinite, "settings: \(key) = \(value)")
    }
    check(s.crossfadeSeconds < s.slideSeconds, "settings: crossfade \(s.crossfadeSeconds) ≥ slide \(s.slideSeconds)")
    check(s.nowWindowMinutes >= 1, "settings: now_window_minutes = \(s.nowWindowMinutes)")
    check((1...7).contains(s.firstWeekday), "settings: first_weekday = \(s.firstWeekday)")
    checkSchedule(s.schedule)
    consume(s)
    let again = SettingsParser.parse(data: data, path: path)
    check(again.settings == outcome.settings && again.problems == outcome.problems && again.usable == outcome.usable,
          "settings: a second parse of the same bytes differs")
}

/// The parsed schedule stays within what the parser promises, and its clock functions agree with
/// themselves: the mode holds until `nextModeChange` and differs there; the playlist moves on.
func checkSchedule(_ schedule: ScheduleSettings) {
    for step in schedule.playlist {
        check(step.seconds >= 5 && step.seconds <= 86_400, "settings: playlist step of \(step.seconds) s")
    }
    for command in [schedule.offCommand, schedule.onCommand].compactMap({ $0 }) {
        check(!command.isEmpty && command == command.trimmingCharacters(in: .whitespacesAndNewlines), "settings: command \(command.debugDescription)")
    }
    for (zone, instant) in [("Asia/Ho_Chi_Minh", 1_718_071_234.5), ("Europe/Berlin", 1_711_846_000.0)] {
        let timeZone = ZoneRules.named(zone)!, date = Date(timeIntervalSince1970: instant)
        let mode = schedule.mode(at: date, timeZone: timeZone)
        if let next = schedule.nextModeChange(after: date, timeZone: timeZone) {
            check(next > date && next.timeIntervalSince(date) <= 8 * 86_400, "settings: next mode change \(next) after \(date)")
            check(schedule.mode(at: next, timeZone: timeZone) != mode, "settings: no mode change at \(next)")
            check(schedule.mode(at: next.addingTimeInterval(-0.001), timeZone: timeZone) == mode, "settings: mode changed before \(next)")
        }
        if let step = schedule.playlistScene(at: date) {
            check(step.until > date && schedule.playlist.indices.contains(step.index), "settings: playlist step \(step)")
        } else {
            check(schedule.playlist.isEmpty, "settings: a playlist without a scene")
        }
    }
}

// MARK: - counter

func fuzzCounter(_ data: Data) {
    let path = "visitors/counter.json"
    let outcome = CounterSnapshotParser.parse(data: data, path: path)
    checkProblems(outcome.problems, path: path, data: data, lineRequired: true, "counter")
    check((outcome.figures == nil) == !outcome.problems.isEmpty, "counter: figures and problems both or neither")
    check(outcome.problems.allSatisfy { $0.severity == .error }, "counter: a warning")
    if let f = outcome.figures {
        for value in [f.now, f.today, f.week, f.month, f.year, f.total] {
            check((0...CounterSnapshotParser.maximumFigure).contains(value), "counter: figure \(value) out of range")
        }
        consume(f)
    }
    let again = CounterSnapshotParser.parse(data: data, path: path)
    check(again.figures == outcome.figures && again.problems == outcome.problems, "counter: a second parse of the same bytes differs")
}

// MARK: - visitorlog

let hanoi = ZoneRules.named("Asia/Ho_Chi_Minh") ?? ZoneRules(identifier: "Asia/Ho_Chi_Minh", fixedOffset: 7 * 3600)
let berlin = ZoneRules.named("Europe/Berlin")!

func fuzzVisitorLog(_ data: Data) {
    let path = "visitors/entrance.log"
    let bytes = [UInt8](data)
    let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    let full = VisitorLogParser.parse(data: data, path: path, timeZone: hanoi)
    checkProblems(full.problems, path: path, data: data, lineRequired: true, "visitorlog")
    check(full.lines == newlines, "visitorlog: \(full.lines) lines but \(newlines) newlines")
    check(full.consumedBytes >= 0 && full.consumedBytes <= data.count, "visitorlog: consumed \(full.consumedBytes) of \(data.count)")
    check(full.consumedBytes == 0 || bytes[full.consumedBytes - 1] == 0x0A, "visitorlog: consumed bytes stop mid-line")
    check(!bytes[full.consumedBytes...].contains(0x0A), "visitorlog: a complete line was left unconsumed")
    check(full.problems.count <= 100, "visitorlog: \(full.problems.count) problems (cap is 100)")
    check(full.problems.allSatisfy { ($0.line ?? 0) <= full.lines && $0.column != nil },
          "visitorlog: a problem past the last line or without a column")
    for (minute, count) in full.ledger.inByMinute { check(count > 0, "visitorlog: in count \(count) at minute \(minute)") }
    for (minute, count) in full.ledger.outByMinute { check(count > 0, "visitorlog: out count \(count) at minute \(minute)") }
    check(full.ledger.snapshot == nil, "visitorlog: a log set a snapshot")
    consume(full.ledger)

    let again = VisitorLogParser.parse(data: data, path: path, timeZone: hanoi)
    check(again.ledger == full.ledger && again.problems == full.problems && again.consumedBytes == full.consumedBytes
          && again.lines == full.lines, "visitorlog: a second parse of the same bytes differs")

    // The time zone moves offset-less times only: lines, problems and totals stay.
    let elsewhere = VisitorLogParser.parse(data: data, path: path, timeZone: berlin)
    check(elsewhere.problems == full.problems && elsewhere.lines == full.lines && elsewhere.consumedBytes == full.consumedBytes
          && elsewhere.ledger.hasDirections == full.ledger.hasDirections
          && elsewhere.ledger.inByMinute.values.reduce(0, +) == full.ledger.inByMinute.values.reduce(0, +)
          && elsewhere.ledger.outByMinute.values.reduce(0, +) == full.ledger.outByMinute.values.reduce(0, +),
          "visitorlog: the time zone changed more than the times")

    // Read in two pieces (as a growing log is), the result is the same as read at once.
    guard let cut = bytes[(bytes.count / 2)...].firstIndex(of: 0x0A) else { return }
    let head = VisitorLogParser.parse(data: Data(bytes[...cut]), path: path, timeZone: hanoi)
    let tail = VisitorLogParser.parse(data: Data(bytes[(cut + 1)...]), path: path, timeZone: hanoi, firstLine: head.lines + 1)
    check(head.consumedBytes == cut + 1, "visitorlog: the head was not consumed whole")
    check(head.consumedBytes + tail.consumedBytes == full.consumedBytes && head.lines + tail.lines == full.lines,
          "visitorlog: read in two pieces, the byte or line counts differ")
    var merged = head.ledger
    merged.merge(tail.ledger)
    check(merged == full.ledger, "visitorlog: read in two pieces, the ledger differs")
    check(Array((head.problems + tail.problems).prefix(100)) == full.problems, "visitorlog: read in two pieces, the problems differ")
}

// MARK: - datefield

func fuzzDateField(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    let date = DateField.parse(text)
    check(DateField.parse(text) == date, "datefield: a second parse differs")
    if let date {
        check((1900...2200).contains(date.year), "datefield: year \(date.year) from \(text.debugDescription)")
        check(date.day == nil || date.month != nil, "datefield: a day without a month")
        if let month = date.month { check((1...12).contains(month), "datefield: month \(month)") }
        if let day = date.day { check(day >= 1 && day <= 31, "datefield: day \(day)") }
        check(DateField.parse(date.description) == date, "datefield: \(date) does not read back from \(text.debugDescription)")
        // The other written form of the same day reads the same.
        if let month = date.month, let day = date.day {
            check(DateField.parse("\(day)/\(month)/\(date.year)") == date, "datefield: D/M/YYYY of \(date) differs")
        }
        consumeText(date.description)
        consume(date)
    }
    // Blanks around the text don't matter (when the text doesn't begin or end with a combining mark).
    if text.unicodeScalars.first.map({ $0.isASCII }) ?? true, text.unicodeScalars.last.map({ $0.isASCII }) ?? true {
        check(DateField.parse("  " + text + " ") == date, "datefield: blanks around \(text.debugDescription) change the date")
    }
    if let kind = HonourRollParser.parseKind(text) {
        check(HonourRollParser.parseKind(kind.rawValue) == kind, "datefield: kind \(kind) does not read back")
        consume(kind)
    }
}

// MARK: - datapath

/// The rule of DataPath.isSafeRelative written on bytes: what the file system will see.
func referenceSafeRelative(_ path: String) -> Bool {
    let bytes = Array(path.utf8)
    guard let first = bytes.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "~"),
          !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return false }
    return !bytes.split(separator: UInt8(ascii: "/")).contains { $0.elementsEqual("..".utf8) }
}

func fuzzDataPath(_ data: Data) {
    let path = String(decoding: data, as: UTF8.self)
    let safe = DataPath.isSafeRelative(path)
    check(DataPath.isSafeRelative(path) == safe, "datapath: a second call differs")
    for candidate in [path, "/" + path, "../" + path, path + "/..", "a/" + path, path + "\0", "~" + path] {
        let verdict = DataPath.isSafeRelative(candidate), expected = referenceSafeRelative(candidate)
        check(verdict == expected, "datapath: isSafeRelative(\(candidate.debugDescription)) is \(verdict), the bytes say \(expected)")
    }
    if safe {
        check(DataPath.isSafeRelative("a/" + path), "datapath: a safe path below a folder became unsafe")
    }
    consume(safe)
}

// MARK: - textdecoding

/// UTF-16 decoded by hand, independently of the project's decoder: nil when a surrogate is unpaired.
/// `line` is the line of the first bad unit.
func referenceUTF16(_ bytes: [UInt8], bigEndian: Bool) -> (text: String?, badLine: Int) {
    var scalars = String.UnicodeScalarView()
    var line = 1
    var i = 2
    func unit(_ at: Int) -> UInt32 {
        bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
    }
    while i + 1 < bytes.count {
        let u = unit(i)
        let next: UInt32 = i + 3 < bytes.count ? unit(i + 2) : 0
        if u >= 0xD800 && u < 0xDC00 && next >= 0xDC00 && next < 0xE000 {
            scalars.append(Unicode.Scalar(0x10000 + ((u - 0xD800) << 10) + (next - 0xDC00))!)
            i += 4
        } else if let scalar = Unicode.Scalar(u) {
            if scalar == "\n" { line += 1 }
            scalars.append(scalar)
            i += 2
        } else {
            return (nil, line)
        }
    }
    return (String(scalars), line)
}

func fuzzTextDecoding(_ data: Data) {
    let path = "ticker.txt"
    let bytes = [UInt8](data)
    let ticker = TickerParser.parse(data: data, path: path)
    checkTicker(ticker, path: path, data: data, "textdecoding")
    let csv = CSVReader.read(data, path: path)

    let text: String
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
        if bytes.count % 2 == 1 {
            check(!ticker.usable && ticker.problems.first?.line == nil, "textdecoding: odd-length UTF-16 was not refused without a line")
            return
        }
        let reference = referenceUTF16(bytes, bigEndian: bytes[0] == 0xFE)
        guard let decoded = reference.text else {
            check(!ticker.usable, "textdecoding: UTF-16 with an unpaired surrogate was accepted")
            check(ticker.problems.first?.line == reference.badLine,
                  "textdecoding: bad UTF-16 reported at line \(ticker.problems.first?.line as Any), expected \(reference.badLine)")
            return
        }
        check(ticker.usable, "textdecoding: valid UTF-16 refused: \(ticker.problems)")
        text = decoded
    } else if let decoded = validUTF8Text(data) {
        check(ticker.usable, "textdecoding: valid UTF-8 refused: \(ticker.problems)")
        text = decoded
    } else {
        check(!ticker.usable && ticker.problems.count == 1, "textdecoding: invalid UTF-8 accepted")
        let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        check((ticker.problems[0].line ?? 0) >= 1 && (ticker.problems[0].line ?? 0) <= newlines + 1,
              "textdecoding: invalid UTF-8 reported at line \(ticker.problems[0].line as Any) of \(newlines + 1)")
        check(csv.records.isEmpty && csv.problems == ticker.problems, "textdecoding: CSV and ticker disagree on bad bytes")
        return
    }
    // Bytes and text read the same, and so does the same text in every encoding the decoder takes.
    let fromText = CSVReader.read(text: text, path: path)
    check(csv.records == fromText.records && csv.separator == fromText.separator && csv.problems == fromText.problems,
          "textdecoding: CSV from the bytes differs from CSV from the decoded text")
    let encodings: [(String, Data)] = [("UTF-8", Data(text.utf8)), ("UTF-8 BOM", utf8BOM + Data(text.utf8)),
                                       ("UTF-16 LE", utf16Data(text, bigEndian: false)), ("UTF-16 BE", utf16Data(text, bigEndian: true))]
    // A leading U+FEFF in the text would be taken for a BOM in plain UTF-8.
    for (name, encoded) in encodings where !(name == "UTF-8" && text.unicodeScalars.first == "\u{FEFF}") {
        let other = TickerParser.parse(data: encoded, path: path)
        check(other.usable && other.headlines == ticker.headlines, "textdecoding: the ticker in \(name) differs")
        let otherCSV = CSVReader.read(encoded, path: path)
        check(otherCSV.records == csv.records && otherCSV.problems == csv.problems, "textdecoding: the CSV in \(name) differs")
    }
}
