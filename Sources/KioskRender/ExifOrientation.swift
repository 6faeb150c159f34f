import CSDL2
import FoundationEssentials

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
        let src = UnsafePointer(surface.pointee.pixels.assumingMemoryBound(to: UInt32.self))
        let dst = out.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        let srcStride = Int(surface.pointee.pitch) / 4, dstStride = Int(out.pointee.pitch) / 4
        // Where output pixel (x, y) comes from in the stored picture is linear in x and y: the
        // source index of (0, 0) and its steps along an output row and down an output column.
        let (sx0, sy0, sxByX, syByX, sxByY, syByY): (Int, Int, Int, Int, Int, Int)
        switch orientation {
        case 2: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (sw - 1, 0, -1, 0, 0, 1)            // mirrored
        case 3: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (sw - 1, sh - 1, -1, 0, 0, -1)      // upside down
        case 4: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (0, sh - 1, 1, 0, 0, -1)            // mirrored vertically
        case 5: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (0, 0, 0, 1, 1, 0)                  // transposed
        case 6: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (0, sh - 1, 0, -1, 1, 0)            // needs a quarter turn clockwise
        case 7: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (sw - 1, sh - 1, 0, -1, -1, 0)      // transversed
        case 8: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (sw - 1, 0, 0, 1, -1, 0)            // needs a quarter turn anticlockwise
        default: (sx0, sy0, sxByX, syByX, sxByY, syByY) = (0, 0, 1, 0, 0, 1)
        }
        let origin = sy0 * srcStride + sx0, stepX = syByX * srcStride + sxByX, stepY = syByY * srcStride + sxByY
        // In tiles: a quarter turn reads the source down its columns, and a tile's columns stay
        // in the cache where a whole picture's would not (a 24 MP portrait's turn took ~35 ms).
        let tile = 64
        for ty in stride(from: 0, to: oh, by: tile) {
            for tx in stride(from: 0, to: ow, by: tile) {
                for y in ty..<min(ty + tile, oh) {
                    var from = origin + y * stepY + tx * stepX
                    let row = dst + y * dstStride
                    for x in tx..<min(tx + tile, ow) {
                        row[x] = src[from]
                        from &+= stepX
                    }
                }
            }
        }
        return out
    }
}
