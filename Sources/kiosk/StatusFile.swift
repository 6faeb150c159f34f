import FoundationEssentials
import Glibc
import KioskCore

/// `<state>/status.json`: what is loaded and every current problem, rewritten atomically on each
/// reload so a monitoring script never reads half a file.
enum StatusFile {
    /// `screen`: the schedule's mode (day, night, off), the scene shown and when the mode next changes.
    /// `reloads`: how many reloads reached the screen since it started.
    static func write(_ content: KioskContent, figures: VisitorFigures, screen: ScreenReport, reloads: Int,
                      to folder: String, at now: Date) throws {
        let photos = content.allPhotos.count
        let json = JSONText.object([
            ("updated", JSONText.string(InstantText.iso8601UTC(now))),
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
                ("until", screen.until.map { JSONText.string(InstantText.iso8601UTC($0)) } ?? "null"),
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
    /// Throws `AtomicFileError` naming the step and the system's reason (a full or read-only
    /// state folder must say so in the journal); a temporary file is never left behind.
    static func write(_ data: Data, to path: String) throws {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(step: "create \(temp)", code: errno) }
        func fail(_ step: String) -> AtomicFileError {
            let error = AtomicFileError(step: step, code: errno)
            close(fd); unlink(temp)
            return error
        }
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        guard ok else { throw fail("write \(temp)") }
        guard fsync(fd) == 0 else { throw fail("fsync \(temp)") }
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = AtomicFileError(step: "rename \(temp) to \(path)", code: errno)
            unlink(temp)
            throw error
        }
    }
}

/// A failed step of `AtomicFile.write` with the system's reason ("No space left on device").
struct AtomicFileError: Error, CustomStringConvertible {
    var step: String
    var code: Int32
    var description: String { "cannot \(step): \(String(cString: strerror(code)))" }
}
