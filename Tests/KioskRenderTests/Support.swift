import CSDL2
import Foundation
import KioskCore
@testable import KioskRender

/// A fresh folder under the system's temporary directory for one test's files.
func temporaryFolder(_ name: String = #function) throws -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("kiosk-render-tests/\(safe)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Where tests leave pictures worth looking at by eye (a sample of Vietnamese text).
let artifactFolder: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-render-artifacts").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// Test pictures made with SDL itself, so the tests need no binary fixtures.
enum TestPicture {
    /// A `width`×`height` picture painted by `color(x, y)`, as an XRGB surface.
    static func surface(width: Int, height: Int, alpha: Bool = false,
                        color: (Int, Int) -> Color) throws -> UnsafeMutablePointer<SDL_Surface> {
        let format = alpha ? SDL_PIXELFORMAT_ARGB8888.rawValue : SDL_PIXELFORMAT_RGB888.rawValue
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, format) else {
            throw RenderError(call: "SDL_CreateRGBSurfaceWithFormat", message: String(cString: SDL_GetError()))
        }
        let stride = Int(surface.pointee.pitch) / 4
        let pixels = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        for y in 0..<height {
            for x in 0..<width {
                let c = color(x, y)
                pixels[y * stride + x] = UInt32(c.a) << 24 | UInt32(c.r) << 16 | UInt32(c.g) << 8 | UInt32(c.b)
            }
        }
        return surface
    }

    static func writePNG(_ path: String, width: Int, height: Int, alpha: Bool = false, color: (Int, Int) -> Color) throws {
        let s = try surface(width: width, height: height, alpha: alpha, color: color)
        defer { SDL_FreeSurface(s) }
        guard IMG_SavePNG(s, path) == 0 else { throw RenderError(call: "IMG_SavePNG", message: String(cString: SDL_GetError())) }
    }

    static func writeJPEG(_ path: String, width: Int, height: Int, color: (Int, Int) -> Color) throws {
        let s = try surface(width: width, height: height, color: color)
        defer { SDL_FreeSurface(s) }
        guard IMG_SaveJPG(s, path, 92) == 0 else { throw RenderError(call: "IMG_SaveJPG", message: String(cString: SDL_GetError())) }
    }

    /// A landscape picture: left half red, right half blue, 1 px green border. Cropping (cover)
    /// cuts into the halves, letterboxing (contain) leaves bands of the background.
    static func halves(x: Int, y: Int, width: Int, height: Int) -> Color {
        x < width / 2 ? Color(220, 30, 30) : Color(30, 30, 220)
    }
}

/// Channel-wise closeness, for colours that went through blending or JPEG.
func close(_ p: (r: UInt8, g: UInt8, b: UInt8, a: UInt8), _ c: Color, within: Int = 6) -> Bool {
    abs(Int(p.r) - Int(c.r)) <= within && abs(Int(p.g) - Int(c.g)) <= within && abs(Int(p.b) - Int(c.b)) <= within
}

extension RGBAImage {
    /// Pixels in `rect` brighter than `threshold` (any channel).
    func litPixels(x: Range<Int>, y: Range<Int>, threshold: UInt8 = 100) -> Int {
        var n = 0
        for yy in y.clamped(to: 0..<height) {
            for xx in x.clamped(to: 0..<width) {
                let p = pixel(x: xx, y: yy)
                if max(p.r, p.g, p.b) > threshold { n += 1 }
            }
        }
        return n
    }

    /// The rightmost column holding a lit pixel, or nil.
    func rightmostLitColumn(threshold: UInt8 = 40) -> Int? {
        for xx in stride(from: width - 1, through: 0, by: -1) where litPixels(x: xx..<xx + 1, y: 0..<height, threshold: threshold) > 0 {
            return xx
        }
        return nil
    }
}
