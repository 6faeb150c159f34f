import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// Headless frames: PNG out, pixels back, nothing half-written.
@Suite struct OffscreenFrameTests {
    func sampleFrame() throws -> OffscreenFrame {
        let frame = try OffscreenFrame(width: 160, height: 90)
        frame.render([
            .fill(Rect(x: 0, y: 0, width: 160, height: 30), Color(0x9E, 0x1B, 0x1B)),
            .text("Trong năm", x: 8, y: 4, font: FontSpec(size: 18, weight: .bold), color: Color(255, 255, 255), maxWidth: nil),
            .fill(Rect(x: 20, y: 40, width: 60, height: 40), Color(0xF2, 0xC1, 0x4E, 160)),
        ], background: Color(0xF4, 0xEF, 0xE6))
        return frame
    }

    @Test func pngWrittenAndReadBackIsTheSameFrame() throws {
        let folder = try temporaryFolder()
        let frame = try sampleFrame()
        let path = folder + "/frame.png"
        try frame.writePNG(to: path)
        let read = try RGBAImage(contentsOfFile: path)
        #expect(read.width == 160 && read.height == 90)
        #expect(read.pixels == frame.pixels())
        // Only the finished file is left: the temporary name was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["frame.png"])
        // Overwriting works the same way.
        try frame.writePNG(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["frame.png"])
    }

    @Test func writingIntoAMissingFolderFailsWithTheCallNamed() throws {
        let frame = try sampleFrame()
        #expect(throws: RenderError.self) { try frame.writePNG(to: "/nonexistent-folder/x/frame.png") }
        do { try frame.writePNG(to: "/nonexistent-folder/x/frame.png") } catch let error as RenderError {
            #expect(error.call == "IMG_SavePNG")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func sameCommandsSamePixels() throws {
        #expect(try sampleFrame().pixels() == sampleFrame().pixels())
    }

    @Test func framesOnSeveralThreadsAtOnce() async throws {
        // Tests and tools may render on several threads; each frame has its own faces.
        let reference = try sampleFrame().pixels()
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<4 { group.addTask { try self.sampleFrame().pixels() } }
            for try await pixels in group { #expect(pixels == reference) }
        }
    }

    @Test func unusableSizeIsAnError() {
        #expect(throws: RenderError.self) { _ = try OffscreenFrame(width: 0, height: 10) }
    }
}
