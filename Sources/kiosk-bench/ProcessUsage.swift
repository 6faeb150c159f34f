import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time and memory of a process and its descendants, from /proc, as
/// /work/shared/tools/measure.sh reads them. Only the kiosk's tree: the X server that draws
/// its window is not a descendant, so its CPU is not counted.
enum ProcessUsage {
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// `pid` and everything below it (children of each of its threads).
    static func tree(_ pid: pid_t) -> [pid_t] {
        var result = [pid]
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            for child in children.split(separator: " ").compactMap({ pid_t($0) }) { result += tree(child) }
        }
        return result
    }

    /// User + system CPU seconds of the tree (/proc/PID/stat utime and stime, every thread's,
    /// ended threads included).
    static func cpuSeconds(_ pid: pid_t) -> Double {
        var ticks = 0
        for p in tree(pid) {
            guard let stat = try? String(contentsOfFile: "/proc/\(p)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm)": state is field 3, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { continue }
            ticks += user + system
        }
        return Double(ticks) / ticksPerSecond
    }

    /// Proportional set size of the tree in MiB, as the kiosk has it on a screen where it runs
    /// alone: from /proc/PID/smaps, each mapping's Pss, except that Swift's runtime libraries,
    /// which this bench maps too, count their resident pages whole. PSS divides a page among
    /// the processes that map it, so with the bench's own Swift libraries resident beside the
    /// kiosk's, the kiosk's Pss read ~8 MiB low (59.4 MiB where measure.sh, a shell script,
    /// read 67–69 for the same lobby). What the kiosk shares with the X server (its window's
    /// shared memory, libc, Xlib) still counts by its share, as measure.sh counts it.
    static func pssMiB(_ pid: pid_t) -> Double {
        let ours = swiftRuntime
        var kib = 0
        for p in tree(pid) {
            guard let smaps = procText("/proc/\(p)/smaps") else { continue }
            var path = "", pss = 0
            for line in smaps.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = fields.first else { continue }
                if first.contains("-"), first.last != ":" {
                    // A mapping's header: "start-end perms offset dev inode [path]".
                    path = fields.count > 5 ? String(fields[5]) : ""
                } else if first == "Pss:" {
                    pss = Int(fields.dropFirst().first ?? "") ?? 0
                    if !ours.contains(path) { kib += pss }
                } else if first == "Rss:", ours.contains(path) {
                    kib += Int(fields.dropFirst().first ?? "") ?? 0
                }
            }
        }
        return Double(kib) / 1024
    }

    /// A /proc file whole, read to its end (it reports a size of 0, and a large one comes in
    /// several reads).
    private static func procText(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Swift's runtime libraries as this bench maps them: the files in the folder of its
    /// libswiftCore.so (no other program on a kiosk maps them).
    private static let swiftRuntime: Set<String> = {
        let files = mappedFiles("self")
        guard let core = files.first(where: { $0.hasSuffix("/libswiftCore.so") }) else { return [] }
        let folder = (core as NSString).deletingLastPathComponent + "/"
        return files.filter { $0.hasPrefix(folder) }
    }()

    /// The files `process` ("self" or a pid) maps.
    private static func mappedFiles(_ process: String) -> Set<String> {
        guard let maps = procText("/proc/\(process)/maps") else { return [] }
        var files = Set<String>()
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count > 5, fields[5].hasPrefix("/") { files.insert(String(fields[5])) }
        }
        return files
    }
}
