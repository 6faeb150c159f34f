import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The canvas's own pixel loops (translucent fills, pictures at an opacity, linear scaling, the
/// still layer kept as a copy) against SDL drawing the same frames: the same pixels, to the bit.
@Suite struct DirectPixelsTests {
    /// Renders each frame on two canvases, one drawing directly and one through SDL alone, and
    /// expects identical pictures.
    func expectSame(width: Int, height: Int, frames: [(still: [DrawCommand], moving: [DrawCommand])],
                    background: Color = Color(0x2A, 0x5C, 0x9E), brightness: Double = 1,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let direct = try OffscreenFrame(width: width, height: height)
        let sdl = try OffscreenFrame(width: width, height: height)
        sdl.canvas.directPixels = false
        direct.pictureBrightness = brightness
        sdl.pictureBrightness = brightness
        for (i, frame) in frames.enumerated() {
            direct.render(frame.still, moving: frame.moving, background: background)
            sdl.render(frame.still, moving: frame.moving, background: background)
            let (count, largest) = GoldenFrame.differences(direct.pixels(), sdl.pixels(), channelTolerance: 0)
            #expect(count == 0, "frame \(i): \(count) pixels differ, by up to \(largest)", sourceLocation: sourceLocation)
            if count > 0 {
                try? direct.writePNG(to: artifactFolder + "/direct-\(i).png")
                try? sdl.writePNG(to: artifactFolder + "/sdl-\(i).png")
            }
        }
    }

    /// A busy picture: every channel and neighbour differs, so any rounding or offset shows.
    func photo(_ name: String, width: Int, height: Int) throws -> ImageRef {
        let path = try temporaryFolder(name) + "/\(name).png"
        try TestPicture.writePNG(path, width: width, height: height) { x, y in
            Color(UInt8((x * 7 + y * 3) % 256), UInt8((x * x + y * 5) % 256), UInt8((x ^ y) * 13 % 256))
        }
        return ImageRef(path: path, kind: .photo)
    }

    /// A background with every value in it, for the blends to work on.
    let gradient: [DrawCommand] = (0..<64).map { (i: Int) -> DrawCommand in
        let color = Color(UInt8(i * 4), UInt8(255 - i * 4), UInt8(i * 17 % 256))
        return .fill(Rect(x: 0, y: Double(i) * 5, width: 400, height: 5), color)
    }

    @Test func translucentFillsEveryAlpha() throws {
        var frames: [(still: [DrawCommand], moving: [DrawCommand])] = []
        for alpha in stride(from: 1, through: 254, by: 11) {
            frames.append((gradient + [.fill(Rect(x: 3, y: 7, width: 389, height: 301), Color(0xF4, 0xEF, 0xE6, UInt8(alpha))),
                                       .clip(Rect(x: 50, y: 40, width: 120, height: 90)),
                                       .fill(Rect(x: 0, y: 0, width: 400, height: 320), Color(0, 0, 0, UInt8(255 - alpha))),
                                       .clip(nil)], []))
        }
        try expectSame(width: 400, height: 320, frames: frames)
    }

    @Test func picturesAtTheirSizeAndAtAnOpacity() throws {
        let picture = try photo("same", width: 230, height: 170)
        var frames: [(still: [DrawCommand], moving: [DrawCommand])] = []
        for opacity in [1, 0.999, 0.5, 0.37, 0.02, 0.0001] {
            frames.append((gradient, [.clip(Rect(x: 10, y: 10, width: 300, height: 200)),
                                      .image(picture, rect: Rect(x: 20, y: 15, width: 230, height: 170), fit: .cover, opacity: opacity),
                                      // Cut by the clip and by the screen's edge.
                                      .image(picture, rect: Rect(x: 200, y: 150, width: 230, height: 170), fit: .cover, opacity: opacity),
                                      .clip(nil),
                                      .image(picture, rect: Rect(x: 250, y: -40, width: 230, height: 170), fit: .cover, opacity: opacity)]))
        }
        try expectSame(width: 400, height: 320, frames: frames)
    }

