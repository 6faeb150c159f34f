import Foundation
import Testing

/// The wall clock set an hour forward and back under the running screen (NTP after a dead RTC
/// battery, staff fixing the time), through libfaketime (Debian's `faketime` package) with its
/// control file changed at run time. The monotonic clock is left alone, as the kernel does.
@Suite(.serialized) struct FaultClockTests {
    static let library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
    static var available: Bool { FileManager.default.fileExists(atPath: library) }

    @Test(.enabled(if: available)) func clockJumpsAnHourForwardAndBack() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        let control = work.url.appendingPathComponent("faketime.rc")
        var offset = 0.0
        func setClock(_ seconds: Double) throws {
            offset = seconds
            try "\(seconds >= 0 ? "+" : "")\(Int(seconds))\n".write(to: control, atomically: true, encoding: .utf8)
        }
        try setClock(0)
        // Night from 30 to 90 minutes from now on the screen's clock: the jump forward lands in
        // it, the jump back leaves it. The slideshow changes photo every second.
        var zone = Calendar(identifier: .gregorian)
        zone.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        func clock(_ date: Date) -> String {
            let c = zone.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", c.hour!, c.minute!)
        }
        let now = Date()
        try """
        slide_seconds = 1
        crossfade_seconds = 0.2
        now_window_minutes = 30
        [schedule]
        night = "\(clock(now.addingTimeInterval(1800)))-\(clock(now.addingTimeInterval(5400)))"
        """.write(to: data.appendingPathComponent("kiosk.toml"), atomically: true, encoding: .utf8)
        // Visits 10 minutes ago: in "now" (the last 30 minutes) before the jump, not after it.
        let stamp = ISO8601DateFormatter().string(from: now.addingTimeInterval(-600))
        try "\(stamp) in 3\n\(stamp) in 4\n".write(to: data.appendingPathComponent("visitors/entrance.log"), atomically: true, encoding: .utf8)

        // Through /usr/bin/env: libfaketime's constructor exports FAKETIME_SHARED with setenv,
        // which moves `environ` before Swift's runtime reads the arguments, so a Swift program
        // preloaded directly starts with none. Preloaded in env first, the variable is already
        // there when env execs the kiosk (the same process: the shared memory is named by its pid).
        let kiosk = try TracedKiosk(data: data, arguments: ["--window", "320x180", "--scene", "gallery"], environment: [
            "LD_PRELOAD": Self.library, "FAKETIME_TIMESTAMP_FILE": control.path, "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        ], through: "/usr/bin/env")
        defer {
            kiosk.stop(SIGTERM)
            let pid = kiosk.process.processIdentifier
            unlink("/dev/shm/faketime_shm_\(pid)"); unlink("/dev/shm/sem.faketime_sem_\(pid)")
        }
        func figures() -> [String: Int]? { kiosk.status?["visitors"] as? [String: Int] }
        func mode() -> String? { (kiosk.status?["screen"] as? [String: Any])?["mode"] as? String }
        /// The figures `kiosk visitors` gives for the screen's own instant.
        func expected() throws -> [String: Int] {
            let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset))
            let out = try KioskBinary.run(["visitors", "--data", data.path, "--at", at]).out
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Int])
        }
        try #require(eventually(20) { figures()?["total"] == 7 }, "the kiosk did not start:\n\(kiosk.journal)")
        #expect(figures()?["now"] == 7 && figures()?["today"] == 7)
        #expect(mode() == "day")

        for (round, (jump, night)) in [(3600.0, true), (0, false), (-3600, false)].enumerated() {
            try setClock(jump)
            #expect(eventually(10) { kiosk.journal.components(separatedBy: "the clock jumped by").count - 1 == round + 1 },
                    "jump to \(jump): not noticed:\n\(kiosk.journal.suffix(2000))")
            // The figures of the new time: "now" (the last 30 minutes) empties an hour later.
            let wanted = try expected()
            #expect(eventually(10) { figures() == wanted }, "jump to \(jump): status \(figures() ?? [:]), kiosk visitors \(wanted)")
            #expect(eventually(10) { mode() == (night ? "night" : "day") }, "jump to \(jump): mode \(mode() ?? "-")")
            // Timers go on: the slideshow's crossfades keep drawing frames (a deadline computed
            // before a jump back would wait an hour).
            let frames = kiosk.frameCount
            #expect(eventually(15) { kiosk.frameCount > frames + 3 }, "jump to \(jump): frames stopped")
            // A visit stamped with the screen's time counts at once.
            let before = try #require(figures()?["total"])
            kiosk.appendVisit(2, at: Date().addingTimeInterval(offset))
            #expect(eventually(10) { figures()?["total"] == before + 2 && figures()?["today"] == (try? expected())?["today"] },
                    "jump to \(jump): a visit after the jump: \(figures() ?? [:])")
        }
        #expect(kiosk.isRunning)
    }
}
