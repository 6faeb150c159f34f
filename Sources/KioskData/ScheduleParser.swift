import FoundationEssentials
import KioskCore

/// The `[schedule]` table of kiosk.toml: night and off hours, opening hours by weekday, the
/// commands run when the screen goes off and on, and the unattended playlist (README, "kiosk.toml").
///
/// The people who edit it are office staff, so each mistake is one message naming the key and what
/// was written, and a bad value never darkens the screen: bad night or off hours are not used, a
/// bad opening day stays open all day, a bad playlist item is left out.
enum ScheduleParser {
    static let knownKeys = ["night", "off", "off_command", "on_command", "playlist", "opening"]

    /// A playlist step shorter than this is refused: the scene change itself fades for half a
    /// second, and a header, a counter or a photo needs a few seconds to be read; under 5 s a
    /// scene is only a flicker. The longest is a day, past any sensible lobby cycle.
    static let shortestStep = 5.0
    static let longestStep = 86_400.0

    static func parse(_ value: TOMLValue, at position: TOMLPosition?, path: String, problems: inout [Problem]) -> ScheduleSettings {
        var schedule = ScheduleSettings()
        func problem(_ position: TOMLPosition?, _ message: String, _ severity: Severity = .error) {
            let place = position ?? TOMLPosition(line: 1, column: 1)
            problems.append(Problem(path: path, line: place.line, column: place.column, severity: severity, message: message))
        }
        guard let table = value.table else {
            problem(position, "schedule must be a table: a line [schedule] with the schedule's keys below it; no schedule is used")
            return schedule
        }
        func at(_ key: String) -> TOMLPosition? { table.position(of: key) ?? position }

        for key in table.keys where !knownKeys.contains(key) {
            problem(at(key), "unknown setting \"\(key)\" in [schedule] is ignored", .warning)
        }
        if let value = table["night"] {
            schedule.night = hours(value, key: "night", otherwise: "no night hours are used") { problem(at("night"), $0) } ?? .never
        }
        if let value = table["off"] {
            schedule.off = hours(value, key: "off", otherwise: "no off hours are used") { problem(at("off"), $0) } ?? .never
        }
        for key in ["off_command", "on_command"] {
            guard let value = table[key] else { continue }
            guard let text = value.string else {
                problem(at(key), "\(key) must be a shell command in quotes, not \(value.kindName); no command is run")
                continue
            }
            // Not normalised beyond trimming: a shell command is passed on exactly as written.
            let command = text.trimmingSpace()
            if key == "off_command" { schedule.offCommand = command.isEmpty ? nil : command }
            else { schedule.onCommand = command.isEmpty ? nil : command }
        }
        if let value = table["opening"] {
            if let days = value.table {
                schedule.opening = opening(days, at: at("opening"), problem: problem)
            } else {
                problem(at("opening"), "opening must be its own table: a line [schedule.opening] with lines such as "
                        + "weekdays = \"07:00-17:30\" below it, not \(value.kindName); the screen keeps no opening hours")
            }
        }
        if let value = table["playlist"] {
            schedule.playlist = playlist(value, at: at("playlist"), problem: problem)
        }
        warnIfNeverOn(schedule, opening: at("opening"), off: at("off"), problem: problem)
        return schedule
    }

    /// A screen that is off around the clock looks broken; say why, once.
    private static func warnIfNeverOn(_ schedule: ScheduleSettings, opening: TOMLPosition?, off: TOMLPosition?,
                                      problem: (TOMLPosition?, String, Severity) -> Void) {
        let utc = ZoneRules.utc, someday = Date(timeIntervalSince1970: 1_700_000_000)
        guard schedule.mode(at: someday, timeZone: utc) == .off, schedule.nextModeChange(after: someday, timeZone: utc) == nil else { return }
        if let hours = schedule.opening, hours.isNeverOpen {
            problem(opening, "no day in [schedule.opening] has opening hours, so the screen stays off all week; "
                    + "give the open days their hours, such as weekdays = \"07:00-17:30\"", .warning)
        } else if schedule.opening == nil {
            problem(off, "off = \"\(schedule.off)\" covers the whole day, so the screen never turns on", .warning)
        } else {
            problem(off, "off = \"\(schedule.off)\" covers all the opening hours, so the screen never turns on", .warning)
        }
    }

