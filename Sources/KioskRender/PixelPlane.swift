import CJPEG
import CSDL2
import Dispatch
import FoundationEssentials
import Glibc
import Dispatch

/// 32-bit XRGB pixels the canvas reads and writes itself on SDL's software renderer: the
/// screen's surface, the still layer, a picture's texture.
///
/// SDL 2.26 blends a picture at an opacity two pixels an iteration and scales through a
/// temporary surface as big as the scaled picture; a crossfade or a scene fade spent most of its
/// frame there. These loops (kiosk_pixels.h) do four to eight pixels an iteration with SDL's own
/// arithmetic, so the frame is the same to the bit (the canvas tests compare the two).
struct PixelPlane {
    let base: UnsafeMutableRawPointer
    let pitch: Int32
    let width: Int32
    let height: Int32

    init(base: UnsafeMutableRawPointer, pitch: Int32, width: Int32, height: Int32) {
        self.base = base; self.pitch = pitch; self.width = width; self.height = height
    }

    /// The pixels of a surface in one of the two XRGB layouts the canvas uses, not RLE-encoded.
    init?(surface: UnsafeMutablePointer<SDL_Surface>) {
        let s = surface.pointee
        guard let pixels = s.pixels, let format = s.format, Self.isXRGB(format.pointee.format),
              s.flags & UInt32(SDL_RLEACCEL) == 0 else { return nil }
        self.init(base: pixels, pitch: s.pitch, width: s.w, height: s.h)
    }

    /// RGB888 and ARGB8888 keep a pixel as one native-endian 0xXXRRGGBB word.
    static func isXRGB(_ format: UInt32) -> Bool {
        format == SDL_PIXELFORMAT_RGB888.rawValue || format == SDL_PIXELFORMAT_ARGB8888.rawValue
    }

    var bounds: SDL_Rect { SDL_Rect(x: 0, y: 0, w: width, h: height) }

    func at(_ x: Int32, _ y: Int32) -> UnsafeMutablePointer<UInt8> {
        (base + Int(y) * Int(pitch) + Int(x) * 4).assumingMemoryBound(to: UInt8.self)
    }

    /// Copies `rect` of `source`, a plane of the same size, to the same place here.
    func copy(_ rect: SDL_Rect, from source: PixelPlane) {
        copy(from: source, x: rect.x, y: rect.y, to: rect)
    }

    /// Copies the pixels of `source` from (`x`, `y`) on into `destination` here.
    func copy(from source: PixelPlane, x: Int32, y: Int32, to destination: SDL_Rect) {
        guard destination.w > 0, destination.h > 0 else { return }
        let bytes = Int(destination.w) * 4
        for row in 0..<destination.h {
            memcpy(at(destination.x, destination.y + row), source.at(x, y + row), bytes)
        }
    }

    /// Blends `rgb` at `alpha` over `rect`, as SDL blends a translucent fill.
    func blend(_ rect: SDL_Rect, rgb: UInt32, alpha: UInt8) {
        guard rect.w > 0, rect.h > 0 else { return }
        kiosk_blend_solid(at(rect.x, rect.y), pitch, rect.w, rect.h, rgb, UInt32(alpha))
    }

    /// Blends the pixels of `source` from (`x`, `y`) on over `destination` here at `alpha`.
    func blend(from source: PixelPlane, x: Int32, y: Int32, to destination: SDL_Rect, alpha: UInt8) {
        guard destination.w > 0, destination.h > 0 else { return }
        kiosk_blend_pixels(at(destination.x, destination.y), pitch, source.at(x, y), source.pitch,
                           destination.w, destination.h, UInt32(alpha))
    }

    /// `part` (in the scaled picture's own coordinates) of `source`'s `sourceRect` scaled
    /// linearly to `size`, written (`alpha` 255) or blended at `origin` here. False when out of memory.
    func stretch(from source: PixelPlane, _ sourceRect: SDL_Rect, size: (w: Int32, h: Int32), part: SDL_Rect,
                 at origin: (x: Int32, y: Int32), alpha: UInt8) -> Bool {
        guard part.w > 0, part.h > 0 else { return true }
        // Each row of the result depends only on its own place: bands of rows are the same pixels.
        return Self.inBands(rows: part.h, width: part.w) { top, rows in
            kiosk_stretch_linear(source.at(sourceRect.x, sourceRect.y), source.pitch, sourceRect.w, sourceRect.h,
                                 size.w, size.h, part.x, part.y + top, part.w, rows,
                                 at(origin.x, origin.y + top), pitch, UInt32(alpha)) == 0
        }
    }

    /// `under` (from its (`ux`, `uy`)) with `over` (from (`ox`, `oy`)) blended on it at `alpha`,
    /// written into `destination` here in one pass.
    func mix(_ destination: SDL_Rect, under: PixelPlane, _ ux: Int32, _ uy: Int32, over: PixelPlane, _ ox: Int32, _ oy: Int32,
             alpha: UInt8) {
        guard destination.w > 0, destination.h > 0 else { return }
        _ = Self.inBands(rows: destination.h, width: destination.w) { top, rows in
            kiosk_mix_pixels(at(destination.x, destination.y + top), pitch, under.at(ux, uy + top), under.pitch,
                             over.at(ox, oy + top), over.pitch, destination.w, rows, UInt32(alpha))
            return true
        }
    }

    /// From this many pixels a pass runs as two bands of rows on two cores: a full-screen
    /// scaled photo (Ken Burns) or crossfade is several milliseconds on one core, and the main
    /// thread waits for both bands either way.
    static let bandsFrom = 512 * 1024
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// `body(top, rows)` over `rows` rows: at once, or for a big enough pass as two bands side
    /// by side. True when every band succeeded.
    private static func inBands(rows: Int32, width: Int32, _ body: (Int32, Int32) -> Bool) -> Bool {
        guard cores >= 2, Int(rows) * Int(width) >= bandsFrom, rows >= 2 else { return body(0, rows) }
        let half = rows / 2
        let results = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { band in
            results[band] = band == 0 ? body(0, half) : body(half, rows - half)
        }
        return results[0] && results[1]
    }
}
