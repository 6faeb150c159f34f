import CSDL2
import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The still layer: drawn once, reused while unchanged, the same pixels as drawing everything.
@Suite struct StillLayerTests {
    func still(_ caption: String, photo: String) -> [DrawCommand] {
        [
            .fill(Rect(x: 0, y: 0, width: 320, height: 40), Color(0x9E, 0x1B, 0x1B)),
            .text(caption, x: 8, y: 8, font: FontSpec(size: 18, weight: .bold), color: Color(255, 255, 255), maxWidth: 300),
            .clip(Rect(x: 20, y: 50, width: 200, height: 100)),
            .image(ImageRef(path: photo), rect: Rect(x: 20, y: 50, width: 200, height: 100), fit: .cover, opacity: 1),
            .fill(Rect(x: 20, y: 50, width: 200, height: 100), Color(0x1A, 0x16, 0x14, 180)),
            .image(ImageRef(path: photo), rect: Rect(x: 20, y: 50, width: 200, height: 100), fit: .contain, opacity: 1),
            .clip(nil),
        ]
    }

    func moving(_ x: Double) -> [DrawCommand] {
        [.fill(Rect(x: 0, y: 160, width: 320, height: 20), Color(0x6E, 0x10, 0x10)),
         .text("Tin nóng: Hội nghị tổng kết năm 2024", x: x, y: 161, font: FontSpec(size: 14), color: Color(255, 255, 255), maxWidth: nil)]
    }

    /// Draws `still` with `moving` over it through the still layer on `layered` and all at once
    /// on `flat`, and expects the same pixels.
    func drawBoth(_ layered: OffscreenFrame, _ flat: OffscreenFrame, still: [DrawCommand], moving: [DrawCommand],
                  background: Color, frame i: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        layered.render(still, moving: moving, background: background)
        flat.render(still + moving, background: background)
        let (count, largest) = GoldenFrame.differences(layered.pixels(), flat.pixels(), channelTolerance: 2)
        #expect(count == 0, "frame \(i): \(count) pixels differ, by up to \(largest)", sourceLocation: sourceLocation)
    }

    @Test func layeredFramesEqualFlatFrames() throws {
        let photo = try temporaryFolder() + "/photo.png"
        try TestPicture.writePNG(photo, width: 300, height: 300) { x, y in Color(UInt8(x % 256), UInt8(y % 256), 90) }
        let layered = try OffscreenFrame(width: 320, height: 180)
        let flat = try OffscreenFrame(width: 320, height: 180)
        let background = Color(0xF4, 0xEF, 0xE6)
        for (i, caption) in ["Thư viện ảnh", "Thư viện ảnh", "Thư viện ảnh", "Bằng khen", "Bằng khen"].enumerated() {
            let x = 300 - Double(i) * 40
            drawBoth(layered, flat, still: still(caption, photo: photo), moving: moving(x), background: background, frame: i)
        }
    }

    @Test func onlyTheMovingRegionIsRedrawnAndReported() throws {
        let photo = try temporaryFolder() + "/photo.png"
        try TestPicture.writePNG(photo, width: 64, height: 64) { _, _ in Color(40, 120, 40) }
        let layered = try OffscreenFrame(width: 320, height: 180)
        let flat = try OffscreenFrame(width: 320, height: 180)
        let background = Color(0xF4, 0xEF, 0xE6)
        let badge: [DrawCommand] = [.fill(Rect(x: 250, y: 60, width: 40, height: 40), Color(0, 0, 200))]
        // Frames: first, ticker moved, a badge appears, the badge and the ticker go, caption changes.
        let frames: [(String, [DrawCommand])] = [
            ("Thư viện ảnh", moving(300)), ("Thư viện ảnh", moving(260)), ("Thư viện ảnh", moving(220) + badge),
            ("Thư viện ảnh", []), ("Thư viện ảnh", []), ("Bằng khen", moving(100)),
        ]
        for (i, (caption, moves)) in frames.enumerated() {
            drawBoth(layered, flat, still: still(caption, photo: photo), moving: moves, background: background, frame: i)
            let damage = layered.canvas.damage
            switch i {
            case 0, 5:
                #expect(damage == nil, "frame \(i): a new layer is a whole new frame")
            case 1:
                let r = try #require(damage)
                #expect(r.y >= 150 && r.h <= 40 && r.w <= 320, "frame 1: \(r)")
            case 2:
                let r = try #require(damage)
                #expect(r.y <= 60 && r.y + r.h >= 180, "frame 2 covers the badge and the ticker: \(r)")
            case 4:
                #expect(damage.map { $0.w == 0 || $0.h == 0 } == true, "frame 4 changed nothing: \(String(describing: damage))")
            default:
                #expect(damage != nil)
            }
        }
    }

