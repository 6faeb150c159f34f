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

    @Test func layeredFramesEqualFlatFrames() throws {
        let photo = try temporaryFolder() + "/photo.png"
        try TestPicture.writePNG(photo, width: 300, height: 300) { x, y in Color(UInt8(x % 256), UInt8(y % 256), 90) }
        let layered = try OffscreenFrame(width: 320, height: 180)
        let flat = try OffscreenFrame(width: 320, height: 180)
        let background = Color(0xF4, 0xEF, 0xE6)
        for (i, caption) in ["Thư viện ảnh", "Thư viện ảnh", "Thư viện ảnh", "Bằng khen", "Bằng khen"].enumerated() {
            let x = 300 - Double(i) * 40
            layered.render(still(caption, photo: photo), moving: moving(x), background: background)
            flat.render(still(caption, photo: photo) + moving(x), background: background)
            let (count, largest) = GoldenFrame.differences(layered.pixels(), flat.pixels(), channelTolerance: 2)
            #expect(count == 0, "frame \(i): \(count) pixels differ, by up to \(largest)")
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
            layered.render(still(caption, photo: photo), moving: moves, background: background)
            flat.render(still(caption, photo: photo) + moves, background: background)
            let (count, largest) = GoldenFrame.differences(layered.pixels(), flat.pixels(), channelTolerance: 2)
            #expect(count == 0, "frame \(i): \(count) pixels differ, by up to \(largest)")
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
}
