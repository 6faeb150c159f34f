import Foundation
import Testing

/// The running binary against the ways a data folder goes wrong in real life: a file written in
/// place while the screen reloads, a release folder switched under a symbolic link, a broken
/// file that must be reported once and not on every reload.
@Suite(.serialized) struct DataSafetyTests {
    func visitors(_ state: URL) -> Int? { (readStatus(state)?["visitors"] as? [String: Any])?["total"] as? Int }
    func honours(_ state: URL) -> Int? { readStatus(state)?["honours"] as? Int }

    /// Appends visits through a separate writer: each append makes the running screen reload.
    func appendVisit(_ data: URL, count: Int) throws {
        let handle = try FileHandle(forWritingTo: data.appendingPathComponent("visitors/entrance.log"))
        handle.seekToEndOfFile()
        handle.write(Data("\(ISO8601DateFormatter().string(from: Date())) in \(count)\n".utf8))
        try handle.close()
    }

    @Test func halfWrittenFilesSwitchedFoldersAndProblemsReportedOnce() throws {
        let work = try TemporaryFolder()
        let releases = work.url.appendingPathComponent("releases")
        try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
        let first = releases.appendingPathComponent("1"), second = releases.appendingPathComponent("2")
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: first)
        try FileManager.default.copyItem(at: KioskBinary.demoFolder, to: second)
        let link = work.url.appendingPathComponent("data"), state = work.url.appendingPathComponent("state")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "releases/1")
        // A broken extra roll: reported, and the rest of the roll loads.
        try "Họ và tên;Ngày\nAn;2024\n".write(to: first.appendingPathComponent("honours/thiếu cột.csv"), atomically: true, encoding: .utf8)
        let logFile = work.url.appendingPathComponent("kiosk.log")
        let process = try KioskBinary.start(["run", "--data", link.path, "--state", state.path, "--window", "320x180"], log: logFile)
        defer { process.terminate(); process.waitUntilExit() }
        #expect(eventually(20) { (honours(state) ?? 0) > 0 }, "status.json never appeared")
        let goodCount = try #require(honours(state))
        #expect((readStatus(state)?["problems"] as? [[String: Any]])?.first?["path"] as? String == "honours/thiếu cột.csv")

        // honours.csv rewritten in place (`>`), and the screen reloading while the writer is halfway.
        let honoursFile = link.appendingPathComponent("honours.csv")
        let full = try String(contentsOf: honoursFile, encoding: .utf8)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let handle = try FileHandle(forWritingTo: honoursFile)
        try handle.truncate(atOffset: 0)
        handle.write(Data((lines.prefix(4).joined(separator: "\n") + "\n").utf8))
        let total = try #require(visitors(state))
        try appendVisit(link, count: 3)
        #expect(eventually(10) { visitors(state) == total + 3 }, "the appended visits did not cause a reload")
        #expect(honours(state) == goodCount, "a half-written honours.csv reached the screen")
        handle.write(Data((lines.dropFirst(4).joined(separator: "\n")).utf8))
        try handle.close()
        #expect(eventually(10) { honours(state) == goodCount && visitors(state) == total + 3 })

        // More reloads: the broken file's problem must reach the journal once only.
        for count in 1...3 {
            let before = try #require(visitors(state))
            try appendVisit(link, count: count)
            #expect(eventually(10) { visitors(state) == before + count })
        }
        let journal = try String(contentsOf: logFile, encoding: .utf8)
        let mentions = journal.components(separatedBy: "honours/thiếu cột.csv:1: error").count - 1
        #expect(mentions == 1, "the problem was logged \(mentions) times:\n\(journal)")

        // A deploy switching the link to a new release with fewer honours (done as `ln -sfn` does).
        let releaseTwoRoll = try String(contentsOf: second.appendingPathComponent("honours.csv"), encoding: .utf8)
        try (releaseTwoRoll.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n")
            .write(to: second.appendingPathComponent("honours.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: second.appendingPathComponent("honours"))
        try FileManager.default.createSymbolicLink(atPath: work.url.appendingPathComponent("data.new").path, withDestinationPath: "releases/2")
        #expect(rename(work.url.appendingPathComponent("data.new").path, link.path) == 0)
        #expect(eventually(10) { honours(state) == 2 }, "the switched release was not shown")
        #expect(eventually(10) { (readStatus(state)?["problems"] as? [Any])?.isEmpty == true })
        // And the new release is the one watched.
        let releaseTwoTotal = try #require(visitors(state))
        try appendVisit(link, count: 5)
        #expect(eventually(10) { visitors(state) == releaseTwoTotal + 5 }, "the new release's visit log is not watched")
    }
}
