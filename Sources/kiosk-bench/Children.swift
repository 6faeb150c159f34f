import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every child the bench starts (Xvfb, kiosk) runs in a process group of its own and is listed
/// here, so that none outlives the bench: the groups are killed on a normal exit, on `fail()`
/// (which exits) and on SIGINT, SIGTERM or SIGHUP. A kiosk left behind would keep a core busy
/// and spoil the next figures.
enum Children {
    /// Process-group ids, 0 when free. A plain C array: the signal handler reads it without
    /// touching the Swift runtime.
    nonisolated(unsafe) private static let groups: UnsafeMutablePointer<pid_t> = {
        let p = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    private static let capacity = 32
    nonisolated(unsafe) private static var installed = false

    /// Starts `arguments` in a new process group with `environment` (the whole environment);
    /// `fds` maps a child's descriptor to one of ours (e.g. 2 → a pipe). Standard input is
    /// /dev/null; standard output and error are too unless mapped.
    static func spawn(_ arguments: [String], environment: [String: String], fds: [Int32: Int32] = [:]) -> pid_t {
        installCleanup()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 where fds[fd] == nil {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        for (child, ours) in fds { posix_spawn_file_actions_adddup2(&actions, ours, child) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own group: one kill(-pgid) reaches it and anything it starts.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &envp)
        guard result == 0 else { fail("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        for i in 0..<capacity where groups[i] == 0 { groups[i] = pid; break }
        return pid
    }

    /// A pipe whose ends are closed on exec (Glibc's module has no pipe2): only the end a
    /// child is given with `fds` reaches it, so no other child holds a write end open.
    static func pipe() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { fail("pipe failed") }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// `signal` to the child, then waits up to `grace` seconds for it to end, then SIGKILL to its
    /// whole group (whatever it started goes too) and reaps it. Returns its wait status.
    @discardableResult
    static func stop(_ pid: pid_t, signal: Int32 = SIGTERM, grace: Double = 5) -> Int32 {
        kill(pid, signal)
        var status: Int32 = 0
        let deadline = now() + grace
        var reaped = false
        while now() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno == ECHILD) { reaped = true; break }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        if !reaped { while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
        forget(pid)
        return status
    }

    /// True while the child has not ended (it is not reaped here unless it has).
    static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    private static func forget(_ pid: pid_t) {
        for i in 0..<capacity where groups[i] == pid { groups[i] = 0 }
    }

    /// Kills every group still listed. Safe in a signal handler: kill(2) only.
    static func killAll() {
        for i in 0..<capacity where groups[i] != 0 { kill(-groups[i], SIGKILL) }
    }

    private static func installCleanup() {
        guard !installed else { return }
        installed = true
        _ = groups   // made now, not for the first time inside a signal handler
        atexit { Children.killAll() }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                Children.killAll()
                _exit(128 + received)
            }
        }
    }
}
