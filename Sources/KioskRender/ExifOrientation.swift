import CSDL2
import Foundation

/// Undoes a picture's EXIF orientation (1…8, read by `ImageHeader`).
///
/// Cameras and phones store pictures as the sensor saw them and record the turn in EXIF;
/// decoders ignore it, so a portrait photo from a phone would appear lying on its side.
enum ExifOrientation {
    /// True for the orientations that swap width and height (the 90° turns).
    static func swapsSides(_ orientation: Int) -> Bool { (5...8).contains(orientation) }

    /// A new surface with `orientation` undone: the picture as it should be seen. 32-bit only.
    static func apply(_ orientation: Int, to surface: UnsafeMutablePointer<SDL_Surface>) throws -> UnsafeMutablePointer<SDL_Surface> {
        let sw = Int(surface.pointee.w), sh = Int(surface.pointee.h)
        let swap = swapsSides(orientation)
        let ow = swap ? sh : sw, oh = swap ? sw : sh
        guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(ow), Int32(oh), 32, surface.pointee.format.pointee.format) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "turning \(sw)×\(sh)")
        }
        let src = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        let dst = out.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        let srcStride = Int(surface.pointee.pitch) / 4, dstStride = Int(out.pointee.pitch) / 4
        for y in 0..<oh {
            for x in 0..<ow {
                // Where output pixel (x, y) comes from in the stored picture.
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (sw - 1 - x, y)                 // mirrored
                case 3: (sx, sy) = (sw - 1 - x, sh - 1 - y)        // upside down
                case 4: (sx, sy) = (x, sh - 1 - y)                 // mirrored vertically
                case 5: (sx, sy) = (y, x)                          // transposed
                case 6: (sx, sy) = (y, sh - 1 - x)                 // needs a quarter turn clockwise
                case 7: (sx, sy) = (sw - 1 - y, sh - 1 - x)        // transversed
                case 8: (sx, sy) = (sw - 1 - y, x)                 // needs a quarter turn anticlockwise
                default: (sx, sy) = (x, y)
                }
                dst[y * dstStride + x] = src[sy * srcStride + sx]
            }
        }
        return out
    }
}
