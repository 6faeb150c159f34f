import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An Xvfb of the bench's own, 1920×1080×24, no TCP. Xvfb picks a free display itself
/// (`-displayfd`) and writes its number once it accepts connections: no guessed `:N` that
/// another engineer's Xvfb may hold, and no sleep to wait for it to be ready.
final class XServer {
    let pid: pid_t
    /// ":N", for the kiosk's DISPLAY.
    let display: String

    init(width: Int = 1920, height: Int = 1080) {
        let (readEnd, writeEnd) = Children.pipe()
        // The write end is the child's fd 3 (dup2 clears close-on-exec on the copy).
        pid = Children.spawn(["Xvfb", "-displayfd", "3", "-screen", "0", "\(width)x\(height)x24", "-nolisten", "tcp"],
                             environment: ProcessInfo.processInfo.environment, fds: [3: writeEnd])
        close(writeEnd)
        defer { close(readEnd) }
        var text = ""
        var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let deadline = now() + 15
        var byte: UInt8 = 0
        while now() < deadline {
            guard poll(&poller, 1, 200) > 0 else { continue }
            guard read(readEnd, &byte, 1) == 1 else { break }
            if byte == 0x0A { break }
            text.append(Character(UnicodeScalar(byte)))
        }
        guard let number = Int(text) else {
            Children.stop(pid, grace: 1)
            fail("Xvfb did not start (is it installed? `apt-get install xvfb`)")
        }
        display = ":\(number)"
    }

    func stop() { Children.stop(pid, grace: 2) }
}
