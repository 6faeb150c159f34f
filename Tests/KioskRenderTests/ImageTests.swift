import CSDL2
import Foundation
import KioskCore
import KioskData
@testable import KioskRender
import Testing

/// Decoding, fitting, failure memory and the memory bound of pictures.
@Suite struct ImageTests {
    static let backdrop = Color(0, 0, 0)
    static let red = Color(220, 30, 30)
    static let blue = Color(30, 30, 220)

    /// A 400×200 picture, red left half and blue right half, drawn into a 100×100 square:
    /// cover crops the middle 200×200 (half red, half blue, no bands); contain shows it all at
    /// 100×50 with black bands above and below.
    func checkFits(_ path: String, within: Int) throws {
        let frame = try OffscreenFrame(width: 100, height: 100)
        let rect = Rect(x: 0, y: 0, width: 100, height: 100)
        let ref = ImageRef(path: path)

        frame.render([.image(ref, rect: rect, fit: .cover, opacity: 1)], background: Self.backdrop)
        var image = frame.image()
        #expect(close(image.pixel(x: 25, y: 2), Self.red, within: within), "cover top-left \(image.pixel(x: 25, y: 2))")
        #expect(close(image.pixel(x: 75, y: 97), Self.blue, within: within), "cover bottom-right \(image.pixel(x: 75, y: 97))")
        #expect(close(image.pixel(x: 25, y: 50), Self.red, within: within))

        frame.render([.image(ref, rect: rect, fit: .contain, opacity: 1)], background: Self.backdrop)
        image = frame.image()
        #expect(close(image.pixel(x: 50, y: 10), Self.backdrop, within: 0), "band above \(image.pixel(x: 50, y: 10))")
        #expect(close(image.pixel(x: 50, y: 90), Self.backdrop, within: 0), "band below")
        #expect(close(image.pixel(x: 12, y: 50), Self.red, within: within), "contain left \(image.pixel(x: 12, y: 50))")
        #expect(close(image.pixel(x: 88, y: 50), Self.blue, within: within), "contain right")
        #expect(close(image.pixel(x: 50, y: 27), Self.red, within: 60) || close(image.pixel(x: 50, y: 27), Self.blue, within: 60))

        // Half opacity over white: half-way colours.
        frame.render([.image(ref, rect: rect, fit: .cover, opacity: 0.5)], background: Color(255, 255, 255))
        #expect(close(frame.image().pixel(x: 25, y: 50), Color(237, 142, 142), within: within + 3), "\(frame.image().pixel(x: 25, y: 50))")
    }

    @Test func pngCoverAndContain() throws {
        let path = try temporaryFolder() + "/halves.png"
        try TestPicture.writePNG(path, width: 400, height: 200) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        try checkFits(path, within: 3)
    }

    @Test func jpegCoverAndContain() throws {
        let path = try temporaryFolder() + "/halves.jpg"
        try TestPicture.writeJPEG(path, width: 400, height: 200) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        try checkFits(path, within: 14)
    }

    @Test func translucentPngBlends() throws {
        let path = try temporaryFolder() + "/glass.png"
        try TestPicture.writePNG(path, width: 10, height: 10, alpha: true) { _, _ in Color(0, 0, 255, 128) }
        let frame = try OffscreenFrame(width: 10, height: 10)
        frame.render([.image(ImageRef(path: path), rect: Rect(x: 0, y: 0, width: 10, height: 10), fit: .cover, opacity: 1)],
                     background: Color(255, 0, 0))
        #expect(close(frame.image().pixel(x: 5, y: 5), Color(127, 0, 128), within: 3), "\(frame.image().pixel(x: 5, y: 5))")
    }

    @Test func decodesNoBiggerThanShown() throws {
        let path = try temporaryFolder() + "/big.png"
        try TestPicture.writePNG(path, width: 1600, height: 800) { TestPicture.halves(x: $0, y: $1, width: 1600, height: 800) }
        let picture = try ImageDecoder.decode(path: path, width: 100, height: 100)
        defer { SDL_FreeSurface(picture.surface) }
        // Enough to cover 100×100 when cropped: 200×100, proportions kept.
        #expect(picture.width == 200 && picture.height == 100)
        #expect(picture.sourceWidth == 1600 && picture.sourceHeight == 800)
        #expect(!picture.hasAlpha)
        #expect(picture.surface.pointee.format.pointee.format == SDL_PIXELFORMAT_RGB888.rawValue)
        // Never enlarged.
        let small = try ImageDecoder.decode(path: path, width: 4000, height: 4000)
        defer { SDL_FreeSurface(small.surface) }
        #expect(small.width == 1600 && small.height == 800)
        #expect(ImageDecoder.targetSize(sourceWidth: 6000, sourceHeight: 4000, boxWidth: 1920, boxHeight: 1080) == (1920, 1280))
        #expect(ImageDecoder.targetSize(sourceWidth: 3000, sourceHeight: 4000, boxWidth: 1920, boxHeight: 1080) == (1920, 2560))
    }

