import Foundation
import KioskCore

/// `kiosk.toml`: every key optional; a bad value keeps that key's default and is reported.
public enum SettingsParser {
    public static let knownKeys = ["organisation", "language", "time_zone", "slide_seconds", "crossfade_seconds",
                                   "highlight_seconds", "ticker_speed", "now_window_minutes", "first_weekday"]

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
        func positive(_ key: String, _ apply: (Double) -> Void) {
            guard let value = number(key) else { return }
            if value > 0 && value.isFinite { apply(value) } else { report(key, "\(key) must be greater than 0; the default is kept") }
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
            if let s = value.string, TimeZone(identifier: s) != nil { settings.timeZone = s }
            else { report("time_zone", "time_zone must be an IANA name such as \"Asia/Ho_Chi_Minh\"; the default is kept") }
        }
        positive("slide_seconds") { settings.slideSeconds = $0 }
        positive("crossfade_seconds") { settings.crossfadeSeconds = $0 }
        positive("highlight_seconds") { settings.highlightSeconds = $0 }
        positive("ticker_speed") { settings.tickerSpeed = $0 }
        positive("now_window_minutes") { settings.nowWindowMinutes = max(1, Int($0)) }
        if let value = table["first_weekday"] {
            let names = ["sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7]
            if let i = value.int, (1...7).contains(i) { settings.firstWeekday = i }
            else if let s = value.string, let i = names[s.lowercased()] { settings.firstWeekday = i }
            else { report("first_weekday", "first_weekday must be 1…7 or a day name such as \"monday\"; the default is kept") }
        }
        if settings.crossfadeSeconds >= settings.slideSeconds {
            report("crossfade_seconds", "crossfade_seconds must be shorter than slide_seconds; the default is kept")
            settings.crossfadeSeconds = min(Settings().crossfadeSeconds, settings.slideSeconds / 2)
        }
        return (settings, problems, true)
    }
}
