import Foundation
import KioskRender
import Testing

/// The gallery through the real binary: photos dropped into and removed from an album reach
/// the screen without a restart, and files that are not photos, or photos too large to decode,
/// are refused without the memory they would take.
@Suite(.serialized) struct GalleryLiveTests {
    /// A solid `width`×`height` picture written as PNG under a temporary name, then renamed into
    /// place, as a sync tool or a careful copy would.
    static func dropPhoto(_ path: URL, r: UInt8, g: UInt8, b: UInt8, width: Int = 320, height: Int = 180) throws {
        let pixels = [UInt8]((0..<(width * height)).flatMap { _ in [r, g, b, 255] })
        let temporary = path.deletingLastPathComponent().appendingPathComponent(".\(path.lastPathComponent).part")
        try KioskRender.RGBAImage(width: width, height: height, pixels: pixels).writePNG(to: temporary.path)
        #expect(rename(temporary.path, path.path) == 0)
    }

    /// The centre of a fresh screenshot (SIGUSR1 writes `<state>/screen.png`).
    static func centre(of process: Process, state: URL) -> (r: Int, g: Int, b: Int)? {
        let screen = state.appendingPathComponent("screen.png")
        try? FileManager.default.removeItem(at: screen)
        kill(process.processIdentifier, SIGUSR1)
        guard eventually(5, { FileManager.default.fileExists(atPath: screen.path) }),
              eventually(2, { RGBAImage(path: screen.path) != nil }),
              let shot = RGBAImage(path: screen.path) else { return nil }
        let i = ((shot.height / 2) * shot.width + shot.width / 2) * 4
        return (Int(shot.bytes[i]), Int(shot.bytes[i + 1]), Int(shot.bytes[i + 2]))
    }

    static func isBlue(_ c: (r: Int, g: Int, b: Int)?) -> Bool { c.map { $0.b > 150 && $0.r < 90 } ?? false }
    static func isRed(_ c: (r: Int, g: Int, b: Int)?) -> Bool { c.map { $0.r > 150 && $0.b < 90 } ?? false }

    @Test func photosAddedAndDeletedReachTheRotationWithoutARestart() throws {
        let work = try TemporaryFolder()
        let data = work.url.appendingPathComponent("data"), state = work.url.appendingPathComponent("state")
        let album = data.appendingPathComponent("gallery/Hội nghị")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try "slide_seconds = 1\ncrossfade_seconds = 0.1\n".write(to: data.appendingPathComponent("kiosk.toml"), atomically: true, encoding: .utf8)
        try Self.dropPhoto(album.appendingPathComponent("1-red.png"), r: 220, g: 20, b: 20)
        let process = try KioskBinary.start(["run", "--data", data.path, "--state", state.path, "--window", "320x180",
                                             "--scene", "gallery"], log: work.url.appendingPathComponent("kiosk.log"))
        defer { process.terminate(); process.waitUntilExit() }

        #expect(eventually(20) { (readStatus(state)?["photos"] as? Int) == 1 }, "status.json never counted the photo")
        #expect(eventually(10) { Self.isRed(Self.centre(of: process, state: state)) }, "the one photo never showed")

        try Self.dropPhoto(album.appendingPathComponent("2-blue.png"), r: 20, g: 40, b: 230)
        #expect(eventually(10) { (readStatus(state)?["photos"] as? Int) == 2 }, "the new photo was not loaded")
        #expect(eventually(10) { Self.isBlue(Self.centre(of: process, state: state)) }, "the new photo never came round")

        try FileManager.default.removeItem(at: album.appendingPathComponent("1-red.png"))
        #expect(eventually(10) { (readStatus(state)?["photos"] as? Int) == 1 }, "the deleted photo stayed loaded")
        // Half a second for a fade under way to finish; then three turns, and never the deleted one.
        usleep(500_000)
        for _ in 0..<6 {
            let c = Self.centre(of: process, state: state)
            #expect(Self.isBlue(c), "screen centre \(String(describing: c)) after the red photo was deleted")
            usleep(500_000)
        }

        // A file that is not a picture, with a picture's name: reported, never on screen.
        try Data("GIF89a not a photo at all".utf8).write(to: album.appendingPathComponent("3-fake.jpg"))
        #expect(eventually(10) {
            let problems = readStatus(state)?["problems"] as? [[String: Any]] ?? []
            return problems.contains { ($0["path"] as? String)?.hasSuffix("3-fake.jpg") == true }
        }, "the fake photo was not reported in status.json")
        for _ in 0..<4 {
            #expect(Self.isBlue(Self.centre(of: process, state: state)))
            usleep(400_000)
        }
        let log = try String(contentsOf: work.url.appendingPathComponent("kiosk.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "3-fake.jpg").count - 1 == 1, "reported once, not on every turn:\n\(log)")
    }
}
