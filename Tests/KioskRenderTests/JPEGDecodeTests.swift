import CJPEG
import CSDL2
import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// JPEGs through libjpeg-turbo's scaled decode: the scale chosen, colours as a whole decode gives
/// them, grayscale, CMYK and EXIF, damaged files refused, and fine detail shrunk without aliasing.
@Suite struct JPEGDecodeTests {
    static let red = Color(220, 30, 30)
    static let blue = Color(30, 30, 220)

    /// Smooth, photo-like colour: gradients in all three channels and a soft diagonal.
    static func smooth(x: Int, y: Int, width: Int, height: Int) -> Color {
        let u = Double(x) / Double(width), v = Double(y) / Double(height)
        return Color(UInt8(40 + 180 * u), UInt8(30 + 190 * v), UInt8(128 + 90 * sin(6 * (u + v))))
    }

    /// A JPEG written by libjpeg-turbo at `path`, painted by `color`; returns its bytes.
    @discardableResult
    static func writeJPEG(_ path: String, width: Int, height: Int, quality: Int = 92, options: JPEGEncoder.Options = [],
                          orientation: Int = 1, color: (Int, Int) -> Color) throws -> [UInt8] {
        let surface = try TestPicture.surface(width: width, height: height, color: color)
        defer { SDL_FreeSurface(surface) }
        let bytes = try JPEGEncoder.encode(pixels: surface.pointee.pixels, pitch: Int(surface.pointee.pitch), width: width,
                                           height: height, quality: quality, options: options, orientation: orientation)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return bytes
    }

    /// Decodes `path` for a `width`×`height` box: the picture's upright size and the decoded
    /// pixels. Every JPEG comes out opaque XRGB.
    static func decoded(_ path: String, width: Int, height: Int) throws -> (source: (width: Int, height: Int), image: RGBAImage) {
        let picture = try ImageDecoder.decode(path: path, width: width, height: height)
        defer { SDL_FreeSurface(picture.surface) }
        #expect(!picture.hasAlpha)
        #expect(picture.surface.pointee.format.pointee.format == SDL_PIXELFORMAT_RGB888.rawValue)
        return ((picture.sourceWidth, picture.sourceHeight), try SurfacePNG.rgba(picture.surface))
    }

    /// The error a decode of `path` throws, or nil if it succeeds.
    static func refusal(_ path: String) -> RenderError? {
        do {
            let picture = try ImageDecoder.decode(path: path, width: 100, height: 100)
            SDL_FreeSurface(picture.surface)
            return nil
        } catch {
            return error as? RenderError ?? RenderError(call: "?", message: "\(error)")
        }
    }

    @Test func picksTheSmallestFastScaleThatStillCovers() {
        // 4000×3000 for a 500×300 box: the cover target is 500×375, exactly 1/8.
        #expect(ImageDecoder.targetSize(sourceWidth: 4000, sourceHeight: 3000, boxWidth: 500, boxHeight: 300) == (500, 375))
        #expect(JPEGScale.choose(width: 4000, height: 3000, targetWidth: 500, targetHeight: 375) == (1, 500, 375))
        // 24 megapixels for 1080p (1920×1280): 3/8 would cover it, but 4/8 has libjpeg-turbo's
        // SIMD IDCT and decodes faster: 3000×2000.
        #expect(JPEGScale.choose(width: 6000, height: 4000, targetWidth: 1920, targetHeight: 1280) == (4, 3000, 2000))
        // One pixel more than 2/8 gives: 4/8, not 3/8.
        #expect(JPEGScale.choose(width: 8000, height: 4000, targetWidth: 2001, targetHeight: 1000) == (4, 4000, 2000))
        #expect(JPEGScale.choose(width: 8000, height: 4000, targetWidth: 2000, targetHeight: 1000) == (2, 2000, 1000))
        // For 4K (3840×2560): 6/8 would cover it; 8/8 is faster than 5/8…7/8.
        #expect(JPEGScale.choose(width: 6000, height: 4000, targetWidth: 3840, targetHeight: 2560) == (8, 6000, 4000))
        // Odd sides round up, as libjpeg rounds them.
        #expect(JPEGScale.choose(width: 4001, height: 3001, targetWidth: 500, targetHeight: 375) == (1, 501, 376))
        // Small enough already: decoded whole.
        #expect(JPEGScale.choose(width: 300, height: 200, targetWidth: 300, targetHeight: 200) == (8, 300, 200))
    }

