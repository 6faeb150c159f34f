import Foundation
import Testing

/// The real binary on a copy of the demo data: a change on disk reaches status.json and the screen.
@Suite(.serialized) struct LiveReloadTests {
    @Test func editsAppearWithoutARestart() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data"), state = work.url.appendingPathComponent("state")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: data)
        // No ticker: nothing moves below the header, so a screenshot changes only when data does.
        try FileManager.default.removeItem(at: data.appendingPathComponent("ticker.txt"))
        let process = try KioskBinary.start(["run", "--data", data.path, "--state", state.path, "--window", "640x360",
                                             "--scene", "honours"], log: work.url.appendingPathComponent("kiosk.log"))
        defer { process.terminate(); process.waitUntilExit() }

        #expect(eventually(20) { (readStatus(state)?["honours"] as? Int ?? 0) > 0 }, "status.json never appeared")
        let before = try #require(readStatus(state))
        let honoursBefore = before["honours"] as! Int
        let totalBefore = (before["visitors"] as! [String: Any])["total"] as! Int

        // SIGHUP reads everything again and rewrites the status (its time has whole seconds).
        let updated = before["updated"] as? String
        usleep(1_100_000)
        kill(process.processIdentifier, SIGHUP)
        #expect(eventually(10) { readStatus(state)?["updated"] as? String != updated }, "SIGHUP did not reload")

        let screen = state.appendingPathComponent("screen.png")
        kill(process.processIdentifier, SIGUSR1)
        #expect(eventually(10) { FileManager.default.fileExists(atPath: screen.path) })
        let firstShot = try #require(RGBAImage(path: screen.path))
        #expect(firstShot.width == 640 && firstShot.height == 360)
        try FileManager.default.removeItem(at: screen)

        // An editor saving by rename: write a temporary name, then rename over honours.csv.
        let honours = data.appendingPathComponent("honours.csv")
        var text = try String(contentsOf: honours, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "Phạm Minh Khôi,individual,Bằng khen của Chủ tịch UBND tỉnh,2099-01-01,UBND tỉnh,,Chi hội Hòa An,,\n"
        let temporary = data.appendingPathComponent(".honours.csv.swp")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        #expect(rename(temporary.path, honours.path) == 0)
        #expect(eventually(10) { (readStatus(state)?["honours"] as? Int) == honoursBefore + 1 }, "the renamed file was not reloaded")

        // A broken save (the header row lost) is reported and changes nothing on screen.
        let good = try String(contentsOf: honours, encoding: .utf8)
        let broken = good.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        try broken.write(to: temporary, atomically: false, encoding: .utf8)
        #expect(rename(temporary.path, honours.path) == 0)
        #expect(eventually(10) {
            let problems = readStatus(state)?["problems"] as? [[String: Any]] ?? []
            return problems.contains { $0["path"] as? String == "honours.csv" && $0["severity"] as? String == "error" && $0["line"] as? Int == 1 }
        }, "the broken file was not reported")
        #expect(readStatus(state)?["honours"] as? Int == honoursBefore + 1, "the last good honour roll was not kept")
        try good.write(to: temporary, atomically: false, encoding: .utf8)
        #expect(rename(temporary.path, honours.path) == 0)
        #expect(eventually(10) { (readStatus(state)?["problems"] as? [Any])?.isEmpty == true })

        // An entrance appending a visit line.
        let log = data.appendingPathComponent("visitors/entrance.log")
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        handle.write(Data("\(ISO8601DateFormatter().string(from: Date())) in 7\n".utf8))
        try handle.close()
        #expect(eventually(10) { ((readStatus(state)?["visitors"] as? [String: Any])?["total"] as? Int) == totalBefore + 7 },
                "the appended visits were not counted")

        // A photo dropped into an album, and a new ticker saved in place.
        let photosBefore = readStatus(state)?["photos"] as? Int ?? 0
        let album = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("gallery").path).sorted()[0]
        let albumFolder = data.appendingPathComponent("gallery").appendingPathComponent(album)
        let anyPhoto = try FileManager.default.contentsOfDirectory(atPath: albumFolder.path).first { $0.hasSuffix(".jpg") }!
        try FileManager.default.copyItem(at: albumFolder.appendingPathComponent(anyPhoto), to: albumFolder.appendingPathComponent("99-moi.jpg"))
        #expect(eventually(10) { (readStatus(state)?["photos"] as? Int) == photosBefore + 1 }, "the new photo did not join the album")
        try "Tin một\nTin hai\nTin ba\n".write(to: data.appendingPathComponent("ticker.txt"), atomically: false, encoding: .utf8)
        #expect(eventually(10) { (readStatus(state)?["headlines"] as? Int) == 3 }, "the new ticker was not loaded")
        try FileManager.default.removeItem(at: data.appendingPathComponent("ticker.txt"))
        #expect(eventually(10) { (readStatus(state)?["headlines"] as? Int) == 0 })

        // The newest honour leads the list: the screen below the header must have changed.
        kill(process.processIdentifier, SIGUSR1)
        #expect(eventually(10) { FileManager.default.fileExists(atPath: screen.path) })
        usleep(100_000)
        let secondShot = try #require(RGBAImage(path: screen.path))
        #expect(secondShot.differingPixels(from: firstShot, rows: 60..<360) > 200)

        // SIGTERM ends it cleanly: a normal exit with status 0, not death by the signal.
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
