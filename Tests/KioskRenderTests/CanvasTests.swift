import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// Fills, blending and clipping, checked pixel by pixel.
@Suite struct CanvasTests {
    @Test func opaqueFillReplacesPixels() throws {
        let frame = try OffscreenFrame(width: 40, height: 30)
        frame.render([.fill(Rect(x: 10, y: 5, width: 20, height: 10), Color(12, 200, 99))], background: Color(1, 2, 3))
        let image = frame.image()
        #expect(close(image.pixel(x: 10, y: 5), Color(12, 200, 99), within: 0))
        #expect(close(image.pixel(x: 29, y: 14), Color(12, 200, 99), within: 0))
        #expect(close(image.pixel(x: 30, y: 14), Color(1, 2, 3), within: 0))
        #expect(close(image.pixel(x: 9, y: 5), Color(1, 2, 3), within: 0))
        #expect(image.pixel(x: 0, y: 0).a == 255)
    }

    @Test func translucentFillBlends() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        frame.render([.fill(Rect(x: 0, y: 0, width: 20, height: 20), Color(0, 0, 255, 128))], background: Color(255, 0, 0))
        // src·α + dst·(1−α) with α = 128/255.
        #expect(close(frame.image().pixel(x: 10, y: 10), Color(127, 0, 128), within: 2), "\(frame.image().pixel(x: 10, y: 10))")
        // Fully transparent: nothing happens.
        frame.render([.fill(Rect(x: 0, y: 0, width: 20, height: 20), Color(0, 255, 0, 0))], background: Color(255, 0, 0))
        #expect(close(frame.image().pixel(x: 10, y: 10), Color(255, 0, 0), within: 0))
    }

    @Test func fractionalEdgesRoundWithoutGaps() throws {
        let frame = try OffscreenFrame(width: 30, height: 10)
        frame.render([
            .fill(Rect(x: 0, y: 0, width: 10.4, height: 10), Color(255, 0, 0)),
            .fill(Rect(x: 10.4, y: 0, width: 10.3, height: 10), Color(0, 255, 0)),
        ], background: Color(0, 0, 0))
        let image = frame.image()
        for x in 0..<21 { #expect(max(image.pixel(x: x, y: 5).r, image.pixel(x: x, y: 5).g) == 255, "gap at \(x)") }
    }

    @Test func clipRestrictsAndLifts() throws {
        let frame = try OffscreenFrame(width: 40, height: 40)
        let all = Rect(x: 0, y: 0, width: 40, height: 40)
        frame.render([
            .clip(Rect(x: 10, y: 10, width: 10, height: 10)),
            .fill(all, Color(255, 255, 255)),
            .clip(nil),
            .fill(Rect(x: 30, y: 30, width: 5, height: 5), Color(0, 0, 255)),
        ], background: Color(0, 0, 0))
        let image = frame.image()
        #expect(close(image.pixel(x: 10, y: 10), Color(255, 255, 255), within: 0))
        #expect(close(image.pixel(x: 19, y: 19), Color(255, 255, 255), within: 0))
        #expect(close(image.pixel(x: 20, y: 20), Color(0, 0, 0), within: 0))
        #expect(close(image.pixel(x: 5, y: 5), Color(0, 0, 0), within: 0))
        #expect(close(image.pixel(x: 32, y: 32), Color(0, 0, 255), within: 0))
    }

    @Test func emptyClipHidesEverything() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        frame.render([
            .clip(Rect(x: 5, y: 5, width: 0, height: 0)),
            .fill(Rect(x: 0, y: 0, width: 20, height: 20), Color(255, 255, 255)),
            .text("Ảnh", x: 0, y: 0, font: FontSpec(size: 12), color: Color(255, 255, 255), maxWidth: nil),
        ], background: Color(0, 0, 0))
        #expect(frame.image().litPixels(x: 0..<20, y: 0..<20) == 0)
    }

    @Test func eachFrameStartsClearAndUnclipped() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        frame.render([.clip(Rect(x: 0, y: 0, width: 2, height: 2))], background: Color(9, 9, 9))
        frame.render([.fill(Rect(x: 0, y: 0, width: 20, height: 20), Color(200, 0, 0))], background: Color(0, 0, 0))
        #expect(close(frame.image().pixel(x: 15, y: 15), Color(200, 0, 0), within: 0))
    }

    @Test func textTexturesAreReusedAndBounded() throws {
        let frame = try OffscreenFrame(width: 200, height: 40)
        frame.canvas.maxTextEntries = 20
        let font = FontSpec(size: 14)
        for _ in 0..<3 {
            frame.render([.text("Trong tuần", x: 0, y: 0, font: font, color: Color(255, 255, 255), maxWidth: nil)],
                         background: Color(0, 0, 0))
        }
        #expect(frame.canvas.statistics.textTextures == 1)
        for i in 0..<100 {
            frame.render([.text("Tổng số \(i)", x: 0, y: 0, font: font, color: Color(255, 255, 255), maxWidth: nil)],
                         background: Color(0, 0, 0))
            #expect(frame.canvas.statistics.textTextures <= 20)
        }
        // A frame with more strings than the bound keeps them all while it draws.
        let many = (0..<30).map { DrawCommand.text("Dòng \($0)", x: 0, y: 0, font: font, color: Color(255, 255, 255), maxWidth: nil) }
        frame.render(many, background: Color(0, 0, 0))
        #expect(frame.canvas.statistics.textTextures >= 30)
    }

    @Test func largeTranslucentFillCoversExactlyItsRectangle() throws {
        // Bigger than one fill tile and not a multiple of it, inside a clip.
        let frame = try OffscreenFrame(width: 700, height: 600)
        frame.render([
            .clip(Rect(x: 0, y: 0, width: 650, height: 600)),
            .fill(Rect(x: 5, y: 7, width: 700, height: 530), Color(0, 0, 0, 184)),
        ], background: Color(200, 200, 200))
        let image = frame.image()
        let dimmed = Color(56, 56, 56)   // 200 · (1 − 184/255) ≈ 55.7
        for (x, y) in [(5, 7), (260, 262), (517, 400), (649, 536)] {
            #expect(close(image.pixel(x: x, y: y), dimmed, within: 2), "\(x),\(y): \(image.pixel(x: x, y: y))")
        }
        for (x, y) in [(4, 7), (5, 6), (650, 300), (300, 537), (699, 599)] {
            #expect(close(image.pixel(x: x, y: y), Color(200, 200, 200), within: 0), "\(x),\(y) should be untouched")
        }
        // Two colours, then the first again: each keeps its own colour.
        frame.render([.fill(Rect(x: 0, y: 0, width: 10, height: 10), Color(255, 0, 0, 128)),
                      .fill(Rect(x: 10, y: 0, width: 10, height: 10), Color(0, 255, 0, 128)),
                      .fill(Rect(x: 20, y: 0, width: 10, height: 10), Color(255, 0, 0, 128))], background: Color(0, 0, 0))
        #expect(close(frame.image().pixel(x: 25, y: 5), Color(128, 0, 0), within: 2))
        #expect(close(frame.image().pixel(x: 15, y: 5), Color(0, 128, 0), within: 2))
    }

    @Test func colouredTextOnTheSoftwareRendererKeepsEachColour() throws {
        let frame = try OffscreenFrame(width: 200, height: 40)
        let font = FontSpec(size: 24, weight: .bold)
        for color in [Color(255, 0, 0), Color(0, 0, 255), Color(255, 0, 0)] {
            frame.render([.text("Hằng", x: 2, y: 2, font: font, color: color, maxWidth: nil)], background: Color(0, 0, 0))
            let image = frame.image()
            var strongest = (r: UInt8(0), g: UInt8(0), b: UInt8(0), a: UInt8(0))
            for y in 0..<40 { for x in 0..<200 where max(image.pixel(x: x, y: y).r, image.pixel(x: x, y: y).b) > max(strongest.r, strongest.b) {
                strongest = image.pixel(x: x, y: y)
            } }
            #expect(close(strongest, color, within: 8), "\(color): \(strongest)")
        }
        // Half-transparent text is dimmer than opaque text of the same colour.
        frame.render([.text("Hằng", x: 2, y: 2, font: font, color: Color(255, 255, 255, 100), maxWidth: nil)], background: Color(0, 0, 0))
        #expect(frame.image().litPixels(x: 0..<200, y: 0..<40, threshold: 120) == 0)
        #expect(frame.image().litPixels(x: 0..<200, y: 0..<40, threshold: 60) > 20)
    }

    @Test func nonsenseGeometryDrawsNothingAndDoesNotCrash() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        let nan = Double.nan, inf = Double.infinity
        frame.render([
            .fill(Rect(x: nan, y: 0, width: 10, height: 10), Color(255, 0, 0)),
            .fill(Rect(x: 0, y: 0, width: inf, height: -5), Color(255, 0, 0)),
            .text("Ảnh", x: nan, y: inf, font: FontSpec(size: 12), color: Color(255, 255, 255), maxWidth: nan),
            .text("Ảnh", x: 0, y: 0, font: FontSpec(size: 0), color: Color(255, 255, 255), maxWidth: -3),
            .image(ImageRef(path: "/nonexistent.png"), rect: Rect(x: 0, y: 0, width: nan, height: 4), fit: .contain, opacity: nan),
            .clip(Rect(x: inf, y: nan, width: 1, height: 1)),
            .prefetch(ImageRef(path: "/nonexistent.png"), width: -1, height: Int.max),
            .clip(nil),
            .text("", x: 0, y: 0, font: FontSpec(size: 12), color: Color(255, 255, 255), maxWidth: nil),
        ], background: Color(0, 0, 0))
        #expect(frame.image().litPixels(x: 0..<20, y: 0..<20) == 0)
    }
}
