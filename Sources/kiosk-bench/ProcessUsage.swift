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

    /// Proportional set size of the tree in MiB (/proc/PID/smaps_rollup): shared libraries
    /// count by the share this process has of them.
    static func pssMiB(_ pid: pid_t) -> Double {
        var kib = 0
        for p in tree(pid) {
            guard let rollup = try? String(contentsOfFile: "/proc/\(p)/smaps_rollup", encoding: .utf8) else { continue }
            for line in rollup.split(separator: "\n") where line.hasPrefix("Pss:") {
                kib += Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
            }
        }
        return Double(kib) / 1024
    }
}
