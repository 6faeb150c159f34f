import CSDL2
import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The real window, under SDL's offscreen video driver: no display needed. Serialized, since
/// SDL allows one video subsystem per process.
@Suite(.serialized) struct KioskWindowTests {
    static func openWindow() throws -> KioskWindow {
        // The hint wins over the environment only for this process's SDL; the real program
        // leaves the choice to SDL_VIDEODRIVER.
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen")
        return try KioskWindow(title: "Kiosk test", width: 320, height: 180, fullscreen: false)
    }

    @Test func rendersAndCapturesTheScreen() throws {
        let window = try Self.openWindow()
        #expect(window.videoDriver == "offscreen")
        #expect(!window.rendererName.isEmpty)
        #expect(window.outputSize.width == 320 && window.outputSize.height == 180)
        _ = window.waitEvent(timeout: 0)   // the window's first shown/exposed events
        window.render([
            .fill(Rect(x: 0, y: 0, width: 160, height: 180), Color(0x9E, 0x1B, 0x1B)),
            .text("Thư viện ảnh", x: 170, y: 10, font: FontSpec(size: 20), color: Color(0, 0, 0), maxWidth: 140),
        ], background: Color(250, 250, 250))
        let path = try temporaryFolder() + "/screen.png"
        try window.captureScreen(to: path)
        window.present()
        let image = try RGBAImage(contentsOfFile: path)
        #expect(image.width == 320 && image.height == 180)
        #expect(close(image.pixel(x: 50, y: 90), Color(0x9E, 0x1B, 0x1B), within: 1), "\(image.pixel(x: 50, y: 90))")
        #expect(close(image.pixel(x: 300, y: 170), Color(250, 250, 250), within: 1))
        var dark = 0
        for y in 10..<40 { for x in 170..<310 where image.pixel(x: x, y: y).r < 100 { dark += 1 } }
        #expect(dark > 50, "the caption is in the capture")
    }

    @Test func waitTimesOutWithNothingAndWakesFromAnotherThread() throws {
        let window = try Self.openWindow()
        _ = window.waitEvent(timeout: 0)
        var start = Date()
        #expect(window.waitEvent(timeout: 0.15).isEmpty)
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.14 && waited < 1, "\(waited)")

        start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { KioskWindow.wake() }
        #expect(window.waitEvent(timeout: 5).isEmpty)
        // Under 4 s of a 5 s timeout: the wake-up ended it (the parallel suite can delay the waker a second or more).
        #expect(Date().timeIntervalSince(start) < 4, "the wake-up ended the wait")

        // A wake-up that came while the loop was busy is not lost.
        KioskWindow.wake()
        start = Date()
        _ = window.waitEvent(timeout: 5)
        #expect(Date().timeIntervalSince(start) < 4)
    }

    @Test func waitingIdleCostsLittleCPU() throws {
        let window = try Self.openWindow()
        _ = window.waitEvent(timeout: 0)
        func cpuSeconds() -> Double {
            // This thread's CPU time: other suites run on other threads at the same time.
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let before = cpuSeconds()
        _ = window.waitEvent(timeout: 1.0)
        let used = cpuSeconds() - before
        // SDL's own wait would poll every millisecond on this driver; ours sleeps.
        #expect(used < 0.05, "\(used) s of CPU for one idle second")
    }

    @Test func quitEventArrives() throws {
        let window = try Self.openWindow()
        _ = window.waitEvent(timeout: 0)
        var quit = SDL_Event()
        quit.type = SDL_QUIT.rawValue
        SDL_PushEvent(&quit)
        #expect(window.waitEvent(timeout: 1) == [.quitRequested])
    }

    @Test func picturesDecodeInTheBackgroundAndWakeTheLoop() throws {
        let window = try Self.openWindow()
        let path = try temporaryFolder() + "/photo.png"
        try TestPicture.writePNG(path, width: 300, height: 200) { _, _ in Color(30, 30, 220) }
        window.images.onImageReady = { KioskWindow.wake() }
        _ = window.waitEvent(timeout: 0)
        let ref = ImageRef(path: path)
        let draw: [DrawCommand] = [.image(ref, rect: Rect(x: 0, y: 0, width: 320, height: 180), fit: .cover, opacity: 1)]
        window.render(draw, background: Color(0, 0, 0))
        let start = Date()
        while !window.images.isReady(ref) && Date().timeIntervalSince(start) < 5 { _ = window.waitEvent(timeout: 1) }
        #expect(window.images.isReady(ref))
        window.render(draw, background: Color(0, 0, 0))
        let shot = try temporaryFolder() + "/shot.png"
        try window.captureScreen(to: shot)
        #expect(close(try RGBAImage(contentsOfFile: shot).pixel(x: 160, y: 90), Color(30, 30, 220), within: 2))
    }

    @Test func layeredFramesWithPartialPresentsShowTheWholePicture() throws {
        let window = try Self.openWindow()
        _ = window.waitEvent(timeout: 0)
        let still: [DrawCommand] = [
            .fill(Rect(x: 0, y: 0, width: 320, height: 40), Color(0x9E, 0x1B, 0x1B)),
            .text("Thống kê truy cập", x: 8, y: 8, font: FontSpec(size: 18, weight: .bold), color: Color(255, 255, 255), maxWidth: nil),
        ]
        func moving(_ x: Double) -> [DrawCommand] {
            [.fill(Rect(x: 0, y: 150, width: 320, height: 30), Color(0x6E, 0x10, 0x10)),
             .text("Tin nóng · Đại hội nhiệm kỳ 2023–2028", x: x, y: 154, font: FontSpec(size: 16), color: Color(255, 255, 255), maxWidth: nil)]
        }
        for x in stride(from: 300.0, through: 0, by: -60) {
            window.render(still, moving: moving(x), background: Color(250, 250, 250))
            window.present()
        }
        window.render(still, moving: moving(-20), background: Color(250, 250, 250))
        let path = try temporaryFolder() + "/layered.png"
        try window.captureScreen(to: path)
        window.present()
        let flat = try OffscreenFrame(width: 320, height: 180)
        flat.render(still + moving(-20), background: Color(250, 250, 250))
        let (count, largest) = GoldenFrame.differences(try RGBAImage(contentsOfFile: path).pixels, flat.pixels(), channelTolerance: 8)
        #expect(count < 20, "\(count) pixels differ, by up to \(largest), on \(window.rendererName)")
    }

    @Test func softwareRasterisersAreRecognised() {
        #expect(RendererChoice.isSoftwareRasteriser("llvmpipe (LLVM 15.0.6, 256 bits)"))
        #expect(RendererChoice.isSoftwareRasteriser("softpipe"))
        #expect(!RendererChoice.isSoftwareRasteriser("V3D 4.2"))
        #expect(!RendererChoice.isSoftwareRasteriser("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"))
    }
}
