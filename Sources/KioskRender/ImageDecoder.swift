import CSDL2

/// Decoding with SDL_image and scaling down without aliasing: halve with a 2×2 box filter
/// while the picture is more than twice the target, then one bilinear stretch.
enum ImageDecoder {
    static func decode(path: String, maxWidth: Int, maxHeight: Int) throws -> DecodedImage {
        guard let loaded = IMG_Load(path) else { throw RenderError("IMG_Load", message: String(cString: SDL_GetError())) }
        defer { SDL_FreeSurface(loaded) }
        guard let argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888.rawValue, 0) else {
            throw RenderError("SDL_ConvertSurfaceFormat")
        }
        var current = DecodedImage(argb)
        let w = Double(current.width), h = Double(current.height)
        guard w > 0, h > 0 else { throw RenderError("IMG_Load", message: "empty picture") }
        // Enough pixels to fill the target when cropped (cover), never more than the file has.
        let scale = min(1, max(Double(maxWidth) / w, Double(maxHeight) / h))
        let targetW = max(1, Int((w * scale).rounded())), targetH = max(1, Int((h * scale).rounded()))
        while current.width >= targetW * 2 && current.height >= targetH * 2 {
            current = try halve(current)
        }
        if current.width != targetW || current.height != targetH {
            guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(targetW), Int32(targetH), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
                throw RenderError("SDL_CreateRGBSurfaceWithFormat")
            }
            let scaled = DecodedImage(out)
            guard SDL_SoftStretchLinear(current.surface, nil, out, nil) == 0 else { throw RenderError("SDL_SoftStretchLinear") }
            current = scaled
        }
        return current
    }

    /// Halves both sides, each output pixel the mean of a 2×2 block.
    static func halve(_ image: DecodedImage) throws -> DecodedImage {
        let w = image.width / 2, h = image.height / 2
        guard let out = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat")
        }
        let src = image.surface.pointee, dst = out.pointee
        let srcBase = src.pixels.assumingMemoryBound(to: UInt8.self)
        let dstBase = dst.pixels.assumingMemoryBound(to: UInt8.self)
        let srcPitch = Int(src.pitch), dstPitch = Int(dst.pitch)
        for y in 0..<h {
            let row0 = srcBase + (2 * y) * srcPitch, row1 = row0 + srcPitch
            let outRow = dstBase + y * dstPitch
            for x in 0..<w {
                let a = 8 * x
                for c in 0..<4 {
                    let sum = Int(row0[a + c]) + Int(row0[a + 4 + c]) + Int(row1[a + c]) + Int(row1[a + 4 + c])
                    outRow[4 * x + c] = UInt8((sum + 2) >> 2)
                }
            }
        }
        return DecodedImage(out)
    }
}