    @Test func scaleFollowsTheFitAndTheTurn() {
        // 24 MP landscape on a 1080p screen: to cover, 1920×1280 (4/8); whole, 1620×1080 (2/8 is
        // 1500 wide, too few: 4/8).
        #expect(JPEGScale.choose(width: 6000, height: 4000, orientation: 1, box: DecodeBox(width: 1920, height: 1080)) == (4, 3000, 2000))
        var contain = DecodeBox()
        contain.include(width: 1920, height: 1080, fit: .contain)
        #expect(JPEGScale.choose(width: 6000, height: 4000, orientation: 1, box: contain) == (4, 3000, 2000))
        // A 12 MP portrait shown whole: 810×1080 upright, stored 1080×810 across 4000×3000:
        // 2/8 (1000×750) is too short; 4/8.
        #expect(JPEGScale.choose(width: 4000, height: 3000, orientation: 6, box: contain) == (4, 2000, 1500))
        // The same portrait for a 600×400 panel, whole: 300×400 upright, 400×300 stored: 1/8 (500×375).
        var panel = DecodeBox()
        panel.include(width: 600, height: 400, fit: .contain)
        #expect(JPEGScale.choose(width: 4000, height: 3000, orientation: 6, box: panel) == (1, 500, 375))
        // Covering a 1080p screen, the portrait is 1920×2560 upright: 2560×1920 stored needs 8/8
        // (4/8 is 2000 wide).
        #expect(JPEGScale.choose(width: 4000, height: 3000, orientation: 6, box: DecodeBox(width: 1920, height: 1080)) == (8, 4000, 3000))
    }

