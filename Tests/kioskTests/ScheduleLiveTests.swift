import Foundation
import Testing

/// kiosk.toml's schedule through the running binary: off hours (black, the commands run, almost
/// no CPU), the screen coming back on, and SIGHUP reading settings the watcher does not see.
@Suite(.serialized) struct ScheduleLiveTests {
    private func screenMode(_ state: URL) -> String? {
        (readStatus(state)?["screen"] as? [String: Any])?["mode"] as? String
    }

    /// CPU seconds (user + system) the process has used, from /proc.
    private func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func screenshot(_ process: Process, _ state: URL) throws -> RGBAImage {
        let screen = state.appendingPathComponent("screen.png")
        try? FileManager.default.removeItem(at: screen)
        kill(process.processIdentifier, SIGUSR1)
        #expect(eventually(10) { FileManager.default.fileExists(atPath: screen.path) })
        usleep(100_000)
        return try #require(RGBAImage(path: screen.path))
    }

    private func brightest(_ image: RGBAImage) -> UInt8 {
        stride(from: 0, to: image.bytes.count, by: 4).map { max(image.bytes[$0], image.bytes[$0 + 1], image.bytes[$0 + 2]) }.max() ?? 0
    }

    @Test func offHoursAreBlackAndIdleAndTheCommandsRunAtTheChanges() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data"), state = work.url.appendingPathComponent("state")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        let marks = work.url.appendingPathComponent("commands.txt")
        let settings = data.appendingPathComponent("kiosk.toml")
        let base = try String(contentsOf: settings, encoding: .utf8)
        func schedule(off: String) throws {
            try (base + """

                [schedule]
                off = "\(off)"
                off_command = "echo off >> '\(marks.path)'"
                on_command = "echo on >> '\(marks.path)'"

                """).write(to: settings, atomically: true, encoding: .utf8)
        }
        try schedule(off: "all day")
        let systemd = try NotifySocket(abstract: false)
        let process = try KioskBinary.start(["run", "--data", data.path, "--state", state.path, "--window", "640x360"],
                                            log: work.url.appendingPathComponent("kiosk.log"),
                                            environment: ["NOTIFY_SOCKET": systemd.name, "WATCHDOG_USEC": "1000000"])
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }

        #expect(eventually(20) { screenMode(state) == "off" }, "status.json never said off")
        #expect(eventually(10) { (try? String(contentsOf: marks, encoding: .utf8)) == "off\n" }, "off_command did not run once")
        #expect(brightest(try screenshot(process, state)) == 0, "the screen is not black in off hours")

        // Dark and still: the loop sleeps until the hours change. A loop that kept drawing or
        // polled each millisecond would use a good part of a core; this allows 5 %.
        // The watchdog is still fed while nothing is drawn: two pings a second.
        let before = try #require(cpuSeconds(process.processIdentifier))
        let listening = Date()
        systemd.collect(for: 3)
        let used = try #require(cpuSeconds(process.processIdentifier)) - before
        #expect(used < 0.15, "\(used) s of CPU in 3 s with the screen off")
        let pings = systemd.messages.filter { $0.text == "WATCHDOG=1" && $0.at >= listening }.count
        #expect(pings >= 4, "\(pings) watchdog pings in 3 s with the screen off")
        #expect(systemd.messages.contains { $0.text.contains("screen off by the schedule") }, "STATUS= does not say the screen is off")

        // Staff change the hours: the screen comes back on and on_command runs, once.
        try schedule(off: "closed")
        #expect(eventually(20) { screenMode(state) == "day" }, "the screen did not come back on")
        #expect(eventually(10) { (try? String(contentsOf: marks, encoding: .utf8)) == "off\non\n" })
        #expect(brightest(try screenshot(process, state)) > 100, "the screen is still dark")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test func sighupReadsASettingsFileTheWatcherDoesNotSee() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data"), state = work.url.appendingPathComponent("state")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        // --config outside the data folder: nothing watches it, so only SIGHUP brings its changes.
        let config = work.url.appendingPathComponent("site.toml")
        try "organisation = \"Liên hiệp các tổ chức hữu nghị tỉnh Hòa An\"\n".write(to: config, atomically: true, encoding: .utf8)
        let process = try KioskBinary.start(["run", "--data", data.path, "--state", state.path, "--config", config.path,
                                             "--window", "640x360"], log: work.url.appendingPathComponent("kiosk.log"))
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        #expect(eventually(20) { screenMode(state) == "day" })
        let dayShot = try screenshot(process, state)

        try "organisation = \"Liên hiệp các tổ chức hữu nghị tỉnh Hòa An\"\n[schedule]\nnight = \"all day\"\n"
            .write(to: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        #expect(eventually(20) { screenMode(state) == "night" }, "SIGHUP did not bring the night hours")
        // The night palette: the frame is much darker than the day's.
        let nightShot = try screenshot(process, state)
        func mean(_ image: RGBAImage) -> Double {
            Double(image.bytes.enumerated().filter { $0.offset % 4 != 3 }.reduce(0) { $0 + Int($1.element) }) / Double(image.bytes.count * 3 / 4)
        }
        #expect(mean(nightShot) < mean(dayShot) * 0.7, "night \(mean(nightShot)) vs day \(mean(dayShot))")
    }
}
