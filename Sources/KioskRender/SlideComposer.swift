import CSDL2
import KioskCore
import KioskData

/// Composes a slide (`ImageKind.slide`) on the decoding thread: the photo's blurred backdrop
/// stretched over the slide, the veil blended over it, the photo whole in the middle. These are
/// the canvas's own pixel loops on the same pictures, so the slide is the pixels the three draws
/// gave on screen (a backdrop, a translucent fill, a photo) and the screen then copies or mixes
/// one opaque picture instead of making three passes, twice during a crossfade.
enum SlideComposer {
    static func compose(path: String, layout: SlideLayout, limits: PictureLimits, maxSide: Int) throws -> DecodedPicture {
        var area = layout.area
        var size = ImageFitting.pixels(area)
        guard size.w > 0, size.h > 0, size.w <= 16384, size.h <= 16384 else {
            throw RenderError(call: "SlideComposer", message: "\(path): a slide of \(size.w)×\(size.h) pixels")
        }
        if maxSide > 0 && Int(max(size.w, size.h)) > maxSide {
            // Larger than a texture may be (a screen wider than a GPU's textures): composed
            // smaller, the renderer stretches it.
            let scale = Double(maxSide) / Double(max(size.w, size.h))
            area = Rect(x: 0, y: 0, width: area.width * scale, height: area.height * scale)
            size = ImageFitting.pixels(area)
        }
        let width = Int(size.w), height = Int(size.h)

        var box = DecodeBox()
        box.include(width: width, height: height, fit: .contain)
        box.maxSide = maxSide
        // Without the photo (Ken Burns' surround) only the thumbnail is decoded.
        let photo = layout.showsPhoto ? try ImageDecoder.decode(path: path, box: box, limits: limits) : nil
        defer { if let photo { SDL_FreeSurface(photo.surface) } }
        // A few dozen pixels across, blurred: stretched over the slide it is a soft wash of the
        // photo's colours, at the cost of a thumbnail.
        let small = Blur.backdropSize(width: width, height: height)
        let backdrop = try ImageDecoder.decode(path: path, box: DecodeBox(width: small.width, height: small.height), limits: limits)
        defer { SDL_FreeSurface(backdrop.surface) }
        Blur.apply(to: backdrop.surface)

        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, size.w, size.h, 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "\(path): a slide of \(width)×\(height)")
        }
        var handedOver = false
        defer { if !handedOver { SDL_FreeSurface(surface) } }
        guard let slide = PixelPlane(surface: surface) else { throw RenderError(call: "SlideComposer", message: "\(path): unusable surface") }
        let veil = UInt32(layout.veil.r) << 16 | UInt32(layout.veil.g) << 8 | UInt32(layout.veil.b)
        // What lay under a backdrop with transparency: the panel's fill, the veil's colour.
        if backdrop.hasAlpha || photo?.hasAlpha == true { slide.blend(slide.bounds, rgb: veil, alpha: 255) }
        let origin = (x: size.x, y: size.y)
        for (picture, fit) in [(backdrop, ImageFit.cover)] + (photo.map { [($0, .contain)] } ?? []) {
            guard let place = ImageFitting.placement(width: picture.width, height: picture.height, in: area, fit: fit) else { continue }
            let destination = SDL_Rect(x: place.destination.x - origin.x, y: place.destination.y - origin.y,
                                       w: place.destination.w, h: place.destination.h)
            try draw(picture, source: place.source, into: destination, on: slide, surface: surface, path: path)
            // The veil lies over the blurred copy, under the photo.
            if fit == .cover { slide.blend(slide.bounds, rgb: veil, alpha: layout.veil.a) }
        }
        handedOver = true
        return DecodedPicture(surface: surface, sourceWidth: width, sourceHeight: height, hasAlpha: false)
    }

    /// `source` of `picture` into `destination` of the slide, scaled linearly as the canvas
    /// scales; a picture with transparency blended over what is there, as SDL blends it.
    private static func draw(_ picture: DecodedPicture, source: SDL_Rect, into destination: SDL_Rect, on slide: PixelPlane,
                             surface: UnsafeMutablePointer<SDL_Surface>, path: String) throws {
        guard let shown = Damage.intersection(destination, slide.bounds) else { return }
        let unscaled = source.w == destination.w && source.h == destination.h
        if !picture.hasAlpha, let pixels = PixelPlane(surface: picture.surface) {
            if unscaled {
                slide.copy(from: pixels, x: source.x + shown.x - destination.x, y: source.y + shown.y - destination.y, to: shown)
                return
            }
            let part = SDL_Rect(x: shown.x - destination.x, y: shown.y - destination.y, w: shown.w, h: shown.h)
            guard max(source.w, source.h, destination.w, destination.h) <= 65535,
                  slide.stretch(from: pixels, source, size: (destination.w, destination.h), part: part, at: (shown.x, shown.y), alpha: 255) else {
                throw RenderError(call: "SlideComposer", message: "\(path): out of memory scaling to \(destination.w)×\(destination.h)")
            }
            return
        }
        // Rare (a PNG with transparency): SDL scales it linearly apart, then blends it on.
        var from = source, to = destination
        var scaled: UnsafeMutablePointer<SDL_Surface>? = nil
        defer { if let scaled { SDL_FreeSurface(scaled) } }
        var blended = picture.surface
        if !unscaled {
            guard let made = SDL_CreateRGBSurfaceWithFormat(0, destination.w, destination.h, 32, picture.surface.pointee.format.pointee.format),
                  SDL_SoftStretchLinear(picture.surface, &from, made, nil) == 0 else {
                throw RenderError("SDL_SoftStretchLinear", context: "\(path): slide")
            }
            scaled = made
            blended = made
            from = SDL_Rect(x: 0, y: 0, w: destination.w, h: destination.h)
        }
        SDL_SetSurfaceBlendMode(blended, SDL_BLENDMODE_BLEND)
        if SDL_UpperBlit(blended, &from, surface, &to) != 0 { throw RenderError("SDL_BlitSurface", context: "\(path): slide") }
    }
}