    @Test func libjpegAgreesOnEveryScaledSizeAndRefusesAnyOther() throws {
        let path = try temporaryFolder() + "/odd.jpg"
        let bytes = try Self.writeJPEG(path, width: 1001, height: 601) { Self.smooth(x: $0, y: $1, width: 1001, height: 601) }
        var w: Int32 = 0, h: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        #expect(kiosk_jpeg_header(bytes, bytes.count, &w, &h, &message, message.count) == 0)
        #expect(w == 1001 && h == 601)
        for n in 1...8 {
            let (sw, sh) = ((1001 * n + 7) / 8, (601 * n + 7) / 8)
            // One spare row and column each way: a decode must write only what it was asked for.
            let pitch = (sw + 1) * 4
            var pixels = [UInt8](repeating: 0xAB, count: pitch * (sh + 1))
            #expect(kiosk_jpeg_decode(bytes, bytes.count, Int32(n), &pixels, Int32(pitch), Int32(sw), Int32(sh), &message, message.count) == 0,
                    "\(n)/8: \(String(cString: message))")
            #expect(pixels[(pitch * sh)...].allSatisfy { $0 == 0xAB }, "\(n)/8 wrote past the last row")
            #expect((0..<sh).allSatisfy { pixels[$0 * pitch + sw * 4] == 0xAB }, "\(n)/8 wrote past the last column")
            for (ew, eh) in [(sw + 1, sh), (sw, sh + 1), (sw - 1, sh)] {
                #expect(kiosk_jpeg_decode(bytes, bytes.count, Int32(n), &pixels, Int32(pitch + 8), Int32(ew), Int32(eh), &message, message.count) != 0)
                #expect(String(cString: message).contains("not the \(ew)×\(eh) expected"))
            }
        }
        // Rows too short for the width asked for: refused before anything is decoded.
        var small = [UInt8](repeating: 0, count: 16)
        #expect(kiosk_jpeg_decode(bytes, bytes.count, 1, &small, 4, 126, 76, &message, message.count) != 0)
    }

    @Test func scaledDecodeMatchesTheWholeDecode() throws {
        let folder = try temporaryFolder()
        for options in [[], JPEGEncoder.Options.progressive] {
            let path = folder + "/smooth-\(options.rawValue).jpg"
            try Self.writeJPEG(path, width: 1600, height: 1200, options: options) { Self.smooth(x: $0, y: $1, width: 1600, height: 1200) }
            // 1/8 exactly, 3/8 then a stretch, 8/8 (the box is the picture).
            for (box, size) in [((200, 120), (200, 150)), ((500, 300), (500, 375)), ((1600, 1200), (1600, 1200))] {
                let (source, image) = try Self.decoded(path, width: box.0, height: box.1)
                #expect(image.width == size.0 && image.height == size.1)
                #expect(source.width == 1600 && source.height == 1200)
                let whole = try ImageDecoder.decodeWithSDLImage(path: path, width: box.0, height: box.1)
                defer { SDL_FreeSurface(whole.surface) }
                let reference = try SurfacePNG.rgba(whole.surface)
                let (count, largest) = GoldenFrame.differences(image.pixels, reference.pixels, channelTolerance: 6)
                #expect(count == 0, "\(box) progressive \(options == .progressive): \(count) pixels differ, by up to \(largest)")
                // And the picture is what was painted.
                for (x, y) in [(0.1, 0.1), (0.5, 0.5), (0.9, 0.3)] {
                    let px = Int(x * Double(size.0)), py = Int(y * Double(size.1))
                    let painted = Self.smooth(x: Int(x * 1600), y: Int(y * 1200), width: 1600, height: 1200)
                    #expect(close(image.pixel(x: px, y: py), painted, within: 8), "\(box) at \(x),\(y): \(image.pixel(x: px, y: py))")
                }
            }
        }
    }

    @Test func twoBandsGiveTheSamePixelsAsOne() throws {
        // Fine detail and colour everywhere, so a band meeting a row too early or too late shows.
        let path = try temporaryFolder() + "/bands.jpg"
        let (w, h) = (1600, 1200)
        let bytes = try Self.writeJPEG(path, width: w, height: h) { x, y in
            (x / 3 + y / 5) % 2 == 0 ? Self.smooth(x: x, y: y, width: w, height: h) : Color(UInt8(x % 256), UInt8(y % 256), 90)
        }
        for (n, target) in [(4, (512, 384)), (8, (1000, 750)), (2, (400, 300))] {
            let scale = JPEGScale.choose(width: w, height: h, targetWidth: target.0, targetHeight: target.1)
            #expect(scale.n == n)
            var pictures: [[UInt32]] = []
            // One decoder, two bands, one decoder with the filter on a thread of its own.
            for (twoBands, pipelined) in [(false, false), (true, false), (false, true)] {
                var pixels = [UInt32](repeating: 0, count: target.0 * target.1)
                let failure = bytes.withUnsafeBufferPointer { data in
                    pixels.withUnsafeMutableBufferPointer {
                        JPEGBands.decode(data, scale: scale, into: $0.baseAddress!, outputStride: target.0, width: target.0, height: target.1,
                                         twoBands: twoBands, pipelined: pipelined)
                    }
                }
                #expect(failure == nil)
                #expect(!pixels.contains(0), "\(n)/8, two bands \(twoBands), pipelined \(pipelined): a pixel never written")
                pictures.append(pixels)
            }
            #expect(pictures[0] == pictures[1], "\(n)/8: the bands' picture differs from one decoder's")
            #expect(pictures[0] == pictures[2], "\(n)/8: the pipelined filter's picture differs from one thread's")
        }
    }

    @Test func restartBandsGiveTheSamePixelsAsOneDecoder() throws {
        // 1600×1200 in 4:2:0 has 75 rows of 16-row MCUs, a restart marker after each: points at
        // rows 0, 128, 256… (every 8th marker), so 2, 3 and 4 bands all find theirs.
        let path = try temporaryFolder() + "/restarts.jpg"
        let (w, h) = (1600, 1200)
        let bytes = try Self.writeJPEG(path, width: w, height: h, options: .restarts) { x, y in
            (x / 3 + y / 5) % 2 == 0 ? Self.smooth(x: x, y: y, width: w, height: h) : Color(UInt8(x % 256), UInt8(y % 256), 90)
        }
        for (n, target) in [(4, (512, 384)), (8, (1000, 750)), (2, (400, 300)), (1, (200, 150))] {
            let scale = JPEGScale.choose(width: w, height: h, targetWidth: target.0, targetHeight: target.1)
            #expect(scale.n == n)
            func decode(bands: Int) -> [UInt32] {
                var pixels = [UInt32](repeating: 0, count: target.0 * target.1)
                let failure = bytes.withUnsafeBufferPointer { data in
                    pixels.withUnsafeMutableBufferPointer { out -> String? in
                        if bands == 1 {
                            return JPEGBands.decode(data, scale: scale, into: out.baseAddress!, outputStride: target.0, width: target.0, height: target.1, twoBands: false)
                        }
                        guard let starts = JPEGRestartBands.starts(data, height: h, count: bands) else { return "no restart points" }
                        #expect(starts.count == bands - 1 && starts.allSatisfy { $0.row % 128 == 0 })
                        return JPEGRestartBands.decode(data, starts: starts, scale: scale, into: out.baseAddress!, outputStride: target.0,
                                                       width: target.0, height: target.1)
                    }
                }
                #expect(failure == nil, "\(n)/8, \(bands) bands: \(failure ?? "")")
                #expect(!pixels.contains(0), "\(n)/8, \(bands) bands: a pixel never written")
                return pixels
            }
            let one = decode(bands: 1)
            for bands in [2, 3, 4] {
                #expect(decode(bands: bands) == one, "\(n)/8: \(bands) restart bands' picture differs from one decoder's")
            }
        }
        // No restart markers: no points, and the caller decodes from the top.
        let plain = try Self.writeJPEG(path, width: 640, height: 480) { x, y in Self.smooth(x: x, y: y, width: 640, height: 480) }
        #expect(plain.withUnsafeBufferPointer { JPEGRestartBands.starts($0, height: 480, count: 2) } == nil)
    }

    @Test func damageBelowARestartPointFailsTheDecode() throws {
        let path = try temporaryFolder() + "/restarts-damaged.jpg"
        var bytes = try Self.writeJPEG(path, width: 1600, height: 1200, options: .restarts) { x, y in
            Self.smooth(x: x, y: y, width: 1600, height: 1200)
        }
        // Cut off in the lower band's data: only that band's decoder reaches the cut.
        bytes.removeLast(bytes.count / 5)
        var pixels = [UInt32](repeating: 0, count: 400 * 300)
        let failure = bytes.withUnsafeBufferPointer { data -> String? in
            guard let starts = JPEGRestartBands.starts(data, height: 1200, count: 2) else { return nil }
            return pixels.withUnsafeMutableBufferPointer {
                JPEGRestartBands.decode(data, starts: starts, scale: (2, 400, 300), into: $0.baseAddress!, outputStride: 400, width: 400, height: 300)
            }
        }
        #expect(failure?.contains("damaged or cut off") == true, "\(failure ?? "no failure")")
    }

    @Test func areaFilterAveragesWhatEachPixelCovers() {
        // 5 → 2 across: each output pixel covers 2.5 source pixels.
        let axis = AreaFilter.Axis(source: 5, output: 2)
        defer { axis.free() }
        #expect((axis.first[0], axis.count[0], axis.first[1], axis.count[1]) == (0, 3, 2, 3))
        // 0.4, 0.4 and 0.2 of 256, rounded, the rounding's remainder on a largest one.
        let left = (0..<3).map { Int(axis.weights[$0]) }, right = (0..<3).map { Int(axis.weights[axis.stride + $0]) }
        #expect(left.reduce(0, +) == 256 && right.reduce(0, +) == 256)
        #expect(abs(left[0] - 102) <= 1 && abs(left[1] - 102) <= 1 && left[2] == 51, "\(left)")
        #expect(right[0] == 51 && abs(right[1] - 102) <= 1 && abs(right[2] - 102) <= 1, "\(right)")
        // Exactly 2: the 2×2 box.
        let half = AreaFilter.Axis(source: 6, output: 3)
        defer { half.free() }
        #expect((0..<3).allSatisfy { half.count[$0] == 2 && half.weights[$0 * half.stride] == 128 })
    }

    @Test func grayscaleJPEG() throws {
        let path = try temporaryFolder() + "/grey.jpg"
        try Self.writeJPEG(path, width: 640, height: 480, options: .grayscale) { x, _ in
            let v = UInt8(x * 255 / 639)
            return Color(v, v, v)
        }
        let (_, image) = try Self.decoded(path, width: 160, height: 120)
        #expect(image.width == 160 && image.height == 120)
        for x in stride(from: 4, to: 160, by: 13) {
            let p = image.pixel(x: x, y: 60)
            let expected = UInt8((Double(x) + 0.5) * 4 * 255 / 639)
            #expect(p.r == p.g && p.g == p.b, "\(p)")
            #expect(close(p, Color(expected, expected, expected), within: 4), "\(x): \(p), painted \(expected)")
        }
    }

    @Test func cmykJPEG() throws {
        let path = try temporaryFolder() + "/cmyk.jpg"
        try Self.writeJPEG(path, width: 400, height: 200, options: .cmyk) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        let (_, image) = try Self.decoded(path, width: 200, height: 100)
        #expect(image.width == 200 && image.height == 100)
        #expect(close(image.pixel(x: 40, y: 50), Self.red, within: 10), "\(image.pixel(x: 40, y: 50))")
        #expect(close(image.pixel(x: 160, y: 50), Self.blue, within: 10), "\(image.pixel(x: 160, y: 50))")
    }

    @Test func exifOrientationTurnsTheScaledPicture() throws {
        // Stored 400×200, red left, blue right, marked "turn clockwise": upright it is 200×400,
        // red above blue.
        let path = try temporaryFolder() + "/turned.jpg"
        try Self.writeJPEG(path, width: 400, height: 200, orientation: 6) { TestPicture.halves(x: $0, y: $1, width: 400, height: 200) }
        let (source, image) = try Self.decoded(path, width: 100, height: 200)
        #expect(image.width == 100 && image.height == 200)
        #expect(source.width == 200 && source.height == 400)
        #expect(close(image.pixel(x: 50, y: 40), Self.red, within: 14), "\(image.pixel(x: 50, y: 40))")
        #expect(close(image.pixel(x: 50, y: 160), Self.blue, within: 14), "\(image.pixel(x: 50, y: 160))")
    }

    @Test func truncatedJPEGIsRefusedNotShownHalfGrey() throws {
        let path = try temporaryFolder() + "/cut.jpg"
        let bytes = try Self.writeJPEG(path, width: 800, height: 600) { Self.smooth(x: $0, y: $1, width: 800, height: 600) }
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        let error = try #require(Self.refusal(path))
        #expect(error.call == "kiosk_jpeg_decode")
        #expect(error.message.contains("the JPEG is damaged or cut off (Premature end of JPEG file)"), "\(error)")

        // In the gallery: a failure, and nothing drawn.
        let frame = try OffscreenFrame(width: 40, height: 30)
        let ref = ImageRef(path: path)
        frame.render([.image(ref, rect: Rect(x: 0, y: 0, width: 40, height: 30), fit: .cover, opacity: 1)], background: Color(0, 0, 0))
        #expect(frame.images.hasFailed(ref))
        #expect(frame.image().litPixels(x: 0..<40, y: 0..<30, threshold: 10) == 0)
    }

    @Test func emptyAndRandomFilesAreRefused() throws {
        let folder = try temporaryFolder()
        try Data().write(to: URL(fileURLWithPath: folder + "/empty.jpg"))
        #expect(Self.refusal(folder + "/empty.jpg") != nil)
        var message = [CChar](repeating: 0, count: 256)
        var w: Int32 = 0, h: Int32 = 0
        #expect(kiosk_jpeg_header([], 0, &w, &h, &message, message.count) != 0)
        #expect(String(cString: message).contains("Empty input file"))

        var state: UInt64 = 0x5EED
        for seed in 0..<20 {
            let garbage = (0..<4096).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            let path = folder + "/random-\(seed).jpg"
            try Data([0xFF, 0xD8, 0xFF] + garbage).write(to: URL(fileURLWithPath: path))
            let error = Self.refusal(path)
            // Refused by the header check when it can tell, else by libjpeg.
            #expect(error?.call == "ImageHeader" || error?.call.hasPrefix("kiosk_jpeg_") == true, "\(seed): \(String(describing: error))")
        }
    }

    @Test func strayBytesRefusedInsideThePictureButNotBeforeItsEnd() throws {
        let folder = try temporaryFolder()
        let bytes = try Self.writeJPEG(folder + "/good.jpg", width: 320, height: 240) { Self.smooth(x: $0, y: $1, width: 320, height: 240) }
        // Padding between the last scan and the end marker: every pixel is there.
        let padded = bytes.dropLast(2) + [0x00, 0x00, 0x00, 0xFF, 0xD9]
        try Data(padded).write(to: URL(fileURLWithPath: folder + "/padded.jpg"))
        #expect(Self.refusal(folder + "/padded.jpg") == nil)
        // Garbage before the start of the scan: what follows can't be trusted.
        let sos = try #require((2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
        let spoiled = bytes[..<sos] + [0x12, 0x34, 0x56] + bytes[sos...]
        try Data(spoiled).write(to: URL(fileURLWithPath: folder + "/spoiled.jpg"))
        let error = try #require(Self.refusal(folder + "/spoiled.jpg"))
        #expect(error.message.contains("damaged or cut off (Corrupt JPEG data: 3 extraneous bytes before marker 0xda)"), "\(error)")
    }

    @Test func fineDetailShrinksToGreyNotAliases() throws {
        // A one-pixel checkerboard: its average is mid grey; sampling would give black or white,
        // or moiré. At 1/8 (100×100) and at 3/8 plus a stretch (280×280).
        let path = try temporaryFolder() + "/checkers.jpg"
        try Self.writeJPEG(path, width: 800, height: 800) { x, y in (x + y) % 2 == 0 ? Color(0, 0, 0) : Color(255, 255, 255) }
        for side in [100, 280] {
            let (_, image) = try Self.decoded(path, width: side, height: side)
            #expect(image.width == side && image.height == side)
            var darkest = 255, lightest = 0
            for y in 0..<side {
                for x in 0..<side {
                    let p = image.pixel(x: x, y: y)
                    darkest = min(darkest, Int(p.g))
                    lightest = max(lightest, Int(p.g))
                }
            }
            #expect(darkest >= 116 && lightest <= 140, "\(side)×\(side): from \(darkest) to \(lightest)")
        }
    }
}
