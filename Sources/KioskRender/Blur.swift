import CSDL2

/// The blurred backdrop behind a photo shown whole: the photo shrunk to a few dozen pixels and
/// box-blurred, which the renderer stretches over the screen with linear filtering. Cheap to
/// make (a thumbnail) and to keep (a few kilobytes), and soft enough that the bands beside a
/// portrait read as its colours, not as a second copy of it.
enum Blur {
    /// The long side of a backdrop in pixels.
    static let longSide = 48

    /// The size to decode a backdrop at for a `width`×`height` area: its proportions, tiny.
    static func backdropSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let w = max(1, width), h = max(1, height)
        let scale = Double(longSide) / Double(max(w, h))
        return (max(4, Int((Double(w) * scale).rounded())), max(4, Int((Double(h) * scale).rounded())))
    }

    /// Three passes of a 5-pixel box blur in each direction (close to a Gaussian), in place, on
    /// a 32-bit surface; edges repeat their last pixel.
    static func apply(to surface: UnsafeMutablePointer<SDL_Surface>, radius: Int = 2, passes: Int = 3) {
        let w = Int(surface.pointee.w), h = Int(surface.pointee.h)
        guard w > 0, h > 0, surface.pointee.format.pointee.BytesPerPixel == 4 else { return }
        let stride = Int(surface.pointee.pitch) / 4
        let pixels = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        // In a format without alpha (the decoder's RGB888) the top byte is padding that no
        // decoder writes: it is kept as it is, never read into a sum. Averaging it made valgrind
        // report every blurred backdrop as a use of uninitialised memory.
        let topByteIsPadding = surface.pointee.format.pointee.Amask == 0
        var line = [UInt32](repeating: 0, count: max(w, h))
        for _ in 0..<passes {
            for y in 0..<h {
                blurLine(pixels + y * stride, count: w, step: 1, radius: radius, keepTopByte: topByteIsPadding, scratch: &line)
            }
            for x in 0..<w {
                blurLine(pixels + x, count: h, step: stride, radius: radius, keepTopByte: topByteIsPadding, scratch: &line)
            }
        }
    }

    /// One row or column: each channel becomes the mean of the 2·radius+1 around it (the top
    /// byte is left alone when `keepTopByte`).
    private static func blurLine(_ start: UnsafeMutablePointer<UInt32>, count: Int, step: Int, radius: Int, keepTopByte: Bool,
                                 scratch: inout [UInt32]) {
        for i in 0..<count { scratch[i] = start[i * step] }
        let window = UInt32(2 * radius + 1)
        let topMask: UInt32 = keepTopByte ? 0 : 0xFF
        for i in 0..<count {
            var sums: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            for k in -radius...radius {
                let p = scratch[min(count - 1, max(0, i + k))]
                sums.0 += (p >> 24) & topMask; sums.1 += (p >> 16) & 0xFF; sums.2 += (p >> 8) & 0xFF; sums.3 += p & 0xFF
            }
            let top = keepTopByte ? start[i * step] & 0xFF00_0000 : (sums.0 / window) << 24
            start[i * step] = top | (sums.1 / window) << 16 | (sums.2 / window) << 8 | sums.3 / window
        }
    }
}
