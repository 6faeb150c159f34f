import FoundationEssentials
import Glibc

/// sd_notify(3) spoken directly: datagrams such as `READY=1` to the socket systemd names in
/// `NOTIFY_SOCKET`, a filesystem path or, with a leading `@`, an abstract address. Without the
/// variable (a terminal, a test) every call does nothing.
///
/// Written out rather than linked from libsystemd because it is one sendto, and the binary
/// then runs the same on a board without libsystemd's development files.
final class SystemdNotifier {
    private let socket: Int32
    private var address = sockaddr_un()
    private var addressLength: socklen_t = 0
    /// How often systemd wants `WATCHDOG=1`: half of `WATCHDOG_USEC`, as sd_watchdog_enabled(3)
    /// advises; nil when the service has no watchdog, or it is meant for another process.
    let watchdogInterval: Double?
    /// Why the socket could not be used, reported once by the caller.
    private(set) var problem: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        watchdogInterval = Self.watchdogInterval(environment)
        guard let name = environment["NOTIFY_SOCKET"], !name.isEmpty else { socket = -1; return }
        // Children (the screen's off/on commands) must not talk to systemd in our name.
        unsetenv("NOTIFY_SOCKET"); unsetenv("WATCHDOG_USEC"); unsetenv("WATCHDOG_PID")
        guard let (address, length) = Self.address(name) else {
            socket = -1
            problem = "NOTIFY_SOCKET=\(name) is not a path or an abstract (@) address; systemd will not hear from the screen"
            return
        }
        self.address = address
        addressLength = length
        // Non-blocking: a notify socket whose reader stalls (a hung systemd, a test that stopped
        // listening) fills up, and a blocking sendto would then stop the screen itself. A
        // message that does not fit is dropped and reported once; the next goes out.
        socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        if socket < 0 { problem = "cannot open a socket for NOTIFY_SOCKET: \(String(cString: strerror(errno)))" }
    }

    deinit { if socket >= 0 { close(socket) } }

    /// Whether systemd listens at all.
    var isActive: Bool { socket >= 0 }

    /// Sends `message` (lines of `KEY=value`); true if it went out.
    @discardableResult
    func send(_ message: String) -> Bool {
        guard socket >= 0 else { return false }
        let bytes = Array(message.utf8)
        var target = address
        let sent = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bytes.withUnsafeBytes { sendto(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), generic, addressLength) }
            }
        }
        if sent < 0 && problem == nil { problem = "cannot notify systemd: \(String(cString: strerror(errno)))" }
        return sent == bytes.count
    }

    /// The `sockaddr_un` for a NOTIFY_SOCKET value: `/run/systemd/notify` or `@name` (abstract:
    /// a leading NUL byte and no terminating one, so its length counts exactly the name).
    static func address(_ name: String) -> (sockaddr_un, socklen_t)? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        guard abstract || bytes.first == UInt8(ascii: "/") else { return nil }
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A path needs room for its terminating NUL; an abstract name has none.
        guard bytes.count + (abstract ? 0 : 1) <= capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (i, byte) in bytes.enumerated() { path[i] = byte }
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
        return (address, socklen_t(length))
    }

    /// Half of `WATCHDOG_USEC` when `WATCHDOG_PID` is absent or names this process.
    static func watchdogInterval(_ environment: [String: String]) -> Double? {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], !pid.isEmpty, Int32(pid) != getpid() { return nil }
        return Double(usec) / 2_000_000
    }
}
