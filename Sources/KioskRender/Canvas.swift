import CSDL2
import Foundation
import Logging
import KioskCore

/// Executes the core's draw commands on one SDL renderer.
///
/// Textures belong to the renderer that made them, so the canvas owns its text and picture
/// textures. It doesn't own the renderer: whoever does calls `releaseTextures()` before
/// destroying it. Main thread (the renderer's thread) only.
public final class Canvas {
    public let renderer: OpaquePointer
    public let fonts: FontLibrary
    public let images: ImageLoader
    /// Measures with the same faces the canvas draws with; hand it to the core for layout.
    public let measurer: TextMeasurerSDL
    /// Told about every failure while drawing (a command that fails is skipped, the rest of
    /// the frame is drawn). By default each distinct failure is written to stderr once, so a
    /// screen running for months doesn't fill the journal with the same line every frame.
    public var onError: ((RenderError) -> Void)?

    private let text: TextTextureCache
    /// Drawing through SDL's software renderer, which needs the cheaper paths below.
    private let software: Bool
    private let translucent: TranslucentFill
    private var pictures: [ImageRef: PictureTexture] = [:]
    private var cuts = RecentCache<CutKey, String>(capacity: 1024)
    private var frame: UInt64 = 1
    private var clipIsEmpty = false
    /// The clip in force, re-applied after a render-target switch (which resets it).
    private var currentClip: SDL_Rect?
    /// The still layer of `draw(still:moving:clear:)`: its texture and what it was drawn from.
    private var layer: OpaquePointer?
    private var layerSize: (width: Int32, height: Int32) = (0, 0)
    private var layerCommands: [DrawCommand] = []
    /// The pictures `layerCommands` draw or ask for ahead.
    private var layerImages: [ImageRef] = []
    private var layerBackground: Color?
    /// Photos' colours are multiplied by this (the night palette dims them); the still layer
    /// is drawn again when it changes.
    public var pictureBrightness = 1.0 {
        didSet { if pictureBrightness != oldValue { layerGeneration = -1 } }
    }
    private var layerGeneration = -1
    /// How many times the still layer was drawn (benchmarks: a tick should not redraw it).
    public private(set) var layerRedraws = 0
    /// Where the moving commands drew in the last layered frame; nil when the screen doesn't
    /// hold exactly "layer + last moving commands" (first frame, a flat frame, an expose).
    private var movingRegions: [SDL_Rect]?

    /// The regions the last draw changed, for a partial present: nil means everything, [] nothing.
    /// Only set below the whole screen on the software renderer, whose target keeps the
    /// previous frame in place (GPU back buffers don't survive a present).
    public private(set) var damageRegions: [SDL_Rect]?
    /// One box around `damageRegions`.
    public var damage: SDL_Rect? {
        damageRegions.map { $0.reduce(nil) { Damage.union($0, $1) } ?? SDL_Rect(x: 0, y: 0, w: 0, h: 0) }
    }
    /// The software renderer draws into memory that keeps the previous frame.
    public var isSoftware: Bool { software }
    private var reported: Set<RenderError> = []
    private let maxTextureWidth: Int32
    private var released = false

    private struct PictureTexture {
        let texture: OpaquePointer
        let generation: Int
        let width: Int
        let height: Int
        let hasAlpha: Bool
        /// Software renderer: the picture pre-scaled to the size it was last drawn at scaled.
        var scaled: ScaledCopy?
        /// The last scaled draw, to make a `scaled` copy when the same draw comes again.
        var lastScaledDraw: ScaledDraw?
        /// The frame that last drew the scaled copy: copies of pictures off screen are dropped.
        var scaledFrame: UInt64 = 0
    }

    /// A part of a picture (`source`) drawn at a size other than its own.
    private struct ScaledDraw: Equatable {
        let sourceX: Int32, sourceY: Int32, sourceW: Int32, sourceH: Int32
        let width: Int32, height: Int32
    }

    private struct ScaledCopy {
        let texture: OpaquePointer
        let draw: ScaledDraw
    }

