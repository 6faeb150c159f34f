import CSDL2

/// Shrinking pictures without aliasing: halve with a 2×2 box filter while the picture is at
/// least twice the target, then one bilinear stretch for the rest. A single bilinear step from
/// 6000 px to 1000 px would sample one pixel in six and shimmer on fine detail (text on a
/// banner, a striped shirt).
enum Downscale {
    /// A new surface of half the width and height (odd last row/column dropped), each pixel the
    /// mean of a 2×2 block, byte by byte. Works on any 3- or 4-byte format without converting
    /// first, so a 24-megapixel JPEG (RGB24) is never expanded to a 96 MB 32-bit copy.
    static func halve(_ surface: UnsafeMutablePointer<SDL_Surface>) throws -> UnsafeMutablePointer<SDL_Surface> {
        let format = surface.pointee.format.pointee
        let bpp = Int(format.BytesPerPixel)
        let w = Int(surface.pointee.w) / 2, h = Int(surface.pointee.h) / 2
        guard bpp == 3 || bpp == 4, w > 0, h > 0 else {
            throw RenderError(call: "halve", message: "unsupported \(bpp)-byte pixels or empty picture")
        }
        guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), Int32(format.BitsPerPixel), format.format) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "halving to \(w)×\(h)")
        }
        let srcBase = surface.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        let dstBase = out.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        let srcPitch = Int(surface.pointee.pitch), dstPitch = Int(out.pointee.pitch)
        // Two loops specialised by pixel size: a generic inner loop over channels runs several
        // times slower, and this is most of the decode time after the JPEG decoder itself.
        for y in 0..<h {
            let top = srcBase + 2 * y * srcPitch, bottom = top + srcPitch
            let outRow = dstBase + y * dstPitch
            if bpp == 4 {
                let t = UnsafeRawPointer(top).assumingMemoryBound(to: UInt32.self)
                let b = UnsafeRawPointer(bottom).assumingMemoryBound(to: UInt32.self)
                let o = UnsafeMutableRawPointer(outRow).assumingMemoryBound(to: UInt32.self)
                for x in 0..<w {
                    let p0 = t[2 * x], p1 = t[2 * x + 1], p2 = b[2 * x], p3 = b[2 * x + 1]
                    // Two channels at a time in 16-bit lanes: four bytes sum to at most 1020.
                    let lo = (p0 & 0x00FF_00FF) &+ (p1 & 0x00FF_00FF) &+ (p2 & 0x00FF_00FF) &+ (p3 & 0x00FF_00FF) &+ 0x0002_0002
                    let hi = ((p0 >> 8) & 0x00FF_00FF) &+ ((p1 >> 8) & 0x00FF_00FF) &+ ((p2 >> 8) & 0x00FF_00FF)
                        &+ ((p3 >> 8) & 0x00FF_00FF) &+ 0x0002_0002
                    o[x] = ((lo >> 2) & 0x00FF_00FF) | (((hi >> 2) & 0x00FF_00FF) << 8)
                }
            } else {
                var s = 0
                for d in stride(from: 0, to: w * 3, by: 3) {
                    outRow[d] = UInt8(truncatingIfNeeded: (UInt16(top[s]) &+ UInt16(top[s + 3]) &+ UInt16(bottom[s]) &+ UInt16(bottom[s + 3]) &+ 2) >> 2)
                    outRow[d + 1] = UInt8(truncatingIfNeeded: (UInt16(top[s + 1]) &+ UInt16(top[s + 4]) &+ UInt16(bottom[s + 1]) &+ UInt16(bottom[s + 4]) &+ 2) >> 2)
                    outRow[d + 2] = UInt8(truncatingIfNeeded: (UInt16(top[s + 2]) &+ UInt16(top[s + 5]) &+ UInt16(bottom[s + 2]) &+ UInt16(bottom[s + 5]) &+ 2) >> 2)
                    s += 6
                }
            }
        }
        return out
    }

    /// A bilinear resize to exactly `width`×`height`; both surfaces 32-bit, same format.
    static func stretch(_ surface: UnsafeMutablePointer<SDL_Surface>, width: Int, height: Int) throws -> UnsafeMutablePointer<SDL_Surface> {
        guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, surface.pointee.format.pointee.format) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "stretching to \(width)×\(height)")
        }
        guard SDL_SoftStretchLinear(surface, nil, out, nil) == 0 else {
            let error = RenderError("SDL_SoftStretchLinear")
            SDL_FreeSurface(out)
            throw error
        }
        return out
    }
}

extension Downscale {
    /// Halves a 24-bit RGB24 or BGR24 picture straight into XRGB (RGB888): the first halving
    /// of a JPEG and its conversion to the fixed format in one pass over the big picture.
    static func halveToXRGB(_ surface: UnsafeMutablePointer<SDL_Surface>) throws -> UnsafeMutablePointer<SDL_Surface> {
        let format = surface.pointee.format.pointee.format
        guard format == SDL_PIXELFORMAT_RGB24.rawValue || format == SDL_PIXELFORMAT_BGR24.rawValue else {
            throw RenderError(call: "halveToXRGB", message: "not a 24-bit RGB picture")
        }
        // Byte offsets of red and blue within a pixel.
        let (r, b) = format == SDL_PIXELFORMAT_RGB24.rawValue ? (0, 2) : (2, 0)
        let w = Int(surface.pointee.w) / 2, h = Int(surface.pointee.h) / 2
        guard w > 0, h > 0 else { throw RenderError(call: "halveToXRGB", message: "picture too small to halve") }
        guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "halving to \(w)×\(h)")
        }
        let srcBase = surface.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        let srcPitch = Int(surface.pointee.pitch), dstStride = Int(out.pointee.pitch) / 4
        let dstBase = out.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        for y in 0..<h {
            let top = srcBase + 2 * y * srcPitch, bottom = top + srcPitch
            let o = dstBase + y * dstStride
            var s = 0
            for x in 0..<w {
                let red = UInt32(top[s + r]) &+ UInt32(top[s + r + 3]) &+ UInt32(bottom[s + r]) &+ UInt32(bottom[s + r + 3]) &+ 2
                let green = UInt32(top[s + 1]) &+ UInt32(top[s + 4]) &+ UInt32(bottom[s + 1]) &+ UInt32(bottom[s + 4]) &+ 2
                let blue = UInt32(top[s + b]) &+ UInt32(top[s + b + 3]) &+ UInt32(bottom[s + b]) &+ UInt32(bottom[s + b + 3]) &+ 2
                o[x] = 0xFF00_0000 | (red >> 2) << 16 | (green >> 2) << 8 | (blue >> 2)
                s &+= 6
            }
        }
        return out
    }
}
