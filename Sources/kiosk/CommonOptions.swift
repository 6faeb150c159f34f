import ArgumentParser
import Foundation
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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
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
        else { path = NSHomeDirectory() + "/.local/state/kiosk" }
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

/// Reads an instant given on the command line: ISO-8601 with an offset or `Z`, or a local time
/// (`2024-06-11T09:30` or with a space) read in the display time zone.
enum InstantArgument {
    static func parse(_ text: String, timeZone: TimeZone) throws -> Date {
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            iso.formatOptions = options
            if let date = iso.date(from: text) { return date }
        }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        throw ValidationError("--at \(text): not an ISO-8601 time (e.g. 2024-06-11T09:30:00+07:00)")
    }
}