    private struct CutKey: Hashable {
        let text: TextKey   // hashed by its bytes, not normalised
        let width: Double
    }

    public init(renderer: OpaquePointer, fonts: FontLibrary, imageLoader: ImageLoader) {
        self.renderer = renderer
        self.fonts = fonts
        self.images = imageLoader
        measurer = TextMeasurerSDL(fonts: fonts)
        var info = SDL_RendererInfo()
        let known = SDL_GetRendererInfo(renderer, &info) == 0
        // GPU renderers cap texture sizes (often 4096 or 8192); the software renderer doesn't (0).
        maxTextureWidth = known ? info.max_texture_width : 0
        // No picture is decoded larger than a texture can be.
        let maxSide = known ? Int(min(info.max_texture_width > 0 ? info.max_texture_width : .max,
                                      info.max_texture_height > 0 ? info.max_texture_height : .max)) : 0
        imageLoader.maxSide = maxSide == Int(Int32.max) ? 0 : maxSide
        software = known && (info.flags & SDL_RENDERER_SOFTWARE.rawValue != 0
                             || info.name.map { String(cString: $0) == "software" } ?? false)
        text = TextTextureCache(renderer: renderer, fonts: fonts, tinted: software)
        translucent = TranslucentFill(renderer: renderer)
    }

    deinit { releaseTextures() }

    /// Bounds of the text texture cache.
    public var maxTextBytes: Int {
        get { text.maxBytes }
        set { text.maxBytes = newValue }
    }
    public var maxTextEntries: Int {
        get { text.maxEntries }
        set { text.maxEntries = newValue }
    }

    /// What the canvas holds, for tests and benchmarks.
    public var statistics: (textTextures: Int, textBytes: Int, pictureTextures: Int, scaledCopies: Int) {
        (text.count, text.bytes, pictures.count, pictures.values.filter { $0.scaled != nil }.count)
    }

    /// Clears to `clear` and draws `commands` in order; the owner presents or reads the result.
    public func draw(_ commands: [DrawCommand], clear: Color) {
        guard !released else { return }
        clearTarget(clear)
        execute(commands)
        damageRegions = nil
        movingRegions = nil
        finishFrame()
    }

    /// Forget what the screen holds: the next layered frame copies the whole layer (after an
    /// expose, a resize, or anything else that touched the screen behind the canvas's back).
    public func invalidateScreen() { movingRegions = nil }