    // MARK: hours

    /// The hours a value gives, or nil after reporting why not; `otherwise` says what happens then.
    private static func hours(_ value: TOMLValue, key: String, otherwise: String, report: (String) -> Void) -> DailyHours? {
        guard let text = value.string else {
            let hint = value.array != nil ? " (several ranges go in one string: \"07:00-11:30, 13:30-17:00\")" : ""
            report("\(key) must be hours in quotes such as \"07:00-17:30\", not \(value.kindName)\(hint); \(otherwise)")
            return nil
        }
        switch HoursText.parse(text) {
        case .success(let hours): return hours
        case .failure(let reason):
            report("\(key) = \"\(text)\": \(reason.message); \(otherwise)")
            return nil
        }
    }

    // MARK: opening hours

    /// Which days a key of [schedule.opening] sets, and how strongly: a single day (2) overrides
    /// its group (1), which overrides every_day (0), whatever their order in the file.
    private struct DayKey {
        var days: [Weekday]
        var rank: Int
        var name: String
    }

    private static let dayKeys: [String: DayKey] = {
        var keys: [String: DayKey] = [:]
        let names: [(Weekday, [String])] = [
            (.monday, ["monday", "mon", "t2"]), (.tuesday, ["tuesday", "tue", "t3"]), (.wednesday, ["wednesday", "wed", "t4"]),
            (.thursday, ["thursday", "thu", "t5"]), (.friday, ["friday", "fri", "t6"]), (.saturday, ["saturday", "sat", "t7"]),
            (.sunday, ["sunday", "sun", "cn"]),
        ]
        for (day, spellings) in names {
            for spelling in spellings { keys[spelling] = DayKey(days: [day], rank: 2, name: spellings[0]) }
        }
        keys["weekdays"] = DayKey(days: [.monday, .tuesday, .wednesday, .thursday, .friday], rank: 1, name: "monday to friday")
        keys["weekend"] = DayKey(days: [.saturday, .sunday], rank: 1, name: "saturday and sunday")
        for spelling in ["every_day", "everyday", "daily"] { keys[spelling] = DayKey(days: Weekday.allCases, rank: 0, name: "every day") }
        return keys
    }()

    private static func opening(_ table: TOMLTable, at tablePosition: TOMLPosition?,
                                problem: (TOMLPosition?, String, Severity) -> Void) -> WeeklyHours {
        var week = WeeklyHours()
        /// For each day, the rank and key that set it.
        var setBy: [Weekday: (rank: Int, key: String)] = [:]
        for key in table.keys {
            let position = table.position(of: key) ?? tablePosition
            guard let dayKey = dayKeys[key.lowercased()] else {
                problem(position, "unknown day \"\(key)\" in [schedule.opening] is ignored; the days are monday … sunday "
                        + "(or mon … sun), weekdays, weekend and every_day", .warning)
                continue
            }
            if let clash = dayKey.days.lazy.compactMap({ day in setBy[day].map { (day, $0) } }).first(where: { $0.1.rank == dayKey.rank }) {
                let line = table.position(of: clash.1.key).map { " on line \($0.line)" } ?? ""
                problem(position, "\(key) sets \(clash.0.name) again (\(clash.1.key)\(line) already does); this line is ignored", .error)
                continue
            }
            let hours = self.hours(table[key]!, key: key, otherwise: "the screen stays on all day on \(dayKey.name)") {
                problem(position, $0, .error)
            } ?? .allDay
            for day in dayKey.days where (setBy[day]?.rank ?? -1) < dayKey.rank {
                week[day] = hours
                setBy[day] = (dayKey.rank, key)
            }
        }
        return week
    }

