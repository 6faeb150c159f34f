import Foundation
import Testing

/// A datagram socket standing in for systemd's notify socket: what the screen tells systemd,
/// with when it arrived.
final class NotifySocket {
    private let fd: Int32
    /// The value for NOTIFY_SOCKET: a path, or `@name` for an abstract address.
    let name: String
    private let path: String?
    private(set) var messages: [(at: Date, text: String)] = []

    init(abstract: Bool) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let unique = "kiosk-notify-\(getpid())-\(UUID().uuidString.prefix(8))"
        var bytes: [UInt8]
        if abstract {
            name = "@" + unique
            path = nil
            bytes = [0] + Array(unique.utf8)
        } else {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(unique + ".sock").path
            name = file
            path = file
            bytes = Array(file.utf8) + [0]
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// Reads what arrives until `done` holds or `seconds` pass; true if `done` held.
    @discardableResult
    func collect(for seconds: Double, until done: ([(at: Date, text: String)]) -> Bool = { _ in false }) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if done(messages) { return true }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { messages.append((Date(), String(decoding: buffer[..<count], as: UTF8.self))) }
        }
        return done(messages)
    }

    func count(_ line: String) -> Int {
        messages.filter { $0.text.split(separator: "\n").contains(Substring(line)) }.count
    }
}

/// sd_notify through the running binary, as systemd would see it with `Type=notify` and
/// `WatchdogSec=`.
@Suite(.serialized) struct SystemdNotifyTests {
    private func start(_ socket: NotifySocket, _ work: TemporaryFolder, environment: [String: String] = [:]) throws -> Process {
        let data = work.url.appendingPathComponent("data")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        var env = ["NOTIFY_SOCKET": socket.name]
        env.merge(environment) { $1 }
        return try KioskBinary.start(["run", "--data", data.path, "--state", work.url.appendingPathComponent("state").path,
                                      "--window", "640x360"], log: work.url.appendingPathComponent("kiosk.log"), environment: env)
    }

    @Test func readyOnceAfterTheFirstFrameThenTheWatchdogAtHalfItsInterval() throws {
        let work = try TemporaryFolder()
        let socket = try NotifySocket(abstract: false)
        let process = try start(socket, work, environment: ["WATCHDOG_USEC": "1000000"])
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }

        var logAtReady = ""
        let ready = socket.collect(for: 30) { messages in
            guard messages.contains(where: { $0.text.hasPrefix("READY=1") }) else { return false }
            if logAtReady.isEmpty { logAtReady = (try? String(contentsOf: work.url.appendingPathComponent("kiosk.log"), encoding: .utf8)) ?? "-" }
            return true
        }
        #expect(ready, "no READY=1 within 30 s")
        // The loop logs the first frame before it tells systemd, so by then the line is there.
        #expect(logAtReady.contains("first frame on screen"), "READY=1 came before the first frame: \(logAtReady)")
        let readyMessage = try #require(socket.messages.first { $0.text.hasPrefix("READY=1") })
        // The summary `systemctl status` shows. Photos copied a moment ago wait to settle (they
        // may still be being written), so READY may count them as problems for now.
        let status = readyMessage.text.split(separator: "\n").first { $0.hasPrefix("STATUS=") }.map(String.init) ?? ""
        #expect(status.range(of: #"^STATUS=45 honours, \d+ photos in \d+ albums, "#, options: .regularExpression) != nil, "\(status)")

        // 4 s more: eight pings or so, one each 0.5 s, and no second READY.
        socket.collect(for: 4)
        #expect(socket.count("READY=1") == 1)
        // Once the photos have settled, a new summary says so.
        #expect(socket.collect(for: 20) { $0.contains { $0.text == "STATUS=45 honours, 17 photos in 3 albums, no problems" } },
                "\(socket.messages.map(\.text).filter { $0.hasPrefix("STATUS") })")
        let pings = socket.messages.filter { $0.text == "WATCHDOG=1" && $0.at > readyMessage.at }.map(\.at)
        #expect(pings.count >= 5, "only \(pings.count) watchdog pings in 4 s")
        let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }.sorted()
        let median = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
        // Half of WATCHDOG_USEC is 0.5 s; the bounds only tell half from whole or from every frame.
        #expect(median > 0.3 && median < 0.75, "median gap between pings \(median) s")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        socket.collect(for: 0.5) { $0.contains { $0.text == "STOPPING=1" } }
        #expect(socket.count("STOPPING=1") == 1)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// A notify socket nobody reads fills up (ten datagrams here): the screen must not wait on
    /// it. It used to block in sendto, and then could not even stop on SIGTERM.
    @Test func aNotifySocketNobodyReadsDoesNotStopTheScreen() throws {
        let work = try TemporaryFolder()
        let socket = try NotifySocket(abstract: true)
        let process = try start(socket, work, environment: ["WATCHDOG_USEC": "100000"])   // a ping every 50 ms
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let status = work.url.appendingPathComponent("state/status.json")
        #expect(eventually(30) { FileManager.default.fileExists(atPath: status.path) }, "the screen did not start")
        usleep(3_000_000)   // some sixty pings: the socket's queue is long full
        // Still drawing and reloading: a change to the folder reaches status.json.
        try "Tin mới\n".write(to: work.url.appendingPathComponent("data/ticker.txt"), atomically: true, encoding: .utf8)
        #expect(eventually(10) { (readStatus(work.url.appendingPathComponent("state"))?["headlines"] as? Int) == 1 },
                "the screen stopped reloading behind a full notify socket")
        kill(process.processIdentifier, SIGTERM)
        #expect(eventually(10) { !process.isRunning }, "SIGTERM did not end the screen")
    }

    @Test func anAbstractSocketIsReachedToo() throws {
        let work = try TemporaryFolder()
        let socket = try NotifySocket(abstract: true)
        let process = try start(socket, work)
        defer { process.terminate(); process.waitUntilExit() }
        #expect(socket.collect(for: 30) { $0.contains { $0.text.hasPrefix("READY=1") } }, "no READY=1 on \(socket.name)")
        // Without WATCHDOG_USEC there is no watchdog to feed.
        socket.collect(for: 1)
        #expect(socket.count("WATCHDOG=1") == 0)
    }

    @Test func aWatchdogMeantForAnotherProcessIsLeftAlone() throws {
        let work = try TemporaryFolder()
        let socket = try NotifySocket(abstract: false)
        // WATCHDOG_PID names the process systemd watches; pid 1 is not the screen.
        let process = try start(socket, work, environment: ["WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"])
        defer { process.terminate(); process.waitUntilExit() }
        #expect(socket.collect(for: 30) { $0.contains { $0.text.hasPrefix("READY=1") } })
        socket.collect(for: 1)
        #expect(socket.count("WATCHDOG=1") == 0)
    }
}
