import CSDL2
import Foundation

/// The EXIF orientation of a JPEG (1…8), read from its APP1 segment.
///
/// Cameras and phones store pictures as the sensor saw them and record the turn in EXIF;
/// SDL_image ignores it, so a portrait photo from a phone would appear lying on its side.
enum ExifOrientation {
    /// How far into a file the orientation is looked for: EXIF sits in the first segments, and
    /// 128 KiB covers it with thumbnails included.
    static let searched = (128 << 10) + 2

    /// 1 (as stored) when the file is not a JPEG, has no EXIF, or says something odd.
    static func read(path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 1 }
        defer { try? handle.close() }
        // Only JPEGs carry it here; look at the signature before reading more.
        guard let head = try? handle.read(upToCount: 2), [UInt8](head) == [0xFF, 0xD8] else { return 1 }
        guard let rest = try? handle.read(upToCount: searched - 2) else { return 1 }
        return parse([0xFF, 0xD8] + [UInt8](rest))
    }

    static func parse(_ bytes: [UInt8]) -> Int {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return 1 }
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF {
            let marker = bytes[at + 1]
            if marker == 0xD9 || marker == 0xDA { return 1 }   // end of image / start of scan
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length >= 2 else { return 1 }
            let body = at + 4, end = min(bytes.count, at + 2 + length)
            if marker == 0xE1, end - body > 14, Array(bytes[body..<body + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] {
                return tiffOrientation(bytes, base: body + 6, end: end)
            }
            at += 2 + length
        }
        return 1
    }

    /// Tag 0x0112 of IFD0 in the TIFF structure that starts at `base`.
    private static func tiffOrientation(_ b: [UInt8], base: Int, end: Int) -> Int {
        guard base + 8 <= end else { return 1 }
        let little = b[base] == 0x49 && b[base + 1] == 0x49
        guard little || (b[base] == 0x4D && b[base + 1] == 0x4D) else { return 1 }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i + 2 <= end else { return nil }
            return little ? Int(b[i]) | Int(b[i + 1]) << 8 : Int(b[i]) << 8 | Int(b[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard let hi = u16(little ? i + 2 : i), let lo = u16(little ? i : i + 2) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(base + 4), let count = u16(base + ifd) else { return 1 }
        for n in 0..<min(count, 512) {
            let entry = base + ifd + 2 + n * 12
            guard let tag = u16(entry) else { return 1 }
            if tag == 0x0112, let value = u16(entry + 8) { return (1...8).contains(value) ? value : 1 }
        }
        return 1
    }

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
