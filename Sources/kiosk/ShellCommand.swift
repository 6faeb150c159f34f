import FoundationEssentials
import Glibc
import Dispatch
import Logging

/// Runs kiosk.toml's `off_command` and `on_command` (e.g. `cec-ctl --standby`): through
/// `/bin/sh -c`, off the main loop, so a slow or hanging display never stalls the screen.
///
/// - One at a time, in order: a slow `--standby` must not finish after the `--image-view-on`
///   that followed it and leave the display dark in open hours.
/// - Every signal at its default and none blocked: the screen ignores SIGTERM, SIGHUP and
///   friends to receive them on a queue, and a child would inherit that, so systemd's stop
///   could not end a hanging cec-ctl before its SIGKILL.
/// - A session of its own with standard input from /dev/null: under systemd the screen's
///   standard input is tty1, whose keyboard SDL has turned off; a command that touched the
///   console (stty, setterm, kbd_mode) could turn it back on.
/// - Killed with everything it started after `timeLimit`.
enum ShellCommand {
    /// A command still running after this long is killed.
    static let timeLimit = 60.0
    private static let queue = DispatchQueue(label: "kiosk.commands")

    /// Queues `command`; its output goes to the screen's own (the journal). `purpose` names it in the log.
    static func start(_ command: String, purpose: String, logger: Logger) {
        queue.async { run(command, purpose: purpose, logger: logger) }
    }

    private static func run(_ command: String, purpose: String, logger: Logger) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        // POSIX_SPAWN_SETSID (glibc ≥ 2.26) is a macro Swift does not import.
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | setSession))
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var argv = arguments + [nil]
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &files, &attributes, &argv, environ)
        guard result == 0 else {
            logger.error("\(purpose) \"\(command)\" could not start: \(String(cString: strerror(result)))")
            return
        }
        logger.info("\(purpose): \(command) (pid \(pid))")
        let deadline = ProcessInfo.processInfo.systemUptime + timeLimit
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            if ProcessInfo.processInfo.systemUptime >= deadline {
                // The session's process group: the shell and whatever it started.
                kill(-pid, SIGKILL)
                logger.error("\(purpose) \"\(command)\" still ran after \(Int(timeLimit)) s and was killed")
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return
            }
            usleep(50_000)
        }
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if exited && code == 0 { return }
        logger.warning("\(purpose) \"\(command)\" failed (\(exited ? "exit status \(code)" : "signal \(status & 0x7f)"))")
    }
}
