import CSDL2
import KioskCore

/// Headless rendering: SDL's software renderer drawing into a plain surface. No window, no video
/// subsystem, no display, so `kiosk render` and the golden-frame tests run anywhere. Pictures
/// decode inline, so a frame is complete and the same arguments give the same pixels.
///
/// One thread at a time; separate frames may live on separate threads.
public final class OffscreenFrame {
    public let width: Int
    public let height: Int
    public let fonts: FontLibrary
    public let images: ImageLoader
    public let canvas: Canvas
    /// Layout measurer using the faces this frame draws with.
    public var measurer: TextMeasurerSDL { canvas.measurer }
    private let surface: UnsafeMutablePointer<SDL_Surface>
    private let renderer: OpaquePointer

    /// `synchronousImages: false` decodes on the loader's queue as a window does (benchmarks).
    public init(width: Int, height: Int, synchronousImages: Bool = true) throws {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw RenderError(call: "OffscreenFrame", message: "unusable size \(width)×\(height)")
        }
        try SDLLibraries.start()
        self.width = width
        self.height = height
        // XRGB: frames are opaque; PNGs come out as RGB, and pixels compare without alpha noise.
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "\(width)×\(height) frame")
        }
        guard let renderer = SDL_CreateSoftwareRenderer(surface) else {
            let error = RenderError("SDL_CreateSoftwareRenderer")
            SDL_FreeSurface(surface)
            throw error
        }
        self.surface = surface
        self.renderer = renderer
        do {
            fonts = try FontLibrary()
        } catch {
            SDL_DestroyRenderer(renderer)
            SDL_FreeSurface(surface)
            throw error
        }
        images = ImageLoader(synchronous: synchronousImages)
        canvas = Canvas(renderer: renderer, fonts: fonts, imageLoader: images, screen: { surface })
    }

    deinit {
        canvas.detach()
        SDL_DestroyRenderer(renderer)
        SDL_FreeSurface(surface)
    }

    /// Draws one frame. The software renderer batches commands; flushing makes the surface
    /// hold the finished frame before anyone reads it.
    public func render(_ commands: [DrawCommand], background: Color) {
        canvas.draw(commands, clear: background)
        SDL_RenderFlush(renderer)
    }

    /// Draws a frame through the canvas's still layer, as a window does (see
    /// `Canvas.draw(still:moving:clear:)`); the pixels are the same as drawing `still + moving`.
    /// Photos' brightness, 0…1 (the night palette's `Theme.pictureBrightness`).
    public var pictureBrightness: Double {
        get { canvas.pictureBrightness }
        set { canvas.pictureBrightness = newValue }
    }

    public func render(_ still: [DrawCommand], moving: [DrawCommand], background: Color, stillUnchanged: Bool = false) {
        canvas.draw(still: still, moving: moving, clear: background, stillUnchanged: stillUnchanged)
        SDL_RenderFlush(renderer)
    }

    /// Writes the frame as a PNG (atomically: temporary name, then rename).
    public func writePNG(to path: String) throws {
        try SurfacePNG.write(surface, to: path)
    }

    /// The frame as RGBA bytes, row by row (alpha is always 255).
    public func pixels() -> [UInt8] { image().pixels }

    /// The frame as an `RGBAImage`.
    public func image() -> RGBAImage {
        (try? SurfacePNG.rgba(surface)) ?? RGBAImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 4))
    }
}
