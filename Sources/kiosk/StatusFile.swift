import Foundation
import KioskCore

/// `<state>/status.json`: what is loaded and every current problem, rewritten atomically on each
/// reload so a monitoring script never reads half a file.
enum StatusFile {
    /// `screen`: the schedule's mode (day, night, off), the scene shown and when the mode next changes.
    /// `reloads`: how many reloads reached the screen since it started.
    static func write(_ content: KioskContent, figures: VisitorFigures, screen: ScreenReport, reloads: Int,
                      to folder: String, at now: Date) throws {
        let photos = content.allPhotos.count
        let iso = ISO8601DateFormatter()
        let json = JSONText.object([
            ("updated", JSONText.string(iso.string(from: now))),
            ("data", JSONText.string(content.dataFolder)),
            ("honours", "\(content.honours.count)"),
            ("photos", "\(photos)"),
            ("albums", "\(content.albums.count)"),
            ("headlines", "\(content.ticker.count)"),
            ("reloads", "\(reloads)"),
            ("visitors", JSONText.figures(figures)),
            ("screen", JSONText.object([
                ("mode", JSONText.string(screen.mode)),
                ("scene", JSONText.string(screen.scene)),
                ("until", screen.until.map { JSONText.string(iso.string(from: $0)) } ?? "null"),
            ])),
            ("problems", "[" + content.problems.map(JSONText.problem).joined(separator: ",") + "]"),
        ]) + "\n"
        try AtomicFile.write(Data(json.utf8), to: folder + "/status.json")
    }
}

/// What status.json says of the screen itself.
struct ScreenReport {
    var mode: String
    var scene: String
    var until: Date?
}

/// Writes a file by writing a temporary sibling, syncing it and renaming it into place.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temp])
        }
        let fd = open(temp, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
        }
    }
}
