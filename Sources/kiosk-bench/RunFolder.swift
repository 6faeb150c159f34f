import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A data folder and an empty state folder for one kiosk run, under
/// $TMPDIR/kiosk-bench/runs/NAME/, made afresh from the scaled demo: every file a hard link (no
/// bytes copied, and the scaled folder is never changed: a file renamed over a link replaces
/// only the link), except what the run appends to, which is copied.
struct RunFolder {
    let data: String, state: String
    private let base: String

    /// `omit`: paths relative to the data folder to leave out (e.g. "ticker.txt").
    /// `demoPhotosOnly`: leave out the generated photos and their caption rows.
    /// `copied`: relative paths to copy instead of linking (a log the run appends to).
    init(_ name: String, from made: ScaledDemo.Made, omit: Set<String> = [], demoPhotosOnly: Bool = false, copied: Set<String> = []) {
        // The bench's pid in the name: two benches at once (two engineers on one machine) never
        // share a folder; what a killed bench left is removed by the next one.
        let runs = (NSTemporaryDirectory() as NSString).appendingPathComponent("kiosk-bench/runs")
        RunFolder.removeLeftovers(in: runs)
        base = runs + "/\(name)-\(getpid())"
        data = base + "/data"
        state = base + "/state"
        let fm = FileManager.default
        try? fm.removeItem(atPath: base)
        RunFolder.register(base)
        do {
            try fm.createDirectory(atPath: state, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: data, withIntermediateDirectories: true)
            guard let walker = fm.enumerator(atPath: made.folder) else { throw CocoaError(.fileReadNoSuchFile) }
            while let relative = walker.nextObject() as? String {
                let source = made.folder + "/" + relative, target = data + "/" + relative
                if omit.contains(relative) || relative == ScaledDemo.manifestName { continue }
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: source, isDirectory: &isDirectory)
                if isDirectory.boolValue { try fm.createDirectory(atPath: target, withIntermediateDirectories: true); continue }
                let name = (relative as NSString).lastPathComponent
                if demoPhotosOnly && name.hasPrefix("bench-") && relative.hasPrefix("gallery/") { continue }
                if demoPhotosOnly && name == "captions.csv" {
                    // The demo's rows only: a caption row for a missing photo would be a reported problem.
                    let text = try String(contentsOfFile: source, encoding: .utf8)
                    let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("bench-") }
                    try kept.joined(separator: "\n").write(toFile: target, atomically: false, encoding: .utf8)
                    continue
                }
                if copied.contains(relative) || link(source, target) != 0 { try fm.copyItem(atPath: source, toPath: target) }
            }
        } catch { fail("cannot prepare \(base): \(error)") }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: base)
        RunFolder.made.remove(base)
    }

    /// Folders not yet removed, removed on exit too (fail() exits): a latency run holds a copy
    /// of the 272 MB log.
    nonisolated(unsafe) private static var made: Set<String> = []
    nonisolated(unsafe) private static var cleanupInstalled = false
    private static func register(_ base: String) {
        if !cleanupInstalled {
            cleanupInstalled = true
            atexit { for base in RunFolder.made { try? FileManager.default.removeItem(atPath: base) } }
        }
        made.insert(base)
    }

    /// Removes `NAME-PID` folders whose bench is no longer running.
    private static func removeLeftovers(in runs: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? [] {
            guard let pid = entry.split(separator: "-").last.flatMap({ pid_t($0) }), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: runs + "/" + entry) }
        }
    }
}
