import CSDL2
import Foundation
import KioskCore
import KioskRender
import Testing

/// Golden frames of the gallery with photos made here: a landscape that fills the screen, a
/// portrait shown whole over its blurred self, the crossfade between them at its midpoint, the
/// caption on a light and on a dark photo, and the eight EXIF orientations turned upright.
@Suite(.serialized) struct GalleryGoldenTests {
    static let size = (width: 640, height: 360)
    static let start = Date(timeIntervalSince1970: 1_700_000_000)   // a slide boundary (8 s slides)

    /// Photo-like pictures: a sky graded to a horizon, green ground, a sun, a red banner.
    static func landscape(x: Int, y: Int, width: Int, height: Int) -> Color {
        let fy = Double(y) / Double(height), fx = Double(x) / Double(width)
        if fy > 0.62 { return Color(UInt8(40 + 40 * fy), UInt8(110 + 60 * (1 - fy)), 50) }
        let dx = fx - 0.78, dy = fy - 0.22
        if dx * dx + dy * dy < 0.004 { return Color(250, 215, 90) }
        if fy > 0.3 && fy < 0.42 && fx > 0.15 && fx < 0.6 { return Color(200, 30, 35) }
        return Color(UInt8(90 + 80 * fy), UInt8(150 + 70 * fy), 235)
    }

    static func portrait(x: Int, y: Int, width: Int, height: Int) -> Color {
        let fy = Double(y) / Double(height), fx = Double(x) / Double(width)
        let dx = fx - 0.5, dy = fy - 0.35
        if dx * dx * 2 + dy * dy < 0.02 { return Color(230, 190, 150) }   // a face
        if fy > 0.5 && abs(dx) < 0.35 { return Color(30, 60, 140) }      // a jacket
        return Color(UInt8(150 - 60 * fy), 40, UInt8(60 + 40 * fy))
    }

    static func snowfield(x: Int, y: Int, width: Int, height: Int) -> Color {
        let n = UInt8((x * 7 + y * 13) % 9)
        return Color(240 + n, 242 + n / 2, 246)
    }

    static func night(x: Int, y: Int, width: Int, height: Int) -> Color {
        (x * 31 + y * 17) % 997 == 0 ? Color(255, 255, 230) : Color(8, 10, UInt8(20 + 20 * y / height))
    }

    /// Writes the pictures and returns a content of one album with the given photos, captioned.
    func content(_ photos: [(name: String, width: Int, height: Int, paint: (Int, Int, Int, Int) -> Color, caption: String)],
                 transition: SlideTransition = .crossfade, name: String = #function) throws -> KioskContent {
        let folder = try temporaryFolder(name)
        let album = folder + "/gallery/Hội nghị tổng kết năm 2024"
        try FileManager.default.createDirectory(atPath: album, withIntermediateDirectories: true)
        var list: [Photo] = []
        for p in photos {
            try TestPicture.writeJPEG(album + "/" + p.name, width: p.width, height: p.height) { p.paint($0, $1, p.width, p.height) }
            list.append(Photo(path: "gallery/Hội nghị tổng kết năm 2024/" + p.name, caption: p.caption,
                              credit: "Ảnh: Minh Tuấn", width: p.width, height: p.height))
        }
        var settings = Settings()
        settings.transition = transition
        return KioskContent(settings: settings, albums: [Album(title: "Hội nghị tổng kết năm 2024", photos: list)], dataFolder: folder)
    }

    func check(_ name: String, _ content: KioskContent, at offset: Double) throws {
        let frame = try OffscreenFrame(width: Self.size.width, height: Self.size.height)
        let ctx = FrameContext(width: Double(Self.size.width), height: Double(Self.size.height), now: Self.start.addingTimeInterval(offset),
                               content: content, state: KioskState(homeScene: .gallery), measurer: frame.measurer, images: frame.images)
        frame.render(FrameBuilder.build(ctx).allCommands, background: ctx.theme.background)
        let result = GoldenFrame.compare(frame, expectedPNG: GoldenSceneTests.goldenFolder.appendingPathComponent("\(name).png").path)
        #expect(result.matches, "\(result)")
    }

    var landscapeAndPortrait: [(name: String, width: Int, height: Int, paint: (Int, Int, Int, Int) -> Color, caption: String)] {
        [("01-khai-mac.jpg", 1600, 900, Self.landscape, "Đồng chí Chủ tịch Liên hiệp phát biểu khai mạc hội nghị"),
         ("02-dai-bieu.jpg", 900, 1200, Self.portrait, "Đại biểu Hội hữu nghị Việt Nam – Lào trình bày tham luận")]
    }