    // MARK: playlist

    private static func playlist(_ value: TOMLValue, at position: TOMLPosition?,
                                 problem: (TOMLPosition?, String, Severity) -> Void) -> [PlaylistStep] {
        guard let items = value.array else {
            problem(position, "playlist must be a list such as [ { scene = \"lobby\", seconds = 60 }, { scene = \"gallery\", seconds = 30 } ], "
                    + "not \(value.kindName); no playlist is used", .error)
            return []
        }
        var steps: [PlaylistStep] = []
        for (offset, item) in items.enumerated() {
            let number = offset + 1
            switch step(item, number: number) {
            case .success(let step):
                steps.append(step)
                if let table = item.table {
                    for key in table.keys where key != "scene" && key != "seconds" {
                        problem(table.position(of: key) ?? position, "playlist item \(number): unknown key \"\(key)\" is ignored", .warning)
                    }
                }
            case .failure(let failure):
                // An item's own keys know their line and column; a "gallery 30" string only the playlist's.
                let place = failure.key.flatMap { item.table?.position(of: $0) } ?? item.table?.keys.first.flatMap { item.table?.position(of: $0) }
                problem(place ?? position, "playlist item \(number)\(failure.message); it is left out", .error)
            }
        }
        return steps
    }

    private struct StepFailure: Error {
        /// The key of the item the message is about, for its position.
        var key: String?
        /// Follows "playlist item N".
        var message: String
    }

    private static func step(_ item: TOMLValue, number: Int) -> Result<PlaylistStep, StepFailure> {
        let form = " must be { scene = \"gallery\", seconds = 30 } or \"gallery 30\""
        let sceneText: String, secondsValue: Double
        if let table = item.table {
            guard let scene = table["scene"]?.string, let seconds = table["seconds"]?.double else {
                return .failure(StepFailure(key: table["scene"]?.string == nil ? "scene" : "seconds", message: form))
            }
            sceneText = scene
            secondsValue = seconds
        } else if let text = item.string {
            let words = text.split(whereSeparator: { $0.isWhitespace })
            var number = words.count == 2 ? String(words[1]) : ""
            if number.lowercased().hasSuffix("s") { number.removeLast() }
            guard words.count == 2, let seconds = Double(number) else { return .failure(StepFailure(message: form)) }
            sceneText = String(words[0])
            secondsValue = seconds
        } else {
            return .failure(StepFailure(message: form))
        }
        let sceneName = sceneText.normalisedField.lowercased()
        guard let scene = SceneID(rawValue: sceneName) else {
            let names = SceneID.allCases.map(\.rawValue)
            return .failure(StepFailure(key: "scene", message: ": there is no scene \"\(sceneText)\"; the scenes are "
                                        + names.dropLast().joined(separator: ", ") + " and " + names.last!))
        }
        guard secondsValue >= shortestStep && secondsValue <= longestStep else {
            let shown = secondsValue.isFinite && secondsValue == secondsValue.rounded() && abs(secondsValue) < 1e15
                ? String(Int(secondsValue)) : String(secondsValue)
            return .failure(StepFailure(key: "seconds", message: ": seconds must be from \(Int(shortestStep)) to \(Int(longestStep)) "
                                        + "(a scene shown for under \(Int(shortestStep)) s is only a flicker), not \(shown)"))
        }
        return .success(PlaylistStep(scene: scene, seconds: secondsValue))
    }
}

/// Hours as office staff write them: "07:00-17:30", "7:30-11:30, 13:30-17:00", "7h30-17h",
/// "18:30–06:00" (an en dash, as word processors turn "-" into), "closed"/"nghỉ", "all day"/"cả ngày".
enum HoursText {
    /// Why a text is not hours, in words that follow `key = "text": `.
    enum Failure: Error, Equatable {
        case notHours
        case notATime(String)
        case noEnd(String)
        case endOnly24(String)
        case sameStartAndEnd(String)

