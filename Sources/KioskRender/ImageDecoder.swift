import CSDL2

/// A picture decoded, turned upright and scaled for the screen; the surface is owned by whoever
/// holds this value until it is freed or handed on.
struct DecodedPicture: @unchecked Sendable {
    let surface: UnsafeMutablePointer<SDL_Surface>
    /// The picture's full size, upright, before scaling.
    let sourceWidth: Int
    let sourceHeight: Int
    /// Some pixel is translucent: the texture must blend even at full opacity.
    let hasAlpha: Bool
    var width: Int { Int(surface.pointee.w) }
    var height: Int { Int(surface.pointee.h) }
    var bytes: Int { Int(surface.pointee.pitch) * height }
}

/// Decodes a picture file with SDL_image into one of two fixed 32-bit formats, scaled down to
/// what the screen needs: opaque pictures as RGB888 (XRGB: the software renderer copies them
/// without blending), pictures with transparency as ARGB8888.
enum ImageDecoder {
    /// The size to decode a `sourceWidth`×`sourceHeight` picture to, to fill a `boxWidth`×`boxHeight`
    /// rectangle even when cropped (cover), keeping its proportions, never enlarged.
    static func targetSize(sourceWidth: Int, sourceHeight: Int, boxWidth: Int, boxHeight: Int) -> (width: Int, height: Int) {
        let sw = Double(sourceWidth), sh = Double(sourceHeight)
        let scale = min(1, max(Double(max(1, boxWidth)) / sw, Double(max(1, boxHeight)) / sh))
        return (max(1, Int((sw * scale).rounded())), max(1, Int((sh * scale).rounded())))
    }

    static func decode(path: String, width boxWidth: Int, height boxHeight: Int) throws -> DecodedPicture {
        guard let stream = SDL_RWFromFile(path, "rb") else { throw RenderError("SDL_RWFromFile", context: path) }
        guard let loaded = IMG_Load_RW(stream, 1) else { throw RenderError("IMG_Load_RW", context: path) }
        var current = loaded
        var handedOver = false
        defer { if !handedOver { SDL_FreeSurface(current) } }
        func replace(_ next: UnsafeMutablePointer<SDL_Surface>) {
            SDL_FreeSurface(current)
            current = next
        }

        let storedW = Int(current.pointee.w), storedH = Int(current.pointee.h)
        guard storedW > 0, storedH > 0 else { throw RenderError(call: "IMG_Load_RW", message: "\(path): empty picture") }
        let format = current.pointee.format.pointee
        let keyed = SDL_HasColorKey(current) == SDL_TRUE
        var hasAlpha = format.Amask != 0 || keyed
        let orientation = ExifOrientation.read(path: path)
        let turned = ExifOrientation.swapsSides(orientation)
        let (uprightW, uprightH) = turned ? (storedH, storedW) : (storedW, storedH)
        let target = targetSize(sourceWidth: uprightW, sourceHeight: uprightH, boxWidth: boxWidth, boxHeight: boxHeight)
        // The target as stored, before the turn is undone.
        let (targetW, targetH) = turned ? (target.height, target.width) : (target.width, target.height)

        let final32 = hasAlpha ? SDL_PIXELFORMAT_ARGB8888.rawValue : SDL_PIXELFORMAT_RGB888.rawValue
        // Palettes and colour keys are resolved first; plain 3- and 4-byte pixels are halved as
        // they come and converted only when small.
        if format.palette != nil || keyed || !(format.BytesPerPixel == 3 || format.BytesPerPixel == 4) {
            guard let converted = SDL_ConvertSurfaceFormat(current, final32, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(converted)
        }
        let twentyFour = [SDL_PIXELFORMAT_RGB24.rawValue, SDL_PIXELFORMAT_BGR24.rawValue]
        if !hasAlpha, twentyFour.contains(current.pointee.format.pointee.format),
           Int(current.pointee.w) >= 2 * targetW && Int(current.pointee.h) >= 2 * targetH {
            replace(try Downscale.halveToXRGB(current))   // JPEGs: halve and convert in one pass
        }
        while Int(current.pointee.w) >= 2 * targetW && Int(current.pointee.h) >= 2 * targetH {
            replace(try Downscale.halve(current))
        }
        if current.pointee.format.pointee.format != final32 {
            guard let converted = SDL_ConvertSurfaceFormat(current, final32, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(converted)
        }
        if Int(current.pointee.w) != targetW || Int(current.pointee.h) != targetH {
            replace(try Downscale.stretch(current, width: targetW, height: targetH))
        }
        if orientation != 1 { replace(try ExifOrientation.apply(orientation, to: current)) }
        if hasAlpha && isOpaque(current) {
            // A PNG saved with an alpha channel it doesn't use: copy it like a photo.
            guard let converted = SDL_ConvertSurfaceFormat(current, SDL_PIXELFORMAT_RGB888.rawValue, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(converted)
            hasAlpha = false
        }
        handedOver = true
        return DecodedPicture(surface: current, sourceWidth: uprightW, sourceHeight: uprightH, hasAlpha: hasAlpha)
    }

    /// Every pixel of an ARGB8888 surface fully opaque.
    private static func isOpaque(_ surface: UnsafeMutablePointer<SDL_Surface>) -> Bool {
        let w = Int(surface.pointee.w), h = Int(surface.pointee.h), stride = Int(surface.pointee.pitch) / 4
        let pixels = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        for y in 0..<h {
            let row = pixels + y * stride
            for x in 0..<w where row[x] >> 24 != 0xFF { return false }
        }
        return true
    }
}
