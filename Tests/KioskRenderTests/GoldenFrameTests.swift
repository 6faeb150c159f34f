import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The golden-frame harness itself (the scenes' golden frames live in GoldenSceneTests).
@Suite struct GoldenFrameTests {
    func frame(extra: [DrawCommand] = []) throws -> OffscreenFrame {
        let frame = try OffscreenFrame(width: 100, height: 100)
        frame.render([.fill(Rect(x: 10, y: 10, width: 50, height: 50), Color(200, 40, 40)),
                      .text("Hà Nội", x: 10, y: 70, font: FontSpec(size: 16), color: Color(0, 0, 0), maxWidth: nil)] + extra,
                     background: Color(250, 250, 250))
        return frame
    }

    @Test func recordsThenMatches() throws {
        let expected = try temporaryFolder() + "/scene.png"
        let recorded = GoldenFrame.compare(try frame(), expectedPNG: expected, record: true)
        #expect(recorded.outcome == .recorded)
        #expect(recorded.matches)
        #expect(FileManager.default.fileExists(atPath: expected))
        let again = GoldenFrame.compare(try frame(), expectedPNG: expected, record: true)
        #expect(again.outcome == .matched, "\(again)")
        #expect(again.differingPixels == 0)
    }

    @Test func detectsADifferenceAndWritesTheActualFrame() throws {
        let expected = try temporaryFolder() + "/scene.png"
        _ = GoldenFrame.compare(try frame(), expectedPNG: expected, record: true)
        let changed = try frame(extra: [.fill(Rect(x: 70, y: 10, width: 20, height: 20), Color(0, 0, 255))])
        let result = GoldenFrame.compare(changed, expectedPNG: expected, record: true)
        #expect(!result.matches)
        #expect(result.outcome == .differs)
        #expect(result.differingPixels == 400)
        #expect(result.maxChannelDifference == 250)
        let actual = try #require(result.actualPath)
        #expect(actual.hasSuffix("/scene.actual.png"))
        #expect(try RGBAImage(contentsOfFile: actual).pixels == changed.pixels())
        #expect("\(result)".contains("400 of 10000 pixels differ"))
        // Matching again removes the stale .actual.png.
        #expect(GoldenFrame.compare(try frame(), expectedPNG: expected, record: true).matches)
        #expect(!FileManager.default.fileExists(atPath: actual))
    }

    @Test func smallDifferencesAreTolerated() throws {
        #expect(GoldenTolerance.standard == GoldenTolerance(channel: 24, differingShare: 0.0005))
        let expected = try temporaryFolder() + "/scene.png"
        let base = try frame().image()
        try base.writePNG(to: expected)
        var nudged = base
        // Every channel off by 20 (under 24), and 4 pixels (0.04 %, under 0.05 %) off by a lot.
        for i in stride(from: 0, to: nudged.pixels.count, by: 4) { nudged.pixels[i] = nudged.pixels[i] > 128 ? nudged.pixels[i] - 20 : nudged.pixels[i] + 20 }
        for p in 0..<4 { nudged.pixels[p * 4 + 1] &+= 128 }
        let result = GoldenFrame.compare(nudged, expectedPNG: expected)
        #expect(result.matches, "\(result)")
        #expect(result.differingPixels == 4)
        let strict = GoldenFrame.compare(nudged, expectedPNG: expected, tolerance: GoldenTolerance(channel: 10))
        #expect(!strict.matches)
    }

    @Test func missingExpectedFrameFailsUnlessRecording() throws {
        let expected = try temporaryFolder() + "/absent.png"
        let result = GoldenFrame.compare(try frame(), expectedPNG: expected, record: false)
        #expect(result.outcome == .missing)
        #expect(!result.matches)
        #expect(!FileManager.default.fileExists(atPath: expected))
        #expect(FileManager.default.fileExists(atPath: GoldenFrame.actualPath(for: expected)))
    }

    @Test func sizeMismatchFails() throws {
        let expected = try temporaryFolder() + "/scene.png"
        try RGBAImage(width: 50, height: 50, pixels: [UInt8](repeating: 255, count: 50 * 50 * 4)).writePNG(to: expected)
        let result = GoldenFrame.compare(try frame(), expectedPNG: expected)
        #expect(result.outcome == .sizeMismatch)
        #expect(!result.matches)
    }
}