    /// A moving region drawn from the same commands as in the last frame (the ticker's label
    /// box beside its scrolling lane, a crossfade between two of its steps) is left alone and
    /// not reported, while every frame still equals drawing everything.
    @Test func aMovingRegionDrawnAsInTheLastFrameIsLeftAlone() throws {
        let folder = try temporaryFolder()
        let before = folder + "/before.png", after = folder + "/after.png"
        try TestPicture.writePNG(before, width: 60, height: 60) { x, y in Color(UInt8(x * 4), UInt8(y * 4), 90) }
        try TestPicture.writePNG(after, width: 60, height: 60) { x, _ in Color(200, UInt8(x * 4), 30) }
        let layered = try OffscreenFrame(width: 320, height: 180)
        let flat = try OffscreenFrame(width: 320, height: 180)
        let background = Color(0xF4, 0xEF, 0xE6)
        let label = Rect(x: 0, y: 160, width: 80, height: 20), lane = Rect(x: 80, y: 160, width: 240, height: 20)
        let panel = Rect(x: 240, y: 50, width: 60, height: 60)
        func box(_ color: Color) -> [DrawCommand] {
            [.fill(label, color), .text("Tin nóng", x: 4, y: 162, font: FontSpec(size: 12, weight: .bold), color: Color(255, 255, 255), maxWidth: nil)]
        }
        func ticker(_ x: Double) -> [DrawCommand] {
            [.clip(lane), .fill(lane, Color(0x6E, 0x10, 0x10)),
             .text("Hội nghị tổng kết năm 2024", x: x, y: 161, font: FontSpec(size: 14), color: Color(255, 255, 255), maxWidth: nil),
             .clip(nil)]
        }
        func fade(_ opacity: Double) -> [DrawCommand] {
            [.image(ImageRef(path: before, kind: .photo), rect: panel, fit: .cover, opacity: 1),
             .image(ImageRef(path: after, kind: .photo), rect: panel, fit: .cover, opacity: opacity)]
        }
        let red = Color(0x9E, 0x1B, 0x1B), blue = Color(0x1B, 0x1B, 0x9E)
        // Frames, and the regions each must report: a first frame (everything); the ticker
        // moves beside the same label and fade step; nothing changes; the fade steps; the label
        // changes colour; the label goes (its region must be restored from the layer).
        let frames: [(moving: [DrawCommand], reported: [Rect]?)] = [
            (box(red) + ticker(300) + fade(0.25), nil),
            (box(red) + ticker(260) + fade(0.25), [lane]),
            (box(red) + ticker(260) + fade(0.25), []),
            (box(red) + ticker(260) + fade(0.5), [panel]),
            (box(blue) + ticker(220) + fade(0.5), [label, lane]),
            (ticker(200) + fade(0.5), [label, lane]),
        ]
        let still = still("Thư viện ảnh", photo: before)
        for (i, frame) in frames.enumerated() {
            drawBoth(layered, flat, still: still, moving: frame.moving, background: background, frame: i)
            let reported = layered.canvas.damageRegions
            guard let expected = frame.reported else {
                #expect(reported == nil, "frame \(i): the first frame is a whole new frame")
                continue
            }
            let got = try #require(reported, "frame \(i)")
            // Each expected area is reported, and nothing reported lies outside them (text's
            // margins may reach a few pixels past a box).
            for area in expected {
                let r = ImageFitting.pixels(area)
                #expect(got.contains { Damage.intersection($0, r) != nil }, "frame \(i): \(area) not reported in \(got)")
            }
            for r in got {
                let inside = expected.contains { area in
                    let a = ImageFitting.pixels(area)
                    return Damage.contains(SDL_Rect(x: a.x - 8, y: a.y - 8, w: a.w + 16, h: a.h + 16), r)
                }
                #expect(inside, "frame \(i): \(r) reported, expected only \(expected)")
            }
        }
    }