    @Test func aLandscapeFillsTheScreen() throws {
        try check("gallery-landscape", content(landscapeAndPortrait), at: 3)
    }

    @Test func aPortraitIsShownWholeOverItsBlurredSelf() throws {
        try check("gallery-portrait", content(landscapeAndPortrait), at: 8 + 3)
    }

    @Test func theCrossfadeAtItsMidpoint() throws {
        try check("gallery-crossfade", content(landscapeAndPortrait), at: 8 + Settings().crossfadeSeconds / 2)
    }

    @Test func theCaptionReadsOnALightPhoto() throws {
        try check("gallery-caption-light", content([("tuyet.jpg", 1280, 720, Self.snowfield, "Đoàn đại biểu thăm Nhà máy điện gió Bạc Liêu")]), at: 3)
    }

    @Test func theCaptionReadsOnADarkPhoto() throws {
        try check("gallery-caption-dark", content([("dem.jpg", 1280, 720, Self.night, "Đêm giao lưu văn nghệ hữu nghị Việt – Lào")]), at: 3)
    }

    @Test func kenBurnsMovesThePhotoWithinTheScreen() throws {
        let content = try content(landscapeAndPortrait, transition: .kenburns)
        try check("gallery-ken-burns", content, at: 5)
    }

    /// An upright picture: red top-left quarter, green top-right corner, blue bottom bar.
    static func upright(x: Int, y: Int) -> Color {
        if y >= 60 { return Color(30, 60, 220) }
        if x < 60 && y < 40 { return Color(220, 30, 30) }
        if x >= 100 && y < 20 { return Color(30, 200, 60) }
        return Color(235, 235, 225)
    }

    /// The picture stored as a camera held in `orientation` would store it, with the EXIF tag
    /// that says how to turn it back (the inverse of each of the eight corrections).
    static func writeTurned(_ path: String, orientation: Int) throws {
        let (w, h) = (120, 80)
        let swaps = orientation >= 5
        let (sw, sh) = swaps ? (h, w) : (w, h)
        try TestPicture.writeJPEG(path, width: sw, height: sh) { sx, sy in
            switch orientation {
            case 2: upright(x: w - 1 - sx, y: sy)
            case 3: upright(x: w - 1 - sx, y: h - 1 - sy)
            case 4: upright(x: sx, y: h - 1 - sy)
            case 5: upright(x: sy, y: sx)
            case 6: upright(x: w - 1 - sy, y: sx)
            case 7: upright(x: w - 1 - sy, y: h - 1 - sx)
            case 8: upright(x: sy, y: h - 1 - sx)
            default: upright(x: sx, y: sy)
            }
        }
        try insertOrientation(orientation, into: path)
    }

    /// Adds an APP1 EXIF segment (big-endian TIFF, IFD0 with the one tag 0x0112) after the
    /// JPEG's start-of-image marker.
    static func insertOrientation(_ orientation: Int, into path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8,   // "MM", 42, IFD0 at 8
                             0, 1,                                  // one entry
                             0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0,
                             0, 0, 0, 0]                            // no next IFD
        let body: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = body.count + 2
        bytes.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body, at: 2)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func everyExifOrientationIsTurnedUpright() throws {
        let folder = try temporaryFolder()
        let frame = try OffscreenFrame(width: 4 * 150, height: 2 * 100)
        var commands: [DrawCommand] = []
        for orientation in 1...8 {
            let path = folder + "/orientation-\(orientation).jpg"
            try Self.writeTurned(path, orientation: orientation)
            let cell = Rect(x: Double((orientation - 1) % 4) * 150 + 15, y: Double((orientation - 1) / 4) * 100 + 10, width: 120, height: 80)
            commands.append(.image(ImageRef(path: path), rect: cell, fit: .contain, opacity: 1))
        }
        frame.render(commands, background: Color(0, 0, 0))
        let image = frame.image()
        for orientation in 1...8 {
            let x0 = (orientation - 1) % 4 * 150 + 15, y0 = (orientation - 1) / 4 * 100 + 10
            for (x, y, expected) in [(20, 15, Color(220, 30, 30)), (115, 5, Color(30, 200, 60)), (60, 70, Color(30, 60, 220)), (80, 40, Color(235, 235, 225))] {
                let p = image.pixel(x: x0 + x, y: y0 + y)
                #expect(close(p, expected, within: 24), "orientation \(orientation) at \(x),\(y): \(p)")
            }
        }
        let result = GoldenFrame.compare(frame, expectedPNG: GoldenSceneTests.goldenFolder.appendingPathComponent("exif-orientations.png").path)
        #expect(result.matches, "\(result)")
    }
}
