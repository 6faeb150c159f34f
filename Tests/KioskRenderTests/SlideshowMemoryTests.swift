import Foundation
import KioskCore
import KioskRender
import Testing

/// However many photos an album holds, the gallery keeps at most three decoded (the one on
/// screen, the one fading out, the next), and its memory is the same for 10 photos as for 1,000.
@Suite struct SlideshowMemoryTests {
    /// Runs the full-screen gallery through `slides` turns (four frames a turn: start, mid-fade,
    /// after the fade, just before the next), checking the bound after every frame; returns
    /// the most bytes of decoded photos held at once.
    func run(photos count: Int, slides: Int) throws -> Int {
        let folder = try temporaryFolder("slideshow-\(count)")
        let album = folder + "/gallery/Album"
        try FileManager.default.createDirectory(atPath: album, withIntermediateDirectories: true)
        var photos: [Photo] = []
        for i in 0..<count {
            let name = String(format: "%04d.png", i)
            try TestPicture.writePNG(album + "/" + name, width: 64, height: 36) { _, _ in Color(UInt8(i % 256), 40, 90) }
            photos.append(Photo(path: "gallery/Album/" + name, width: 64, height: 36))
        }
        let frame = try OffscreenFrame(width: 320, height: 180)
        let content = KioskContent(albums: [Album(title: "Album", photos: photos)], dataFolder: folder)
        let state = KioskState(homeScene: .gallery)
        var peak = 0
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for slide in 0..<slides {
            for offset in [0.0, 0.6, 2.0, 7.9] {
                let now = start.addingTimeInterval(Double(slide) * content.settings.slideSeconds + offset)
                let ctx = FrameContext(width: 320, height: 180, now: now, content: content, state: state,
                                       measurer: frame.measurer, images: frame.images)
                let built = FrameBuilder.build(ctx)
                frame.render(built.commands, moving: built.moving, background: ctx.theme.background)
                let held = frame.images.statistics
                #expect(held.residentPhotos <= 3, "\(held.residentPhotos) photos decoded at slide \(slide) + \(offset) s")
                peak = max(peak, held.residentBytes)
            }
        }
        return peak
    }

    @Test func atMostThreePhotosAreDecodedAndMemoryIsFlatInTheirNumber() throws {
        let few = try run(photos: 10, slides: 12)
        let many = try run(photos: 1000, slides: 12)
        #expect(few > 0)
        #expect(many <= few, "\(many) bytes held with 1,000 photos, \(few) with 10")
    }
}
