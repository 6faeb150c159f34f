import FoundationEssentials
import KioskCore

/// `kiosk.toml`: every key optional; a bad value keeps that key's default and is reported.
public enum SettingsParser {
    public static let knownKeys = ["organisation", "language", "time_zone", "slide_seconds", "crossfade_seconds",
                                   "highlight_seconds", "ticker_speed", "now_window_minutes", "first_weekday", "idle_seconds",
                                   "transition", "max_photo_megapixels", "max_photo_megabytes", "schedule"]

    public static func parse(data: Data, path: String) -> (settings: Settings, problems: [Problem], usable: Bool) {
        var settings = Settings()
        let text: String
        switch TextDecoding.decode(data, path: path) {
        case .failure(let problem): return (settings, [problem], false)
        case .success(let decoded): text = decoded
        }
        let table: TOMLTable
        do { table = try TOMLParser.parse(text) } catch let error as TOMLError {
            return (settings, [Problem(path: path, line: error.position.line, column: error.position.column,
                                       severity: .error, message: error.message)], false)
        } catch {
            return (settings, [Problem(path: path, line: 1, severity: .error, message: "\(error)")], false)
        }
        var problems: [Problem] = []
        func report(_ key: String, _ message: String, _ severity: Severity = .error) {
            let position = table.position(of: key)
            problems.append(Problem(path: path, line: position?.line ?? 1, column: position?.column, severity: severity, message: message))
        }
        func number(_ key: String) -> Double? {
            guard let value = table[key] else { return nil }
            if let d = value.double { return d }
            report(key, "\(key) must be a number, not \(value.kindName); the default is kept")
            return nil
        }
        /// A number within `range`: the upper ends are far past any sensible screen, and keep the
        /// clock arithmetic and Int conversions finite (`now_window_minutes = 1e300` once trapped).
        func within(_ key: String, _ range: ClosedRange<Double>, _ apply: (Double) -> Void) {
            guard let value = number(key) else { return }
            if value > range.lowerBound && value <= range.upperBound { apply(value) }
            else { report(key, "\(key) must be greater than \(range.lowerBound.formatted) and at most \(range.upperBound.formatted); the default is kept") }
        }
        for key in table.keys where !knownKeys.contains(key) {
            report(key, "unknown setting \"\(key)\" is ignored", .warning)
        }
        if let value = table["organisation"] {
            if let s = value.string, !s.normalisedField.isEmpty { settings.organisationName = s.normalisedField }
            else { report("organisation", "organisation must be a non-empty string; the default is kept") }
        }
        if let value = table["language"] {
            if let s = value.string, let language = DisplayLanguage(rawValue: s.lowercased()) { settings.language = language }
            else { report("language", "language must be \"vi\" or \"en\"; the default is kept") }
        }
        if let value = table["time_zone"] {
            if let s = value.string, ZoneRules.cached(s) != nil { settings.timeZone = s }
            else { report("time_zone", "time_zone must be an IANA name such as \"Asia/Ho_Chi_Minh\"; the default is kept") }
        }
        // Under a second a slide is a flicker, and 0 would be no slideshow at all.
        within("slide_seconds", 0.5...86_400) { settings.slideSeconds = $0 }
        within("crossfade_seconds", 0...3_600) { settings.crossfadeSeconds = $0 }
        within("highlight_seconds", 0...86_400) { settings.highlightSeconds = $0 }
        within("ticker_speed", 0...10_000) { settings.tickerSpeed = $0 }
        within("idle_seconds", 4...86_400) { settings.idleSeconds = $0 }
        within("max_photo_megapixels", 0...1_000) { settings.maxPhotoMegapixels = $0 }
        within("max_photo_megabytes", 0...4_096) { settings.maxPhotoMegabytes = $0 }
        if let value = table["transition"] {
            let names = SlideTransition.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            if let s = value.string, let transition = SlideTransition(rawValue: s.lowercased().replacing("-", with: "_")) {
                settings.transition = transition
            } else {
                report("transition", "transition must be \(names); the default is kept")
            }
        }
        within("now_window_minutes", 0...1_440) { settings.nowWindowMinutes = max(1, Int($0.rounded())) }
        if let value = table["first_weekday"] {
            let names = ["sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7]
            if let i = value.int, (1...7).contains(i) { settings.firstWeekday = i }
            else if let s = value.string, let i = names[s.lowercased()] { settings.firstWeekday = i }
            else { report("first_weekday", "first_weekday must be 1…7 or a day name such as \"monday\"; the default is kept") }
        }
        if let value = table["schedule"] {
            settings.schedule = ScheduleParser.parse(value, at: table.position(of: "schedule"), path: path, problems: &problems)
        }
        if settings.crossfadeSeconds >= settings.slideSeconds {
            report("crossfade_seconds", "crossfade_seconds must be shorter than slide_seconds; the default is kept")
            settings.crossfadeSeconds = min(Settings().crossfadeSeconds, settings.slideSeconds / 2)
        }
        // In file order, as staff read the file top to bottom (the checks above run key by key).
        let inFileOrder = problems.enumerated().sorted { a, b in
            (a.element.line ?? 0, a.offset) < (b.element.line ?? 0, b.offset)
        }.map(\.element)
        return (settings, inFileOrder, true)
    }
}

private extension Double {
    /// 86400 rather than 86400.0 in messages.
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