        var message: String {
            switch self {
            case .notHours:
                return "hours must be written like \"07:00-17:30\", \"07:00-11:30, 13:30-17:00\", \"all day\" or \"closed\""
            case .notATime(let t): return "\(t) is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30)"
            case .noEnd(let t): return "\(t) needs a start and an end, such as 07:00-17:30"
            case .endOnly24(let t): return "\(t): 24:00 can only end a range"
            case .sameStartAndEnd(let t): return "\(t) starts and ends at the same time (for the whole day write \"all day\")"
            }
        }
    }

    static let noHoursWords: Set<String> = ["", "closed", "nghỉ", "never", "none"]
    static let allDayWords: Set<String> = ["all day", "all-day", "all_day", "allday", "cả ngày", "24/7"]
    static let dashes: Set<Character> = ["-", "–", "—"]

    static func parse(_ text: String) -> Result<DailyHours, Failure> {
        let words = text.normalisedField.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if noHoursWords.contains(words) { return .success(.never) }
        if allDayWords.contains(words) { return .success(.allDay) }
        var ranges: [HoursRange] = []
        // Commas separate ranges; so do semicolons, which a Vietnamese spreadsheet uses for lists.
        for part in words.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let piece = part.trimmingSpace(newlines: false)
            if piece.isEmpty { continue }   // "07:00-11:30, " — a trailing comma is harmless
            let ends = piece.split(omittingEmptySubsequences: false, whereSeparator: { dashes.contains($0) })
                .map { $0.trimmingSpace(newlines: false) }
            guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
                if ends.count == 1, minutes(piece) != nil { return .failure(.noEnd(piece)) }
                return .failure(.notHours)
            }
            guard let start = minutes(ends[0]) else { return .failure(.notATime(ends[0])) }
            guard let end = minutes(ends[1]) else { return .failure(.notATime(ends[1])) }
            let shown = "\(ends[0])-\(ends[1])"
            if start == 1440 { return .failure(.endOnly24(shown)) }
            if start == end { return .failure(.sameStartAndEnd(shown)) }
            // 00:00 as an end is midnight, the same as 24:00: one way to store it.
            ranges.append(HoursRange(start: start, end: end == 0 ? 1440 : end))
        }
        return ranges.isEmpty ? .failure(.notHours) : .success(DailyHours(ranges))
    }

    /// Minutes since midnight of "7:30", "07:30", "7h30", "7h" or "17" (a bare hour); 24:00 is
    /// 1440; nil for anything else, including 24:30 and 7:5.
    static func minutes(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        let split = scalars.firstIndex(where: { $0 == ":" || $0 == "h" || $0 == "." }) ?? scalars.count
        let hourDigits = scalars[..<split], minuteDigits = split < scalars.count ? scalars[(split + 1)...] : []
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        guard (1...2).contains(hourDigits.count), hourDigits.allSatisfy(isDigit), minuteDigits.allSatisfy(isDigit) else { return nil }
        // "7h" and "17" have no minutes; "7:" and "7." do not count as a time, nor does "7:5".
        guard minuteDigits.count == 2 || (minuteDigits.isEmpty && (split == scalars.count || scalars[split] == "h")) else { return nil }
        let hour = Int(String(String.UnicodeScalarView(hourDigits)))!
        let minute = minuteDigits.isEmpty ? 0 : Int(String(String.UnicodeScalarView(minuteDigits)))!
        guard hour < 24 && minute < 60 || hour == 24 && minute == 0 else { return nil }
        return hour * 60 + minute
    }
}

private extension Weekday {
    /// The English name, as the keys of [schedule.opening] spell it.
    var name: String { String(describing: self) }
}