    /// Draws `still` through a cached layer texture, redrawn only when its commands, the
    /// background or the decoded pictures change, then `moving` over it: a tick of the ticker
    /// costs one copy of the layer and the moving strip, not a whole frame. On the software
    /// renderer only the region the moving commands touched (now and last frame) is copied and
    /// reported in `damage`. Without render targets it draws everything every time.
    ///
    /// `stillUnchanged`: the caller knows `still` is the layer's last one (the moving layer
    /// alone advanced), which spares comparing the commands.
    public func draw(still: [DrawCommand], moving: [DrawCommand], clear: Color, stillUnchanged: Bool = false) {
        guard !released else { return }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        if layer == nil || layerSize != (w, h) {
            if let layer { SDL_DestroyTexture(layer) }
            // The screen's own format on the software renderer, so the copy is a plain copy.
            let format = software ? SDL_PIXELFORMAT_RGB888.rawValue : SDL_PIXELFORMAT_ARGB8888.rawValue
            layer = SDL_CreateTexture(renderer, format, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), w, h)
            if layer == nil { SDL_ClearError() }
            layerSize = (w, h)
            layerGeneration = -1
        }
        guard let layer else {
            draw(still + moving, clear: clear)
            return
        }
        var redrawn = false
        if layerGeneration != images.generation || layerBackground != clear || (!stillUnchanged && layerCommands != still) {
            if SDL_SetRenderTarget(renderer, layer) == 0 {
                clearTarget(clear)
                execute(still)
                SDL_SetRenderTarget(renderer, nil)
                layerCommands = still
                layerImages = still.compactMap {
                    switch $0 {
                    case .image(let ref, _, _, _), .prefetch(let ref, _, _): ref
                    default: nil
                    }
                }
                layerBackground = clear
                // Read after drawing: a synchronous decode during the draw is already in it.
                layerGeneration = images.generation
                redrawn = true
                layerRedraws += 1
            } else {
                report(RenderError("SDL_SetRenderTarget", context: "still layer"))
            }
        }
        // The layer still shows its pictures and still wants the ones it asked for ahead.
        if !redrawn { images.markUsed(layerImages) }
        setClip(nil)
        SDL_SetTextureBlendMode(layer, SDL_BLENDMODE_NONE)
        let regions = software ? Damage.regions(of: moving, width: w, height: h, measurer: measurer) : []
        if software, !redrawn, let previous = movingRegions {
            // The screen holds the layer plus the last moving commands: restore the layer where
            // those were and where the new ones go, and nothing else. A region the new commands
            // start by filling opaquely (the ticker's strip, a crossfading photo's panel) would
            // be covered at once, so it isn't copied first.
            var changed = previous
            for r in regions { Damage.merge(r, into: &changed) }
            for var r in changed where !regions.contains(where: { Damage.intersection($0, r) != nil })
                || !Damage.opaquelyCovered(r, by: moving, width: w, height: h, measurer: measurer) {
                SDL_RenderCopy(renderer, layer, &r, &r)
            }
            damageRegions = changed
        } else {
            SDL_RenderCopy(renderer, layer, nil, nil)
            damageRegions = nil
        }
        execute(moving)
        movingRegions = software ? regions : nil
        finishFrame()
    }

    private func clearTarget(_ color: Color) {
        setClip(nil)
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE)
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, 255)
        SDL_RenderClear(renderer)
    }

    private func execute(_ commands: [DrawCommand]) {
        for command in commands {
            switch command {
            case .fill(let rect, let color):
                fill(rect, color)
            case .text(let string, let x, let y, let font, let color, let maxWidth):
                drawText(string, x: x, y: y, font: font, color: color, maxWidth: maxWidth)
            case .image(let ref, let rect, let fit, let opacity):
                drawImage(ref, in: rect, fit: fit, opacity: opacity)
            case .clip(let rect):
                clip(rect)
            case .prefetch(let ref, let width, let height):
                if width > 0 && height > 0 { images.request(ref, width: min(width, 16384), height: min(height, 16384)) }
            }
        }
        setClip(nil)
    }

    /// Destroys every texture. Called by the renderer's owner before it destroys the renderer,
    /// and after the renderer reports its textures lost.
    public func releaseTextures() {
        text.removeAll()
        translucent.removeAll()
        if let layer { SDL_DestroyTexture(layer) }
        layer = nil
        movingRegions = nil
        for picture in pictures.values { destroy(picture) }
        pictures = [:]
    }

    private func destroy(_ picture: PictureTexture) {
        SDL_DestroyTexture(picture.texture)
        if let scaled = picture.scaled { SDL_DestroyTexture(scaled.texture) }
    }

    /// The renderer lost its textures (SDL_RENDER_DEVICE_RESET): they are already gone, so only
    /// forget them; pictures are decoded again on their next draw.
    func texturesLost() {
        text.removeAll(destroy: false)
        translucent.removeAll(destroy: false)
        layer = nil
        movingRegions = nil
        pictures = [:]
        images.texturesLost()
    }

    /// Called by the owner just before it destroys the renderer: nothing may be drawn after.
    func detach() {
        releaseTextures()
        released = true
    }

    // MARK: - Commands

    private func fill(_ rect: Rect, _ color: Color) {
        guard color.a > 0, !clipIsEmpty else { return }
        var r = ImageFitting.pixels(rect)
        guard r.w > 0, r.h > 0 else { return }
        if software && color.a < 255 {
            do { try translucent.fill(r, color) } catch let error as RenderError { report(error) } catch {}
            return
        }
        SDL_SetRenderDrawBlendMode(renderer, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        if SDL_RenderFillRect(renderer, &r) != 0 { report(RenderError("SDL_RenderFillRect")) }
    }

    private func clip(_ rect: Rect?) {
        guard let rect else {
            setClip(nil)
            return
        }
        let r = ImageFitting.pixels(rect)
        // SDL treats some empty clip rectangles as "no clipping"; an empty clip must hide
        // everything, so nothing is drawn at all while it's set.
        if r.w <= 0 || r.h <= 0 {
            setClip(nil)
            clipIsEmpty = true
        } else {
            setClip(r)
        }
    }

    private func setClip(_ rect: SDL_Rect?) {
        clipIsEmpty = false
        currentClip = rect
        if var r = rect { SDL_RenderSetClipRect(renderer, &r) } else { SDL_RenderSetClipRect(renderer, nil) }
    }

    private func drawText(_ string: String, x: Double, y: Double, font: FontSpec, color: Color, maxWidth: Double?) {
        guard !string.isEmpty, color.a > 0, !clipIsEmpty else { return }
        var limit = maxWidth
        if maxTextureWidth > 0 { limit = min(limit ?? .infinity, Double(maxTextureWidth)) }
        var shown = string
        if let limit {
            let key = CutKey(text: TextKey(text: string, font: font), width: limit)
            if let cut = cuts.value(for: key) {
                shown = cut
            } else {
                shown = Ellipsis.fit(string, width: limit) { measurer.width(of: $0, font: font) }
                cuts.insert(shown, for: key)
            }
            if shown.isEmpty { return }
        }
        do {
            let entry = try text.texture(for: shown, font: font, color: color, frame: frame)
            if !text.tinted { SDL_SetTextureColorMod(entry.texture, color.r, color.g, color.b) }
            SDL_SetTextureAlphaMod(entry.texture, color.a)
            var destination = SDL_Rect(x: ImageFitting.pixel(x), y: ImageFitting.pixel(y),
                                       w: entry.width, h: entry.height)
            if SDL_RenderCopy(renderer, entry.texture, nil, &destination) != 0 { report(RenderError("SDL_RenderCopy", context: "text")) }
        } catch let error as RenderError {
            report(error)
        } catch {
            report(RenderError(call: "text", message: "\(error)"))
        }
    }

    private func drawImage(_ ref: ImageRef, in rect: Rect, fit: ImageFit, opacity: Double) {
        guard !clipIsEmpty else { return }
        let size = ImageFitting.pixels(rect)
        guard size.w > 0, size.h > 0 else { return }
        images.request(ref, width: Int(size.w), height: Int(size.h), fit: fit)
        guard opacity > 0, var picture = texture(for: ref),
              let place = ImageFitting.placement(width: picture.width, height: picture.height, in: rect, fit: fit) else { return }
        var source = place.source, destination = place.destination
        var texture = picture.texture
        if software && (source.w != destination.w || source.h != destination.h) {
            // Scaling in software costs ~5 ms a frame for a full-screen photo; a picture drawn
            // at the same scaled size twice in a row (a slide standing or fading) gets a copy
            // scaled once.
            let draw = ScaledDraw(sourceX: source.x, sourceY: source.y, sourceW: source.w, sourceH: source.h,
                                  width: destination.w, height: destination.h)
            if let scaled = picture.scaled, scaled.draw == draw {
                picture.scaledFrame = frame
                texture = scaled.texture
                source = SDL_Rect(x: 0, y: 0, w: draw.width, h: draw.height)
            } else if picture.lastScaledDraw == draw, let copy = scaledCopy(of: picture, draw) {
                if let old = picture.scaled { SDL_DestroyTexture(old.texture) }
                picture.scaled = ScaledCopy(texture: copy, draw: draw)
                picture.scaledFrame = frame
                texture = copy
                source = SDL_Rect(x: 0, y: 0, w: draw.width, h: draw.height)
            }
            picture.lastScaledDraw = draw
            pictures[ref] = picture
        }
        let alpha = UInt8((min(1, opacity) * 255).rounded())
        // Opaque photos at full opacity are copied, not blended: much cheaper in software.
        let blend = picture.hasAlpha || alpha < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE
        SDL_SetTextureBlendMode(texture, blend)
        SDL_SetTextureAlphaMod(texture, alpha)
        let brightness = UInt8((min(1, max(0, pictureBrightness)) * 255).rounded())
        SDL_SetTextureColorMod(texture, brightness, brightness, brightness)
        if SDL_RenderCopy(renderer, texture, &source, &destination) != 0 {
            report(RenderError("SDL_RenderCopy", context: ref.path))
        }
    }

    /// `draw` rendered once into a texture of its own size.
    private func scaledCopy(of picture: PictureTexture, _ draw: ScaledDraw) -> OpaquePointer? {
        let format = picture.hasAlpha ? SDL_PIXELFORMAT_ARGB8888.rawValue : SDL_PIXELFORMAT_RGB888.rawValue
        guard let copy = SDL_CreateTexture(renderer, format, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), draw.width, draw.height) else {
            report(RenderError("SDL_CreateTexture", context: "scaled copy \(draw.width)×\(draw.height)"))
            return nil
        }
        var source = SDL_Rect(x: draw.sourceX, y: draw.sourceY, w: draw.sourceW, h: draw.sourceH)
        SDL_SetTextureBlendMode(picture.texture, SDL_BLENDMODE_NONE)
        SDL_SetTextureAlphaMod(picture.texture, 255)
        SDL_SetTextureColorMod(picture.texture, 255, 255, 255)   // the copy is undimmed; dimming is per draw
        let previous = SDL_GetRenderTarget(renderer)   // the screen, or the still layer
        let ok = SDL_SetRenderTarget(renderer, copy) == 0 && SDL_RenderCopy(renderer, picture.texture, &source, nil) == 0
        let error = ok ? nil : RenderError("SDL_SetRenderTarget", context: "scaled copy")
        SDL_SetRenderTarget(renderer, previous)
        // Coming back to a texture target resets its clip; the screen gets its own back.
        setClip(currentClip)
        if let error {
            report(error)
            SDL_DestroyTexture(copy)
            return nil
        }
        return copy
    }

    /// The texture for a picture, made from a newly decoded surface when there is one.
    private func texture(for ref: ImageRef) -> PictureTexture? {
        let path = ref.path
        guard let upload = images.takeUpload(ref) else { return pictures[ref] }
        defer { SDL_FreeSurface(upload.picture.surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, upload.picture.surface) else {
            let error = RenderError("SDL_CreateTextureFromSurface", context: path)
            report(error)
            images.uploadFailed(ref, error: error)
            if let old = pictures.removeValue(forKey: ref) { destroy(old) }
            return nil
        }
        SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear)
        if let old = pictures[ref] { destroy(old) }
        let picture = PictureTexture(texture: texture, generation: upload.generation, width: upload.picture.width,
                                     height: upload.picture.height, hasAlpha: upload.picture.hasAlpha)
        pictures[ref] = picture
        return picture
    }

    private func finishFrame() {
        // A scaled copy is as big as its picture on screen; keep it only while it's shown.
        for (ref, picture) in pictures where picture.scaled != nil && picture.scaledFrame != frame {
            SDL_DestroyTexture(picture.scaled!.texture)
            pictures[ref]?.scaled = nil
        }
        for ref in images.endFrame() {
            if let picture = pictures.removeValue(forKey: ref) { destroy(picture) }
        }
        text.trim(frame: frame)
        frame += 1
    }

    /// The executable's journal handler, once it has bootstrapped swift-log.
    private static let logger = Logger(label: "kiosk.render")

    private func report(_ error: RenderError) {
        if let onError {
            onError(error)
        } else if reported.count < 256, reported.insert(error).inserted {
            Self.logger.error("render: \(error)")
        }
    }
}
