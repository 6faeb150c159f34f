import ArgumentParser
import FoundationEssentials
import KioskCore
import KioskData

/// Options every command shares: where the data is and where state may be written.
struct CommonOptions: ParsableArguments {
    @Option(help: "The data folder (default: $KIOSK_DATA, else the demo data in Assets/demo).")
    var data: String?

    @Option(help: "The state folder for status and screenshots (default: $STATE_DIRECTORY, else ~/.local/state/kiosk).")
    var state: String?

    @Option(help: "Settings file to use instead of <data>/kiosk.toml.")
    var config: String?

    @Option(help: "Display language of labels, dates and numbers: vi or en (default: from kiosk.toml).")
    var language: DisplayLanguage?

    /// The data folder as an absolute path; fails with a clear message when it does not exist.
    func dataFolder() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let chosen = data ?? env["KIOSK_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? DemoData.locate()
        guard let chosen else {
            throw ValidationError("no data folder: pass --data DIR or set KIOSK_DATA (the demo data in Assets/demo was not found)")
        }
        let absolute = URL(fileURLWithPath: chosen).standardizedFileURL.path
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory else {
            throw ValidationError("\(chosen): no such data folder")
        }
        return absolute
    }

    /// The state folder, created if missing. Never inside the data folder's contract.
    func stateFolder() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let path: String
        if let state { path = state }
        else if let dir = env["STATE_DIRECTORY"], !dir.isEmpty { path = String(dir.split(separator: ":").first ?? "") }
        else if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty { path = xdg + "/kiosk" }
        else { path = FileManager.default.homeDirectoryForCurrentUser.path + "/.local/state/kiosk" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension DisplayLanguage: ExpressibleByArgument {}
extension SceneID: ExpressibleByArgument {}

/// Parses `WxH` sizes such as `1280x720`.
struct PixelSize: ExpressibleByArgument, CustomStringConvertible {
    var width: Int
    var height: Int
    init(width: Int, height: Int) { self.width = width; self.height = height }
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w >= 160, h >= 120, w <= 16384, h <= 16384 else { return nil }
        width = w; height = h
    }
    var description: String { "\(width)x\(height)" }
}

/// Reads an instant given on the command line: ISO-8601 with an offset or `Z` (seconds and a
/// fraction optional), or a local time (`2024-06-11T09:30`, with a space, or a bare date) read on
/// the display zone's clock.
enum InstantArgument {
    static func parse(_ text: String, timeZone: ZoneRules) throws -> Date {
        guard let date = instant(text, zone: timeZone) else {
            throw ValidationError("--at \(text): not an ISO-8601 time (e.g. 2024-06-11T09:30:00+07:00)")
        }
        return date
    }

    /// The instant `text` names, or nil when it is not one of the accepted forms.
    static func instant(_ text: String, zone: ZoneRules) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= b.count, b[i..<i + count].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            defer { i += count }
            return b[i..<i + count].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        func take(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2),
              (1...12).contains(month), (1...CivilDays.daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, fraction = 0.0
        if i < b.count {
            guard take("T") || take(" "), let h = number(2), take(":"), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if take(":") {
                guard let s = number(2), s < 60 else { return nil }
                second = s
                if take(".") {
                    let start = i
                    while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
                    guard i > start, let value = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else { return nil }
                    fraction = value
                }
            }
        }
        let local = CivilDays.from(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        let utc: Int64
        if i == b.count {
            utc = zone.instant(fromLocal: local)
        } else if take("Z") || take("z") {
            utc = local
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2), take(":"), let om = number(2), oh < 24, om < 60 else { return nil }
            utc = local - sign * Int64(oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return Date(timeIntervalSince1970: Double(utc) + fraction)
    }
}