    @Test func shrinkingFineDetailDoesNotAlias() throws {
        // One-pixel black and white stripes shrunk 8×: a box filter gives even grey; sampling
        // one pixel in eight would give solid black or white.
        let path = try temporaryFolder() + "/stripes.png"
        try TestPicture.writePNG(path, width: 800, height: 800) { x, _ in x % 2 == 0 ? Color(0, 0, 0) : Color(255, 255, 255) }
        let picture = try ImageDecoder.decode(path: path, width: 100, height: 100)
        defer { SDL_FreeSurface(picture.surface) }
        let image = try SurfacePNG.rgba(picture.surface)
        for (x, y) in [(0, 0), (13, 40), (50, 50), (99, 99)] {
            #expect(close(image.pixel(x: x, y: y), Color(128, 128, 128), within: 3), "\(x),\(y): \(image.pixel(x: x, y: y))")
        }
    }

    @Test func exifOrientationIsRead() {
        func jpeg(orientation: UInt16, bigEndian: Bool) -> [UInt8] {
            let o: [UInt8] = bigEndian ? [UInt8(orientation >> 8), UInt8(orientation & 0xFF)] : [UInt8(orientation & 0xFF), UInt8(orientation >> 8)]
            let tiff: [UInt8] = (bigEndian ? [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]
                                           : [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0]) + o + [0, 0, 0, 0, 0, 0]
            let app1: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
            let length = app1.count + 2
            // A baseline frame header (SOF0, 40×30, 3 components) after it: the header needs a size.
            let sof: [UInt8] = [0xFF, 0xC0, 0, 17, 8, 0, 30, 0, 40, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
            return [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + app1 + sof + [0xFF, 0xDA]
        }
        // The decoder turns pictures by the orientation ImageHeader reads (1 when it reads none).
        func orientation(_ bytes: [UInt8]) -> Int { (try? ImageHeader.parse(bytes))?.orientation ?? 1 }
        #expect(orientation(jpeg(orientation: 6, bigEndian: true)) == 6)
        #expect(orientation(jpeg(orientation: 8, bigEndian: false)) == 8)
        #expect(orientation(jpeg(orientation: 42, bigEndian: false)) == 1)
        #expect(orientation([0x89, 0x50, 0x4E, 0x47]) == 1)
        #expect(orientation([0xFF, 0xD8, 0xFF]) == 1)
    }

    @Test func exifTurnsThePictureUpright() throws {
        // Stored 2×1: red, blue. Orientation 6 (turn clockwise) shows 1×2: red above... no:
        // the left column of the stored picture becomes the top row → red on top, blue below.
        let stored = try TestPicture.surface(width: 2, height: 1) { x, _ in x == 0 ? Self.red : Self.blue }
        defer { SDL_FreeSurface(stored) }
        let turned = try ExifOrientation.apply(6, to: stored)
        defer { SDL_FreeSurface(turned) }
        let image = try SurfacePNG.rgba(turned)
        #expect(image.width == 1 && image.height == 2)
        #expect(close(image.pixel(x: 0, y: 0), Self.red, within: 0))
        #expect(close(image.pixel(x: 0, y: 1), Self.blue, within: 0))
        let mirrored = try ExifOrientation.apply(2, to: stored)
        defer { SDL_FreeSurface(mirrored) }
        #expect(close(try SurfacePNG.rgba(mirrored).pixel(x: 0, y: 0), Self.blue, within: 0))
    }

    @Test func corruptFileFailsOnceAndIsNotRetriedUntilItChanges() throws {
        let path = try temporaryFolder() + "/broken.jpg"
        try Data("this is not a picture at all".utf8).write(to: URL(fileURLWithPath: path))
        let frame = try OffscreenFrame(width: 20, height: 20)
        frame.images.recheckInterval = 0
        let ref = ImageRef(path: path)
        let draw: [DrawCommand] = [.image(ref, rect: Rect(x: 0, y: 0, width: 20, height: 20), fit: .cover, opacity: 1)]
        for _ in 0..<3 { frame.render(draw, background: Self.backdrop) }
        #expect(frame.image().litPixels(x: 0..<20, y: 0..<20) == 0)
        #expect(frame.images.statistics.decodeAttempts == 1)
        #expect(frame.images.statistics.failed == 1)
        // Refused by its first bytes, before any decoder saw it.
        #expect(frame.images.failure(for: ref)?.call == "ImageHeader")
        #expect(frame.images.isReady(ref))

        // Repaired (new size and time): tried again, and drawn.
        try TestPicture.writePNG(path, width: 30, height: 30) { _, _ in Self.blue }
        frame.render(draw, background: Self.backdrop)
        #expect(frame.images.statistics.decodeAttempts == 2)
        #expect(frame.images.statistics.failed == 0)
        #expect(close(frame.image().pixel(x: 10, y: 10), Self.blue, within: 2))
    }

    @Test func missingFileIsAFailureToo() throws {
        let frame = try OffscreenFrame(width: 20, height: 20)
        let ref = ImageRef(path: try temporaryFolder() + "/nowhere.png")
        frame.render([.image(ref, rect: Rect(x: 0, y: 0, width: 20, height: 20), fit: .contain, opacity: 1)], background: Self.backdrop)
        #expect(frame.images.failure(for: ref) != nil)
        #expect(frame.images.statistics.failed == 1)
    }

    @Test func keepsAtMostNDecodedPictures() throws {
        let folder = try temporaryFolder()
        let frame = try OffscreenFrame(width: 50, height: 50)
        frame.images.maxImages = 3
        let rect = Rect(x: 0, y: 0, width: 50, height: 50)
        var paths: [String] = []
        for i in 0..<10 {
            let path = folder + "/p\(i).png"
            try TestPicture.writePNG(path, width: 60, height: 40) { _, _ in Color(UInt8(i * 20), 10, 10) }
            paths.append(path)
        }
        for path in paths {
            frame.render([.image(ImageRef(path: path), rect: rect, fit: .cover, opacity: 1)], background: Self.backdrop)
            #expect(frame.images.statistics.residentImages <= 3)
            #expect(frame.canvas.statistics.pictureTextures <= 3)
        }
        // A frame that shows more than the bound keeps all of its pictures while it draws them,
        // and drops back to the bound when they're off screen.
        let all = paths.prefix(5).map { DrawCommand.image(ImageRef(path: $0), rect: rect, fit: .cover, opacity: 1) }
        frame.render(Array(all), background: Self.backdrop)
        frame.render(Array(all), background: Self.backdrop)
        let attemptsBefore = frame.images.statistics.decodeAttempts
        frame.render(Array(all), background: Self.backdrop)
        #expect(frame.images.statistics.decodeAttempts == attemptsBefore, "on-screen pictures were decoded again")
        frame.render([], background: Self.backdrop)
        #expect(frame.images.statistics.residentImages <= 3)
    }

    /// A photo renamed over under its own name, on a screen that stands still: the frame's
    /// commands are the same, so only the loader's look at the files after a reload finds it.
    @Test func aReplacedPictureOnAStillScreenIsDecodedAgainAfterAReload() throws {
        let folder = try temporaryFolder()
        let path = folder + "/photo.png", part = folder + "/.photo.png.part"
        try TestPicture.writePNG(path, width: 40, height: 40) { _, _ in Self.red }
        let frame = try OffscreenFrame(width: 40, height: 40)
        let commands: [DrawCommand] = [.image(ImageRef(path: path), rect: Rect(x: 0, y: 0, width: 40, height: 40), fit: .cover, opacity: 1)]
        frame.render(commands, background: Self.backdrop)
        #expect(close(frame.image().pixel(x: 20, y: 20), Self.red, within: 2))
        try TestPicture.writePNG(part, width: 40, height: 40) { _, _ in Self.blue }
        #expect(rename(part, path) == 0)
        frame.images.filesMayHaveChanged()
        frame.render(commands, background: Self.backdrop)
        #expect(close(frame.image().pixel(x: 20, y: 20), Self.blue, within: 2), "the replaced photo is not shown")
        #expect(frame.images.statistics.decodeAttempts == 2)
        frame.images.filesMayHaveChanged()   // nothing changed since: no third decode
        #expect(frame.images.statistics.decodeAttempts == 2)
    }

    @Test func prefetchDecodesAhead() throws {
        let path = try temporaryFolder() + "/next.png"
        try TestPicture.writePNG(path, width: 40, height: 40) { _, _ in Self.red }
        let frame = try OffscreenFrame(width: 40, height: 40)
        frame.render([.prefetch(ImageRef(path: path), width: 40, height: 40)], background: Self.backdrop)
        #expect(frame.images.statistics.residentImages == 1)
        #expect(frame.images.statistics.decodeAttempts == 1)
        frame.render([.image(ImageRef(path: path), rect: Rect(x: 0, y: 0, width: 40, height: 40), fit: .cover, opacity: 1)],
                     background: Self.backdrop)
        #expect(frame.images.statistics.decodeAttempts == 1)
        #expect(close(frame.image().pixel(x: 20, y: 20), Self.red, within: 2))
    }

    @Test func asynchronousLoaderDecodesOffTheCallingThreadAndSaysSo() async throws {
        let folder = try temporaryFolder()
        let good = ImageRef(path: folder + "/good.png"), bad = ImageRef(path: folder + "/bad.png")
        try TestPicture.writePNG(good.path, width: 64, height: 48) { _, _ in Self.red }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: bad.path))
        let loader = ImageLoader(synchronous: false)
        let finished = Counter()
        loader.onImageReady = { finished.add() }
        #expect(!loader.isReady(good))
        loader.request(good, width: 64, height: 48)
        loader.request(bad, width: 64, height: 48)
        loader.request(good, width: 64, height: 48)   // already on its way: not queued twice
        for _ in 0..<200 where finished.value < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(finished.value == 2)
        #expect(loader.isReady(good))
        #expect(loader.isReady(bad), "a failed picture counts as ready so a crossfade doesn't wait")
        #expect(loader.statistics.decodeAttempts == 2)
        #expect(loader.statistics.residentImages == 1)
        #expect(loader.failure(for: bad) != nil)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func scaledPicturesAreScaledOnceAndStayInsideTheClip() throws {
        let path = try temporaryFolder() + "/halves.png"
        try TestPicture.writePNG(path, width: 400, height: 200) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        let frame = try OffscreenFrame(width: 120, height: 120)
        let commands: [DrawCommand] = [
            .clip(Rect(x: 10, y: 10, width: 100, height: 100)),
            .image(ImageRef(path: path), rect: Rect(x: 10, y: 10, width: 100, height: 100), fit: .cover, opacity: 1),
            .image(ImageRef(path: path), rect: Rect(x: 10, y: 10, width: 100, height: 100), fit: .contain, opacity: 0.8),
            .fill(Rect(x: 0, y: 0, width: 120, height: 5), Color(0, 255, 0)),   // outside the clip
            .fill(Rect(x: 0, y: 100, width: 120, height: 20), Color(0, 255, 0, 200)),   // half inside
            .clip(nil),
        ]
        var images: [RGBAImage] = []
        for _ in 0..<3 {
            frame.render(commands, background: Color(0, 0, 0))
            images.append(frame.image())
        }
        #expect(frame.canvas.statistics.scaledCopies == 1)
        // The pre-scaled copy draws what scaling each frame drew.
        let (count, largest) = GoldenFrame.differences(images[0].pixels, images[2].pixels, channelTolerance: 8)
        #expect(count == 0, "largest difference \(largest)")
        let last = images[2]
        #expect(close(last.pixel(x: 60, y: 2), Color(0, 0, 0), within: 0), "clip kept after the scaled copy was made")
        #expect(close(last.pixel(x: 60, y: 115), Color(0, 0, 0), within: 0))
        #expect(last.pixel(x: 60, y: 105).g > 150)
        #expect(close(last.pixel(x: 30, y: 60), Self.red, within: 40))
    }

