import CSDL2
import Foundation
import KioskCore
import Testing
@testable import KioskRender

/// The renderer's own promises, checked on pixels of the software renderer.
@Suite(.serialized) struct RenderTests {
    let black = Color(0, 0, 0)

    func pixel(_ frame: OffscreenFrame, _ x: Int, _ y: Int) -> [UInt8] {
        let bytes = frame.pixels()
        let i = (y * frame.width + x) * 4
        return Array(bytes[i..<i + 4])
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-render-\(UUID().uuidString)-\(name)").path
    }

    @Test func fontsCoverVietnamese() throws {
        let fonts = try FontLibrary()
        for path in fonts.fontPaths.values { #expect(FileManager.default.fileExists(atPath: path)) }
        #expect(fonts.fontPaths.count == 2)
    }

    @Test func widthsGrowWithText() throws {
        let measurer = TextMeasurerSDL(fonts: try FontLibrary())
        let font = FontSpec(size: 20)
        let short = measurer.width(of: "Thắng", font: font), long = measurer.width(of: "Thắng Thăng", font: font)
        #expect(short > 0 && long > short)
        #expect(measurer.width(of: "Thắng", font: FontSpec(size: 20, weight: .bold)) > 0)
        #expect(measurer.lineHeight(of: font) >= 20)
    }

    @Test func tonesAboveCircumflexesAreDrawn() throws {
        // "Ễ" carries a tilde above a circumflex: its top rows must have ink where "E" has none.
        let frame = try OffscreenFrame(width: 80, height: 80)
        frame.render([.text("E", x: 10, y: 10, font: FontSpec(size: 40), color: Color(255, 255, 255), maxWidth: nil)], background: black)
        let plain = frame.pixels()
        frame.render([.text("Ễ", x: 10, y: 10, font: FontSpec(size: 40), color: Color(255, 255, 255), maxWidth: nil)], background: black)
        let marked = frame.pixels()
        func inkAboveCapHeight(_ bytes: [UInt8]) -> Int {
            var ink = 0
            for y in 10..<26 { for x in 0..<80 where bytes[(y * 80 + x) * 4] > 128 { ink += 1 } }
            return ink
        }
        #expect(inkAboveCapHeight(marked) > inkAboveCapHeight(plain) + 20)
    }

    @Test func ellipsisKeepsTextInsideItsWidth() throws {
        let measurer = TextMeasurerSDL(fonts: try FontLibrary())
        let font = FontSpec(size: 18)
        let text = "Hội hữu nghị Việt Nam – Liên bang Nga tỉnh Hòa An"
        for width in [40.0, 90, 200, 300] {
            let cut = Ellipsis.fit(text, width: width) { measurer.width(of: $0, font: font) }
            #expect(cut.hasSuffix("…"))
            #expect(measurer.width(of: cut, font: font) <= width)
        }
        // Cuts fall between characters: a letter keeps its marks.
        let cut = Ellipsis.fit("Nguyễn", width: measurer.width(of: "Nguyễ…", font: font)) { measurer.width(of: $0, font: font) }
        #expect(cut == "Nguyễ…")
    }

    @Test func fillsBlendAndClip() throws {
        let frame = try OffscreenFrame(width: 40, height: 40)
        frame.render([
            .fill(Rect(x: 0, y: 0, width: 40, height: 40), Color(200, 0, 0)),
            .fill(Rect(x: 0, y: 0, width: 20, height: 40), Color(0, 0, 200, 128)),
            .clip(Rect(x: 30, y: 30, width: 10, height: 10)),
            .fill(Rect(x: 0, y: 0, width: 40, height: 40), Color(0, 255, 0)),
            .clip(nil),
        ], background: black)
        let blended = pixel(frame, 5, 5)
        #expect(abs(Int(blended[0]) - 100) <= 2 && abs(Int(blended[2]) - 100) <= 2)
        #expect(pixel(frame, 25, 5) == [200, 0, 0, 255])
        #expect(pixel(frame, 35, 35) == [0, 255, 0, 255])
        #expect(pixel(frame, 25, 25) == [200, 0, 0, 255])
    }

    /// A 200×100 PNG, left half red, right half blue.
    func twoColourPicture() throws -> String {
        let path = temporaryPath("two.png")
        var bytes = [UInt8](repeating: 255, count: 200 * 100 * 4)
        for y in 0..<100 { for x in 0..<200 {
            let i = (y * 200 + x) * 4
            bytes[i] = x < 100 ? 255 : 0; bytes[i + 1] = 0; bytes[i + 2] = x < 100 ? 0 : 255
        } }
        try PNGFile.write(rgba: bytes, width: 200, height: 100, to: path)
        return path
    }

    @Test func containLeavesBandsAndCoverFills() throws {
        let path = try twoColourPicture()
        defer { unlink(path) }
        let frame = try OffscreenFrame(width: 100, height: 100)
        frame.render([.image(ImageRef(path: path), rect: Rect(x: 0, y: 0, width: 100, height: 100), fit: .contain, opacity: 1)], background: black)
        #expect(pixel(frame, 50, 10) == [0, 0, 0, 255])          // band above the 100×50 picture
        #expect(pixel(frame, 10, 50)[0] > 200)                    // red on the left
        frame.render([.image(ImageRef(path: path), rect: Rect(x: 0, y: 0, width: 100, height: 100), fit: .cover, opacity: 1)], background: black)
        #expect(pixel(frame, 50, 5)[0] > 100 || pixel(frame, 50, 5)[2] > 100)   // no band: the picture fills
        #expect(pixel(frame, 5, 5)[0] > 200 && pixel(frame, 95, 95)[2] > 200)
    }

    @Test func aCorruptPictureIsSkippedNotRetriedAndCountsAsReady() throws {
        let path = temporaryPath("broken.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let loader = ImageLoader(synchronous: false)
        let ref = ImageRef(path: path)
        loader.request(ref, width: 100, height: 100)
        #expect(eventually(5) { loader.isReady(ref) })
        #expect(loader.decoded(ref) == nil)
        #expect(loader.failedPaths[path] != nil)
    }

    @Test func memoryHoldsOnlyAFewPictures() throws {
        let path = try twoColourPicture()
        defer { unlink(path) }
        let loader = ImageLoader(synchronous: true, capacity: 3)
        var links: [String] = []
        for i in 0..<10 {
            let link = temporaryPath("copy\(i).png")
            try FileManager.default.copyItem(atPath: path, toPath: link)
            links.append(link)
            loader.request(ImageRef(path: link), width: 50, height: 50)
        }
        defer { links.forEach { unlink($0) } }
        #expect(loader.decodedCount == 3)
    }

    @Test func largePicturesAreScaledToWhereTheyAreShown() throws {
        let path = try twoColourPicture()
        defer { unlink(path) }
        let loader = ImageLoader(synchronous: true)
        loader.request(ImageRef(path: path), width: 40, height: 10)
        let decoded = try #require(loader.decoded(ImageRef(path: path)))
        #expect(decoded.width == 40 && decoded.height == 20)
    }

    @Test func aWindowOnTheOffscreenDriverRendersAndCaptures() throws {
        setenv("SDL_VIDEODRIVER", "offscreen", 1)
        let window = try KioskWindow(title: "test", width: 320, height: 180, fullscreen: false)
        #expect(window.outputSize.width == 320 && window.outputSize.height == 180)
        window.render([.fill(Rect(x: 0, y: 0, width: 320, height: 180), Color(10, 120, 200))], background: black)
        let path = temporaryPath("screen.png")
        defer { unlink(path) }
        try window.captureScreen(to: path)
        window.present()
        let shot = try #require(PNGFile.read(path))
        #expect(shot.width == 320 && Array(shot.rgba[0..<4]) == [10, 120, 200, 255])
        _ = window.waitEvent(timeout: 0.1)               // the window's own shown/exposed events
        KioskWindow.wake()
        let start = Date()
        let events = window.waitEvent(timeout: 5)
        #expect(Date().timeIntervalSince(start) < 2)     // woken long before the timeout
        #expect(!events.contains { if case .pointerUp = $0 { return true } else { return false } })
    }

    @Test func onAPersistentTargetOnlyTheMovingLayerIsDrawnAgain() throws {
        let frame = try OffscreenFrame(width: 40, height: 40)
        frame.canvas.persistentTarget = true
        let still: [DrawCommand] = [.fill(Rect(x: 0, y: 0, width: 40, height: 30), Color(200, 0, 0))]
        #expect(frame.canvas.draw(still: still, moving: [.fill(Rect(x: 0, y: 30, width: 40, height: 10), Color(0, 0, 200))], clear: black))
        // Only the strip changes: the still part is left as it was, not cleared.
        #expect(!frame.canvas.draw(still: still, moving: [.fill(Rect(x: 0, y: 30, width: 40, height: 10), Color(0, 200, 0))], clear: black))
        #expect(pixel(frame, 5, 5) == [200, 0, 0, 255])
        #expect(pixel(frame, 5, 35) == [0, 200, 0, 255])
        // A change in the still layer draws everything.
        #expect(frame.canvas.draw(still: [], moving: [], clear: black))
        #expect(pixel(frame, 5, 5) == [0, 0, 0, 255])
    }

    @Test func goldenComparisonWritesTheActualFrameOnMismatch() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        frame.render([.fill(Rect(x: 0, y: 0, width: 20, height: 20), Color(255, 255, 255))], background: black)
        let expected = temporaryPath("golden.png")
        try frame.writePNG(to: expected)
        #expect(GoldenFrame.compare(frame, expectedPNG: expected).matches)
        frame.render([.fill(Rect(x: 0, y: 0, width: 10, height: 10), Color(255, 255, 255))], background: black)
        let result = GoldenFrame.compare(frame, expectedPNG: expected)
        #expect(!result.matches && result.differingPixels == 300)
        let actual = (expected as NSString).deletingPathExtension + ".actual.png"
        #expect(FileManager.default.fileExists(atPath: actual))
        unlink(expected); unlink(actual)
    }
}

func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
