import Foundation
import KioskRender
import Testing

/// The real binary under the faults of a machine left alone for months: the state folder full
/// or read-only, the data folder gone and back, a photo replaced while it is being decoded.
/// Each time the screen keeps running, says what is wrong, and is right again afterwards.
/// (kill -9: VisitorCrashTests and Scripts/soak/kill9.py; the clock: FaultClockTests.)
@Suite(.serialized) struct FaultTests {
    @Test func dataFolderRemovedRecreatedRenamedAwayAndBack() throws {
        let kiosk = try TracedKiosk()
        let data = kiosk.data
        try #require(eventually(20) { kiosk.total != nil }, "the kiosk did not start:\n\(kiosk.journal)")
        let honours = try #require(kiosk.status?["honours"] as? Int)
        let missing = "the data folder is missing"

        // Removed: the screen keeps its content and says so.
        let away = kiosk.work.url.appendingPathComponent("away")
        try FileManager.default.copyItem(at: data, to: away)
        try FileManager.default.removeItem(at: data)
        #expect(eventually(10) { kiosk.problems.contains { ($0["message"] as? String)?.contains(missing) == true } },
                "no problem reported: \(kiosk.problems)")
        #expect(kiosk.status?["honours"] as? Int == honours, "the last content did not stay")
        #expect(kiosk.journal.contains(missing))
        #expect(kiosk.isRunning)