    /// A picture whose scaled draw keeps changing (Ken Burns pans it under a pixel a frame, so
    /// a draw repeats a few frames at a time) is scaled onto the screen each frame, never copied:
    /// a copy made on each repeat was used a few times and thrown away, and making it made the
    /// slowest frames of a Ken Burns fade. Once it stands still, it is copied again.
    @Test func aMovingPictureIsNotCopiedScaled() throws {
        let path = try temporaryFolder() + "/pan.png"
        try TestPicture.writePNG(path, width: 400, height: 200) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        // Larger than the picture itself, so every draw scales the same decoded pixels.
        let frame = try OffscreenFrame(width: 640, height: 340)
        func draw(_ width: Double) {
            frame.render([.image(ImageRef(path: path), rect: Rect(x: 10, y: 10, width: width, height: width / 2), fit: .contain, opacity: 1)],
                         background: Color(0, 0, 0))
        }
        // Each size twice, as a slow zoom gives them: copied on the first repeat, then moving.
        for (i, width) in [600.0, 600, 604, 604, 608, 608, 612, 612].enumerated() {
            draw(width)
            #expect(frame.canvas.statistics.scaledCopies == (i == 1 ? 1 : 0), "draw \(i) at \(width)")
        }
        // Still for a second of frames: copied again.
        for _ in 0..<61 { draw(612) }
        #expect(frame.canvas.statistics.scaledCopies == 1)
    }
}
