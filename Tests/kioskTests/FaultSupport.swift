import Foundation
import Testing

/// What the fault tests share: a running kiosk whose presented frames are logged
/// (`KIOSK_TRACE_FRAMES`), so a test can tell what the screen shows even when the state folder
/// cannot take status.json or screen.png; mounts for a full or read-only state folder.
final class TracedKiosk {
    let work: TemporaryFolder
    let data: URL, state: URL, log: URL
    private(set) var process: Process

    /// `through`: a program that execs the kiosk (its path first in its arguments), e.g. /usr/bin/env.
    init(data: URL? = nil, state: URL? = nil, arguments: [String] = ["--window", "320x180", "--scene", "counter"],
         environment: [String: String] = [:], through: String? = nil) throws {
        work = try TemporaryFolder()
        self.data = data ?? work.url.appendingPathComponent("data")
        self.state = state ?? work.url.appendingPathComponent("state")
        log = work.url.appendingPathComponent("kiosk.log")
        if data == nil { try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: self.data) }
        var env = environment
        env["KIOSK_TRACE_FRAMES"] = "1"
        let command = ["run", "--data", self.data.path, "--state", self.state.path] + arguments
        process = try KioskBinary.start(through.map { _ in [KioskBinary.url.path] + command } ?? command, log: log, environment: env,
                                        executable: through.map { URL(fileURLWithPath: $0) } ?? KioskBinary.url)
    }

    deinit { stop(SIGTERM) }

    /// Sends `signal` and waits (at most 10 s) until the process is gone or a zombie, without
    /// Foundation's waitUntilExit: in these tests, with `mount` children exiting around a
    /// SIGKILL, it missed an exit now and then and waited for ever.
    func stop(_ signal: Int32) {
        let pid = process.processIdentifier
        kill(pid, signal)
        _ = eventually(10) {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true
        }
    }

    /// Still running: not gone and not a zombie (whatever Foundation has noticed).
    var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == false
    }

    var journal: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The last presented frame's figures, from the trace (`frame t=… honours=N photos=N ticker=N visits=N`).
    var lastFrame: [String: Int]? {
        guard let line = journal.split(separator: "\n").last(where: { $0.contains("frame t=") }) else { return nil }
        var fields: [String: Int] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
        }
        return fields
    }

    var frameCount: Int { journal.components(separatedBy: "frame t=").count - 1 }

    var status: [String: Any]? { readStatus(state) }
    var total: Int? { (status?["visitors"] as? [String: Any])?["total"] as? Int }
    var problems: [[String: Any]] { status?["problems"] as? [[String: Any]] ?? [] }

    /// Appends `count` visits stamped `at` to visitors/entrance.log.
    func appendVisit(_ count: Int, at time: Date = Date()) {
        let line = "\(ISO8601DateFormatter().string(from: time)) in \(count)\n"
        let fd = open(data.appendingPathComponent("visitors/entrance.log").path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }
}

/// Mounting (a tmpfs, a read-only bind mount): needs root with CAP_SYS_ADMIN, as on this
/// machine; where it cannot mount (CI as a user) the tests that need it are skipped.
enum Mounts {
    static let available: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", probe.path]) else { return false }
        return run(["umount", probe.path])
    }()

    /// Runs a command (found on PATH) to its end; true when it exits 0. posix_spawn and waitpid,
    /// not Foundation's Process: its waitUntilExit hung here for good on a `mount` that had
    /// already exited, while other tests ran processes of their own.
    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0
    }
}