    @Test func scaledPicturesGrowShrinkAndRunOffTheScreen() throws {
        let small = try photo("small", width: 61, height: 47)
        let large = try photo("large", width: 900, height: 700)
        var frames: [(still: [DrawCommand], moving: [DrawCommand])] = []
        // A Ken Burns zoom: bigger than the screen, a little more each frame, at an opacity.
        for step in 0..<6 {
            let zoom = 1 + Double(step) * 0.031
            let rect = Rect(x: -13.3 * Double(step), y: -7.7 * Double(step), width: 400 * zoom, height: 320 * zoom)
            frames.append((gradient, [.clip(Rect(x: 0, y: 0, width: 400, height: 320)),
                                      .image(large, rect: rect, fit: .cover, opacity: 1),
                                      .image(small, rect: rect, fit: .contain, opacity: 0.2 + Double(step) * 0.15),
                                      .clip(nil)]))
        }
        // Scaled inside the clip (twice in a row: the second draws the scaled copy), and up.
        for _ in 0..<2 {
            frames.append((gradient, [.image(large, rect: Rect(x: 11, y: 9, width: 333.3, height: 201), fit: .cover, opacity: 1),
                                      .image(small, rect: Rect(x: 30, y: 200, width: 250, height: 110), fit: .cover, opacity: 0.6),
                                      .image(small, rect: Rect(x: 300, y: 10, width: 90, height: 300), fit: .contain, opacity: 1)]))
        }
        // Cut by a clip inside the screen: SDL scales only the part that shows, so SDL draws it.
        frames.append((gradient, [.clip(Rect(x: 40, y: 40, width: 100, height: 100)),
                                  .image(large, rect: Rect(x: 11, y: 9, width: 333.3, height: 201), fit: .cover, opacity: 0.7),
                                  .clip(nil)]))
        try expectSame(width: 400, height: 320, frames: frames)
    }

    @Test func theStillLayerAndTheMovingOneAsTheTickerAndACrossfadeUseThem() throws {
        let a = try photo("a", width: 260, height: 180), b = try photo("b", width: 255, height: 190)
        let panel = Rect(x: 10, y: 10, width: 260, height: 180)
        func crossfade(_ fade: Double) -> [DrawCommand] {
            [.fill(panel, Color(0x1A, 0x16, 0x14)), .clip(panel),
             .image(a, rect: panel, fit: .cover, opacity: 1), .image(b, rect: panel, fit: .cover, opacity: fade), .clip(nil)]
        }
        func ticker(_ x: Double) -> [DrawCommand] {
            [.fill(Rect(x: 0, y: 290, width: 400, height: 30), Color(0x6E, 0x10, 0x10)),
             .text("Tin nóng: Hội nghị tổng kết năm 2024", x: x, y: 292, font: FontSpec(size: 16), color: Color(255, 255, 255), maxWidth: nil)]
        }
        let still = gradient + [.text("Thư viện ảnh", x: 290, y: 20, font: FontSpec(size: 18, weight: .bold), color: Color(255, 255, 255), maxWidth: 100)]
        var frames: [(still: [DrawCommand], moving: [DrawCommand])] = []
        for i in 0..<8 { frames.append((still, crossfade(Double(i) / 8) + ticker(300 - Double(i) * 7))) }
        // The fade ends: the photo goes into the still layer; then a scene fade's veil over both layers.
        frames.append((still + [.image(b, rect: panel, fit: .cover, opacity: 1)], ticker(200)))
        for veil in [0.1, 0.6, 1] {
            frames.append((still + [.image(b, rect: panel, fit: .cover, opacity: 1)],
                           ticker(190) + [.fill(Rect(x: 0, y: 0, width: 400, height: 320), Color(0xF4, 0xEF, 0xE6).withOpacity(veil))]))
        }
        try expectSame(width: 400, height: 320, frames: frames)
    }

    /// Full-screen passes run as two bands of rows on two cores (PixelPlane.bandsFrom): the
    /// bands must meet without a seam, scaled (Ken Burns, with a fade) and mixed (a crossfade).
    @Test func fullScreenPassesInTwoBandsAreTheSamePixels() throws {
        let a = try photo("wide-a", width: 1030, height: 620), b = try photo("wide-b", width: 1000, height: 560)
        let c = try photo("wide-c", width: 1000, height: 600)   // cropped by 20 rows: unscaled, other pixels than b
        let screen = Rect(x: 0, y: 0, width: 1000, height: 560)
        #expect(1000 * 560 >= PixelPlane.bandsFrom)
        var frames: [(still: [DrawCommand], moving: [DrawCommand])] = []
        for fade in [0.0, 0.3, 0.8] {
            // A crossfade at the pictures' own size: one mix.
            frames.append(([], [.image(c, rect: screen, fit: .cover, opacity: 1), .image(b, rect: screen, fit: .cover, opacity: fade)]))
            // Ken Burns: both scaled, the new one blended while scaled.
            let zoom = Rect(x: -13 * fade, y: -7, width: 1000 * (1.07 + fade / 20), height: 560 * 1.08)
            frames.append(([], [.image(a, rect: zoom, fit: .cover, opacity: 1), .image(b, rect: zoom, fit: .cover, opacity: fade)]))
        }
        try expectSame(width: 1000, height: 560, frames: frames)
    }

    @Test func nightDimmedPicturesAreLeftToSDL() throws {
        let picture = try photo("night", width: 200, height: 150)
        let moving: [DrawCommand] = [.image(picture, rect: Rect(x: 5, y: 5, width: 200, height: 150), fit: .cover, opacity: 0.5),
                                     .image(picture, rect: Rect(x: 100, y: 100, width: 290, height: 210), fit: .cover, opacity: 1)]
        try expectSame(width: 400, height: 320, frames: [(gradient, moving)], brightness: 0.7)
    }
}