        // Recreated, with a shorter roll: picked up and watched again.
        try FileManager.default.copyItem(at: away, to: data)
        let roll = try String(contentsOf: data.appendingPathComponent("honours.csv"), encoding: .utf8)
        try (roll.split(separator: "\n").prefix(4).joined(separator: "\n") + "\n")
            .write(to: data.appendingPathComponent("honours.csv"), atomically: true, encoding: .utf8)
        #expect(eventually(15) { kiosk.problems.isEmpty && kiosk.status?["honours"] as? Int == honours - 22 },
                "the recreated folder was not picked up: honours \(kiosk.status?["honours"] ?? "-"), problems \(kiosk.problems)")
        let total = try #require(kiosk.total)
        kiosk.appendVisit(4)
        #expect(eventually(10) { kiosk.total == total + 4 }, "the recreated folder's visit log is not watched")

        // Renamed away and back (a share remounted, `mv data data.old; mv data.old data`).
        let renamed = kiosk.work.url.appendingPathComponent("data.old")
        #expect(rename(data.path, renamed.path) == 0)
        #expect(eventually(10) { kiosk.problems.contains { ($0["message"] as? String)?.contains(missing) == true } })
        #expect(kiosk.status?["honours"] as? Int == honours - 22)
        #expect(rename(renamed.path, data.path) == 0)
        #expect(eventually(15) { kiosk.problems.isEmpty }, "still reported after coming back: \(kiosk.problems)")
        kiosk.appendVisit(5)
        #expect(eventually(10) { kiosk.total == total + 9 }, "the folder renamed back is not watched: \(kiosk.total ?? -1)")
        try "Tin mới sau khi thư mục trở lại\n".write(to: data.appendingPathComponent("ticker.txt"), atomically: true, encoding: .utf8)
        #expect(eventually(10) { kiosk.status?["headlines"] as? Int == 1 })
        #expect(kiosk.isRunning)
    }

    /// The state folder remounted read-only under the running screen, then writable again.
    @Test(.enabled(if: Mounts.available)) func stateFolderReadOnly() throws {
        try stateFolderFault(name: "read-only") { state in
            #expect(Mounts.run(["mount", "--bind", state.path, state.path]))
            #expect(Mounts.run(["mount", "-o", "remount,bind,ro", state.path]))
            return { Mounts.run(["umount", state.path]) }
        }
    }

    /// The state folder on a file system with no space left, then space again.
    @Test(.enabled(if: Mounts.available)) func stateFolderFull() throws {
        try stateFolderFault(name: "full") { state in
            // Everything the screen wrote stays; a filler takes the rest of the 1 MiB.
            let filler = state.appendingPathComponent("filler")
            let fd = open(filler.path, O_WRONLY | O_CREAT, 0o644)
            let block = [UInt8](repeating: 0xAB, count: 4096)
            while write(fd, block, block.count) > 0 {}
            while write(fd, block, 1) > 0 {}
            close(fd)
            return { unlink(filler.path) == 0 }
        }
    }

    /// Starts a kiosk whose state folder is a small tmpfs, breaks it with `fault` (which returns
    /// its repair), checks that the screen keeps counting and reports it, and that status.json
    /// and the checkpoint are right again after the repair.
    private func stateFolderFault(name: String, _ fault: (URL) -> () -> Bool) throws {
        let work = try TemporaryFolder()
        let state = work.url.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try #require(Mounts.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state.path]))
        defer { while Mounts.run(["umount", state.path]) {} }
        let kiosk = try TracedKiosk(state: state)
        try #require(eventually(20) { kiosk.total != nil }, "the kiosk did not start:\n\(kiosk.journal)")
        let total = try #require(kiosk.total)

        let repair = fault(state)
        for count in 1...3 {
            kiosk.appendVisit(count)
            usleep(300_000)
        }
        // The screen counts on: its frames show the visits that status.json cannot.
        #expect(eventually(10) { kiosk.lastFrame?["visits"] == total + 6 }, "\(name): the screen stopped counting: \(kiosk.lastFrame ?? [:])")
        #expect(eventually(10) { kiosk.journal.contains("could not write \(state.path)/status.json") },
                "\(name): status.json's failure is not in the log")
        #expect(eventually(10) { kiosk.journal.contains("visitor counts cannot be saved") },
                "\(name): the checkpoint's failure is not in the log")
        kill(kiosk.process.processIdentifier, SIGUSR1)
        #expect(eventually(10) { kiosk.journal.contains("could not write \(state.path)/screen.png") })
        let frames = kiosk.frameCount
        #expect(eventually(10) { kiosk.frameCount > frames }, "\(name): no frame after the failures")
        #expect(kiosk.isRunning, "\(name): the screen ended:\n\(kiosk.journal)")

        // Repaired: the next reload writes status.json with every visit and no problem left,
        // and the checkpoint saved then lets a kill -9 lose nothing.
        #expect(repair())
        kiosk.appendVisit(10)
        #expect(eventually(10) { kiosk.total == total + 16 }, "\(name): status.json not written again: \(kiosk.total ?? -1)")
        #expect(eventually(10) { kiosk.problems.isEmpty }, "\(name): still reported after the repair: \(kiosk.problems)")
        kiosk.stop(SIGKILL)
        let again = try TracedKiosk(data: kiosk.data, state: state)
        #expect(eventually(20) { again.total == total + 16 }, "\(name): after a restart \(again.total ?? -1), expected \(total + 16)")
        again.stop(SIGTERM)
    }

    /// A big JPEG in the slideshow replaced (renamed over) and cut short (truncated in place)
    /// again and again while the screen decodes it: no crash, and the last photo is the one shown.
    @Test func photoReplacedOrCutWhileBeingDecoded() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data"), album = data.appendingPathComponent("gallery/Hội nghị")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try "slide_seconds = 1\ncrossfade_seconds = 0.1\n".write(to: data.appendingPathComponent("kiosk.toml"), atomically: true, encoding: .utf8)
        let big = try Self.bigJPEG(width: 4000, height: 3000)
        let photo = album.appendingPathComponent("a.jpg")
        try Data(big).write(to: photo)
        try GalleryLiveTests.dropPhoto(album.appendingPathComponent("b.png"), r: 30, g: 30, b: 220)
        let kiosk = try TracedKiosk(data: data, arguments: ["--window", "320x180", "--scene", "gallery"])
        try #require(eventually(20) { kiosk.status?["photos"] as? Int == 2 }, "the kiosk did not start:\n\(kiosk.journal)")

        var random = SystemRandomNumberGenerator()
        for round in 0..<12 {
            // The big one back in place, then, a moment into its decode, replaced or cut.
            let fresh = album.appendingPathComponent(".a.jpg.part")
            try Data(big).write(to: fresh)
            #expect(rename(fresh.path, photo.path) == 0)
            usleep(UInt32.random(in: 0...400_000, using: &random))
            if round % 2 == 0 {
                let fd = open(photo.path, O_WRONLY)
                #expect(ftruncate(fd, off_t(big.count / Int.random(in: 2...50, using: &random))) == 0)
                close(fd)
            } else {
                try GalleryLiveTests.dropPhoto(photo, r: 30, g: 200, b: 30)
            }
            usleep(UInt32.random(in: 0...400_000, using: &random))
            #expect(kiosk.isRunning, "round \(round): the screen ended:\n\(kiosk.journal)")
        }
        // Last, a red picture renamed over it, and the blue one removed: red must show, once
        // the decodes of the big one still queued are done (seconds each in a debug build on a
        // loaded machine: 15 s was not always enough).
        try FileManager.default.removeItem(at: album.appendingPathComponent("b.png"))
        try GalleryLiveTests.dropPhoto(photo, r: 220, g: 20, b: 20)
        // The screen stands still (one photo): the loader finds the replaced file when the
        // reload arrives, not through the frame (ImageTests.aReplacedPictureOnAStillScreen…).
        #expect(eventually(60) { GalleryLiveTests.isRed(GalleryLiveTests.centre(of: kiosk.process, state: kiosk.state)) },
                "the replacing photo is not shown: \(String(describing: GalleryLiveTests.centre(of: kiosk.process, state: kiosk.state)))")
        #expect(eventually(10) { kiosk.problems.isEmpty }, "a problem stayed: \(kiosk.problems)")
        #expect(kiosk.isRunning)
    }

    /// A progressive JPEG with fine detail: slow to decode (every scan over the whole picture),
    /// so a replacement lands while it is being decoded.
    static func bigJPEG(width: Int, height: Int) throws -> [UInt8] {
        var pixels = [UInt32](repeating: 0, count: width * height)
        var seed: UInt32 = 12345
        for i in pixels.indices {
            seed = seed &* 1_103_515_245 &+ 12345
            pixels[i] = (seed >> 8) & 0x3F3F3F | 0x402080
        }
        return try pixels.withUnsafeBytes {
            try JPEGEncoder.encode(pixels: $0.baseAddress!, pitch: width * 4, width: width, height: height, quality: 90, options: .progressive)
        }
    }
}
