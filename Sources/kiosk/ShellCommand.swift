import Foundation
import Logging

/// Runs kiosk.toml's `off_command` and `on_command` (e.g. `cec-ctl --standby`): through
/// `/bin/sh -c`, in the background, so a slow or hanging display never stalls the screen's loop.
///
/// Spawned with every signal at its default and none blocked: the screen ignores SIGTERM,
/// SIGHUP and friends to receive them on a queue, and a child would inherit that, so systemd's
/// stop could not end a hanging cec-ctl before its SIGKILL.
enum ShellCommand {
    /// A command still running after this long is killed.
    static let timeLimit = 60.0

    /// Starts `command`; its output goes to the screen's own (the journal). `purpose` names it in the log.
    static func start(_ command: String, purpose: String, logger: Logger) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var argv = arguments + [nil]
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, "/bin/sh", nil, &attributes, &argv, environ)
        let pid = spawned
        guard result == 0 else {
            logger.error("\(purpose) \"\(command)\" could not start: \(String(cString: strerror(result)))")
            return
        }
        logger.info("\(purpose): \(command) (pid \(pid))")
        let finished = Finished()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
            // Under the lock, so the pid cannot have been reaped and reused in between.
            finished.ifRunning {
                kill(pid, SIGKILL)
                logger.error("\(purpose) \"\(command)\" still ran after \(Int(timeLimit)) s and was killed")
            }
        }
        DispatchQueue.global().async {
            // Wait without reaping, mark it finished, then reap: until the mark, the pid is still
            // this child's, so the time limit can never kill a stranger that reused it.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            finished.mark()
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let exited = status & 0x7f == 0
            let code = (status >> 8) & 0xff
            if exited && code == 0 { return }
            let how = exited ? "exit status \(code)" : "signal \(status & 0x7f)"
            logger.warning("\(purpose) \"\(command)\" failed (\(how))")
        }
    }

    /// Whether a child has been reaped, shared by its waiter and its time limit.
    private final class Finished: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func mark() { lock.lock(); done = true; lock.unlock() }
        func ifRunning(_ action: () -> Void) { lock.lock(); defer { lock.unlock() }; if !done { action() } }
    }
}