    /// A moving layer that covers the whole screen with an opaque fill first (the gallery's
    /// crossfade) hides the still layer: it is not drawn until a frame lets it show, and every
    /// frame still equals drawing everything.
    @Test func aStillLayerHiddenUnderTheMovingOneIsDrawnOnlyWhenItShows() throws {
        let photo = try temporaryFolder() + "/photo.png"
        try TestPicture.writePNG(photo, width: 64, height: 64) { _, _ in Color(40, 120, 40) }
        let layered = try OffscreenFrame(width: 320, height: 180)
        let flat = try OffscreenFrame(width: 320, height: 180)
        let background = Color(0xF4, 0xEF, 0xE6)
        let cover: [DrawCommand] = [.fill(Rect(x: 0, y: 0, width: 320, height: 180), Color(0x1A, 0x16, 0x14)),
                                    .fill(Rect(x: 10, y: 10, width: 100, height: 60), Color(200, 30, 30, 128))]
        // Frames: a layer is drawn; the caption changes under a cover (hidden: no redraw); the
        // cover stays; the cover goes (the new caption must show, so the layer is drawn).
        let frames: [(String, [DrawCommand], redrawn: Bool)] = [
            ("Thư viện ảnh", moving(300), true), ("Bằng khen", cover, false), ("Bằng khen", cover, false),
            ("Bằng khen", moving(200), true), ("Bằng khen", moving(180), false),
        ]
        for (i, frame) in frames.enumerated() {
            let before = layered.canvas.layerRedraws
            drawBoth(layered, flat, still: still(frame.0, photo: photo), moving: frame.1, background: background, frame: i)
            #expect((layered.canvas.layerRedraws > before) == frame.redrawn, "frame \(i): redrawn \(layered.canvas.layerRedraws > before)")
            if frame.1 == cover { #expect(layered.canvas.damage == nil, "frame \(i): a covering frame is a whole new frame") }
        }
    }

    /// Draws until the loader has nothing in flight (decodes run on its queue), at most 10 s.
    private func settle(_ frame: OffscreenFrame, _ draw: () -> Void) {
        let deadline = Date(timeIntervalSinceNow: 10)
        repeat {
            draw()
            usleep(2000)
        } while frame.images.statistics.pending > 0 && Date() < deadline
        draw()
    }

    /// A picture the still layer only asks for ahead (the next photo), asked for or decoded,
    /// leaves the layer alone: redrawing the whole lobby for it made the first frame of every
    /// crossfade cost a full frame. A decode of a picture the layer shows redraws it.
    @Test func theLayerIsRedrawnOnlyForThePicturesItShows() throws {
        let folder = try temporaryFolder()
        let shown = folder + "/shown.png", ahead = folder + "/ahead.png"
        try TestPicture.writePNG(shown, width: 64, height: 64) { _, _ in Color(40, 120, 40) }
        try TestPicture.writePNG(ahead, width: 64, height: 64) { _, _ in Color(200, 40, 40) }
        let frame = try OffscreenFrame(width: 160, height: 100, synchronousImages: false)
        let background = Color(0xF4, 0xEF, 0xE6)
        let still: [DrawCommand] = [
            .fill(Rect(x: 0, y: 0, width: 160, height: 100), background),
            .image(ImageRef(path: shown, kind: .photo), rect: Rect(x: 0, y: 0, width: 100, height: 100), fit: .cover, opacity: 1),
        ]
        #expect(Canvas.drawTheSame(still + [.prefetch(ImageRef(path: ahead), width: 1, height: 1)], [.prefetch(ImageRef(path: shown), width: 2, height: 2)] + still))
        #expect(!Canvas.drawTheSame(still, Array(still.dropLast())))
        let moving: [DrawCommand] = [.fill(Rect(x: 110, y: 0, width: 50, height: 20), Color(0, 0, 0))]
        settle(frame) { frame.render(still, moving: moving, background: background) }
        #expect(frame.pixels()[(50 * 160 + 50) * 4 + 1] == 120, "the shown photo is in the layer")

        // Asking ahead changes no pixel: the layer stays, the request is made, and its decode
        // finishing leaves the layer alone too.
        let redraws = frame.canvas.layerRedraws
        let ahead1 = still + [.prefetch(ImageRef(path: ahead, kind: .photo), width: 100, height: 100)]
        frame.render(ahead1, moving: moving, background: background)
        settle(frame) { frame.render(ahead1, moving: moving, background: background, stillUnchanged: true) }
        #expect(frame.images.isReady(ImageRef(path: ahead, kind: .photo)))
        #expect(frame.canvas.layerRedraws == redraws, "the photo asked for ahead decoded without a redraw")

        // The shown photo is replaced and decoded again: the layer shows the new one.
        try TestPicture.writePNG(shown + ".new", width: 64, height: 64) { _, _ in Color(20, 20, 220) }
        #expect(rename(shown + ".new", shown) == 0)
        frame.images.filesMayHaveChanged()
        settle(frame) { frame.render(ahead1, moving: moving, background: background, stillUnchanged: true) }
        #expect(frame.canvas.layerRedraws > redraws)
        #expect(frame.pixels()[(50 * 160 + 50) * 4 + 2] == 220, "the replaced photo is on screen")
    }

    /// The gallery opening full screen asks for the lobby's photo as a slide of another size,
    /// which takes a while to compose: the lobby's slide stands in meanwhile, so the first frame
    /// shows the photo, not an empty panel.
    @Test func aSlideOfAnotherSizeStandsInWhileItsOwnIsComposed() throws {
        let photo = try temporaryFolder() + "/portrait.png"
        try TestPicture.writePNG(photo, width: 60, height: 120) { _, _ in Color(200, 180, 40) }
        let frame = try OffscreenFrame(width: 320, height: 180, synchronousImages: false)
        let background = Color(0x10, 0x10, 0x10)
        let veil = Color(0x1A, 0x16, 0x14, 115)
        func slide(_ area: Rect) -> DrawCommand {
            .image(ImageRef(path: photo, kind: .slide(SlideLayout(area: area, veil: veil))), rect: area, fit: .cover, opacity: 1)
        }
        let small = Rect(x: 0, y: 0, width: 160, height: 90), whole = Rect(x: 0, y: 0, width: 320, height: 180)
        settle(frame) { frame.render([.fill(whole, background), slide(small)], background: background) }
        let wholeRef = ImageRef(path: photo, kind: .slide(SlideLayout(area: whole, veil: veil)))
        #expect(frame.images.isReady(wholeRef), "ready at once: the small slide stands in")
        frame.render([.fill(whole, background), slide(whole)], background: background)
        // The photo's yellow in the middle of the screen, on the very first frame.
        let pixels = frame.pixels(), middle = (90 * 320 + 160) * 4
        #expect(pixels[middle] > 100 && pixels[middle + 1] > 100, "the photo shows: \(pixels[middle..<middle + 3])")
        // Once its own slide is composed, that one is drawn and the stand-in let go.
        settle(frame) { frame.render([.fill(whole, background), slide(whole)], background: background) }
        #expect(frame.images.statistics.residentImages == 1)
    }
}
