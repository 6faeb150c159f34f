import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `kiosk run` started for a benchmark (in its own process group, see `Children`), its
/// standard error read line by line on a thread of ours, so the kiosk never blocks on a full
/// pipe however much it logs (60 trace lines a second with KIOSK_TRACE_FRAMES) and the
/// reading costs the bench's CPU, not the kiosk's.
final class KioskRun {
    let pid: pid_t
    private let condition = NSCondition()
    /// Lines logged so far; those from `head` on are not yet taken by `waitForLine`.
    private var lines: [String] = []
    private var head = 0
    private var ended = false

    /// `kiosk run --data DATA --state STATE` plus `extra` arguments; `environment` is added to
    /// ours (a value of "" removes the variable).
    init(kiosk: String, data: String, state: String, extra: [String] = [], environment: [String: String] = [:]) {
        let (readEnd, writeEnd) = Children.pipe()
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
        pid = Children.spawn([kiosk, "run", "--data", data, "--state", state] + extra, environment: env, fds: [2: writeEnd])
        close(writeEnd)
        let errors = readEnd
        let thread = Thread { [self] in readLines(errors) }
        thread.start()
    }

    private func readLines(_ fd: Int32) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending += chunk[0..<n]
            var fresh: [String] = []
            while let newline = pending.firstIndex(of: 0x0A) {
                fresh.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            if !fresh.isEmpty {
                condition.lock(); lines += fresh; condition.broadcast(); condition.unlock()
            }
        }
        close(fd)
        condition.lock(); ended = true; condition.broadcast(); condition.unlock()
    }

    /// Takes lines until one satisfies `match` and returns it; nil when the kiosk's standard
    /// error closes (it ended) or `timeout` seconds pass first.
    func waitForLine(timeout: Double = 60, where match: (String) -> Bool) -> String? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while head < lines.count {
                let line = lines[head]
                head += 1
                if match(line) { return line }
            }
            lines.removeAll(keepingCapacity: true); head = 0
            if ended { return nil }
            if !condition.wait(until: deadline) && lines.isEmpty { return nil }
        }
    }

    /// Reads standard error until a line contains `text`; false if the kiosk ended first.
    func waitForLine(containing text: String, timeout: Double = 60) -> Bool {
        waitForLine(timeout: timeout) { $0.contains(text) } != nil
    }

    /// Forgets the lines logged so far (before a measurement that looks only at later ones).
    func discardLines() {
        condition.lock(); lines.removeAll(); head = 0; condition.unlock()
    }

    /// `--kiosk`, else `kiosk` next to kiosk-bench.
    static func binary(_ options: Options) -> String {
        let kiosk = options.kiosk ?? ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("kiosk")
        guard FileManager.default.isExecutableFile(atPath: kiosk) else { fail("no kiosk binary at \(kiosk) (build it, or give --kiosk)") }
        return kiosk
    }

    /// The number after ` name=` in a KIOSK_TRACE_FRAMES line
    /// (`frame t=<monotonic s> honours=<n> photos=<n> ticker=<n> visits=<n>`).
    static func traceField(_ name: String, of line: String) -> Double? {
        line.split(separator: " ").first { $0.hasPrefix(name + "=") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    var isRunning: Bool { Children.isRunning(pid) }

    /// SIGTERM, then waits for the exit (the kiosk saves its checkpoint on the way out); its
    /// process group is killed after 5 s or when it has gone.
    func stop() {
        Children.stop(pid)
    }
}
