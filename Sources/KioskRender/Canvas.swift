import CJPEG
import CSDL2
import FoundationEssentials
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
    /// The ticker's tape, composed once, when drawing directly.
    private let tapes: TapeCache
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
    /// The pictures `layerCommands` draw, and what the loader held of each when they were drawn:
    /// a decode that finishes for any other picture (the next photo, asked for ahead) leaves the
    /// layer as it is.
    private var layerPictures: [ImageRef] = []
    private var layerPictureStates: [Int] = []
    private var layerBackground: Color?
    /// Photos' colours are multiplied by this (the night palette dims them); the still layer
    /// is drawn again when it changes.
    public var pictureBrightness = 1.0 {
        didSet { if pictureBrightness != oldValue { layerValid = false } }
    }
    /// False when the still layer must be drawn again whatever its commands (new size, lost
    /// textures, dimmed photos).
    private var layerValid = false
    /// How many times the still layer was drawn (benchmarks: a tick should not redraw it).
    public private(set) var layerRedraws = 0
    /// Where the moving commands drew in the last layered frame; nil when the screen doesn't
    /// hold exactly "layer + last moving commands" (first frame, a flat frame, an expose).
    private var movingRegions: [SDL_Rect]?
    /// What each of `movingRegions` was drawn from, when the canvas drew on the screen's pixels.
    private var movingContents: [MovingRegionContent] = []

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

    /// The software renderer's own surface (the window's, or an offscreen one), when the owner
    /// hands it over: the canvas then blends, scales and keeps the still layer there itself
    /// (see `PixelPlane`), which is SDL's pixels at a fraction of SDL's time.
    private let screenSurface: (() -> UnsafeMutablePointer<SDL_Surface>?)?
    /// Draw with the canvas's own pixel loops where they give SDL's pixels; tests turn it off
    /// to compare with SDL drawing everything.
    var directPixels = true
    /// The screen's pixels while a frame is drawn directly; nil when SDL draws all of it.
    private var plane: PixelPlane?
    /// SDL has drawing queued (the software renderer batches) that must land before the canvas
    /// touches `plane` itself.
    private var queued = false
    /// The still layer's pixels when drawing directly (`layer` is the texture otherwise).
    private var layerSurface: UnsafeMutablePointer<SDL_Surface>?

    private struct PictureTexture {
        /// nil while the software renderer draws it from `surface` itself: made when SDL must.
        var texture: OpaquePointer?
        /// Software renderer: the decoded pixels, kept as they came from the decoder. Turning
        /// a slide into a texture on the main thread (allocate, clear and copy 8 MB) made the
        /// first frame showing it take ~20 ms.
        var surface: UnsafeMutablePointer<SDL_Surface>?
        /// The texture's pixels, for drawing it directly (software renderer).
        var pixels: PixelPlane?
        let generation: Int
        let width: Int
        let height: Int
        let hasAlpha: Bool
        /// Software renderer: the picture pre-scaled to the size it was last drawn at scaled.
        var scaled: ScaledCopy?
        /// The last scaled draw, to make a `scaled` copy when the same draw comes again.
        var lastScaledDraw: ScaledDraw?
        /// The frames in which the scaled draw last changed, and the time before: a picture
        /// whose draw changes again and again (Ken Burns) is not copied (see `isMoving`).
        var drawChanged: (last: UInt64, before: UInt64) = (0, 0)
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
        let pixels: PixelPlane?
        let draw: ScaledDraw
    }

    private struct CutKey: Hashable {
        let text: TextKey   // hashed by its bytes, not normalised
        let width: Double
    }

    /// `screen`: the surface the software renderer draws into, when the owner knows it.
    public init(renderer: OpaquePointer, fonts: FontLibrary, imageLoader: ImageLoader,
                screen: (() -> UnsafeMutablePointer<SDL_Surface>?)? = nil) {
        self.renderer = renderer
        screenSurface = screen
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
        tapes = TapeCache(fonts: fonts)
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

    /// The ticker tape's tiles kept, their bytes, and how many were composed for the current tape.
    var tapeStatistics: (tiles: Int, bytes: Int, composed: Int) { (tapes.count, tapes.bytes, tapes.composed) }
    /// Bytes of ticker tape kept (the tiles one frame shows are kept even past it).
    var maxTapeBytes: Int {
        get { tapes.maxBytes }
        set { tapes.maxBytes = newValue }
    }

    /// Clears to `clear` and draws `commands` in order; the owner presents or reads the result.
    public func draw(_ commands: [DrawCommand], clear: Color) {
        guard !released else { return }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        plane = screenPlane(width: w, height: h)
        clearTarget(clear, for: commands)
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
        if let screen = screenPlane(width: w, height: h) {
            drawDirectly(still: still, moving: moving, clear: clear, stillUnchanged: stillUnchanged, on: screen)
            return
        }
        if layer == nil || layerSize != (w, h) {
            if let layer { SDL_DestroyTexture(layer) }
            // The screen's own format on the software renderer, so the copy is a plain copy.
            let format = software ? SDL_PIXELFORMAT_RGB888.rawValue : SDL_PIXELFORMAT_ARGB8888.rawValue
            layer = SDL_CreateTexture(renderer, format, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), w, h)
            if layer == nil { SDL_ClearError() }
            layerSize = (w, h)
            layerValid = false
        }
        guard let layer else {
            draw(still + moving, clear: clear)
            return
        }
        var redrawn = false
        if layerIsStale(still, clear: clear, stillUnchanged: stillUnchanged) {
            if SDL_SetRenderTarget(renderer, layer) == 0 {
                clearTarget(clear)
                execute(still)
                SDL_SetRenderTarget(renderer, nil)
                keepLayer(still, background: clear)
                redrawn = true
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
        movingContents = []
        finishFrame()
    }

    /// `draw(still:moving:…)` on the screen's own pixels: the still layer is drawn on the screen
    /// and kept as a copy, and a frame that keeps it restores only what the moving commands
    /// touched (this frame and the last) from the copy.
    private func drawDirectly(still: [DrawCommand], moving: [DrawCommand], clear: Color, stillUnchanged: Bool,
                              on screen: PixelPlane) {
        if let surface = layerSurface, surface.pointee.w != screen.width || surface.pointee.h != screen.height {
            SDL_FreeSurface(surface)
            layerSurface = nil
        }
        if layerSurface == nil {
            layerSurface = SDL_CreateRGBSurfaceWithFormat(0, screen.width, screen.height, 32, SDL_PIXELFORMAT_RGB888.rawValue)
            layerValid = false
        }
        guard let surface = layerSurface, let saved = PixelPlane(surface: surface) else {
            SDL_ClearError()
            draw(still + moving, clear: clear)
            return
        }
        plane = screen
        let parts = Damage.parts(of: moving, width: screen.width, height: screen.height, measurer: measurer)
        let regions = parts.map(\.region)
        let contents = parts.map { MovingRegionContent($0, of: moving, states: images.drawStates) }
        var drawn = moving
        let stale = layerIsStale(still, clear: clear, stillUnchanged: stillUnchanged)
        if stale, Damage.opaquelyCovered(screen.bounds, by: moving, width: screen.width, height: screen.height, measurer: measurer) {
            // Nothing of the still layer would show (a full-screen crossfade starts with an
            // opaque fill): drawing and saving it would cost a whole-screen fill and copy on the
            // fade's first frame. It is drawn when a frame first lets it show.
            requestAhead(still)
            layerValid = false
            damageRegions = nil
        } else if stale {
            clearTarget(clear, for: still)
            execute(still)
            flushQueued()
            saved.copy(screen.bounds, from: screen)
            keepLayer(still, background: clear)
            damageRegions = nil
        } else {
            images.markUsed(layerImages)
            flushQueued()
            if let previous = movingRegions {
                // A region drawn from what it was drawn from last frame still shows it.
                let kept = Set(contents.indices.filter { !contents[$0].waitsForPictures && movingContents.contains(contents[$0]) })
                var changed: [SDL_Rect] = []
                for r in previous where !kept.contains(where: { Damage.same(regions[$0], r) }) { Damage.merge(r, into: &changed) }
                for (i, r) in regions.enumerated() where !kept.contains(i) { Damage.merge(r, into: &changed) }
                if !kept.isEmpty { drawn = leavingAlone(kept.map { parts[$0] }, of: moving) }
                for r in changed where !regions.contains(where: { Damage.intersection($0, r) != nil })
                    || !Damage.opaquelyCovered(r, by: moving, width: screen.width, height: screen.height, measurer: measurer) {
                    screen.copy(r, from: saved)
                }
                damageRegions = changed
            } else {
                screen.copy(screen.bounds, from: saved)
                damageRegions = nil
            }
        }
        setClip(nil)
        execute(drawn)
        movingRegions = regions
        // Read after drawing: a synchronous decode during the draw is already in it.
        movingContents = parts.map { MovingRegionContent($0, of: moving, states: images.drawStates) }
        finishFrame()
    }

    /// `moving` without the commands that draw into `parts` (clips and requests ahead stay),
    /// whose pictures are kept as if drawn.
    private func leavingAlone(_ parts: [Damage.Part], of moving: [DrawCommand]) -> [DrawCommand] {
        var skipped = Set<Int>()
        for part in parts {
            for member in part.members {
                skipped.insert(member.index)
                guard case .image(let ref, _, _, _) = moving[member.index] else { continue }
                images.markUsed([ref])
                if pictures[ref]?.scaled != nil { pictures[ref]!.scaledFrame = frame }
            }
        }
        return moving.indices.filter { !skipped.contains($0) }.map { moving[$0] }
    }

    /// Asks for what `commands` want decoded ahead, as drawing them would.
    private func requestAhead(_ commands: [DrawCommand]) {
        for case .prefetch(let ref, let width, let height) in commands { requestAhead(ref, width: width, height: height) }
    }

    private func requestAhead(_ ref: ImageRef, width: Int, height: Int) {
        if width > 0 && height > 0 { images.request(ref, width: min(width, 16384), height: min(height, 16384)) }
    }

    /// Records what the still layer was just drawn from.
    private func keepLayer(_ still: [DrawCommand], background: Color) {
        layerCommands = still
        layerImages = Self.pictures(askedForBy: still)
        layerPictures = still.compactMap { if case .image(let ref, _, _, _) = $0 { ref } else { nil } }
        layerBackground = background
        // Read after drawing: a synchronous decode during the draw is already in it.
        layerPictureStates = images.drawStates(of: layerPictures)
        layerValid = true
        layerRedraws += 1
    }

    /// Whether the still layer no longer shows `still` on `clear`: other commands, or a picture
    /// it draws decoded (again, or for the first time) since.
    /// Commands that differ from the layer's only in what they ask for ahead (the photo after
    /// the next one, once a crossfade starts) keep the layer: the new requests are made and
    /// remembered instead.
    private func layerIsStale(_ still: [DrawCommand], clear: Color, stillUnchanged: Bool) -> Bool {
        guard layerValid, layerBackground == clear, images.drawStates(of: layerPictures) == layerPictureStates else { return true }
        guard !stillUnchanged, layerCommands != still else { return false }
        guard Self.drawTheSame(layerCommands, still) else { return true }
        requestAhead(still)
        layerCommands = still
        layerImages = Self.pictures(askedForBy: still)
        return false
    }

    /// Whether `a` and `b` give the same pixels: the same commands apart from asking ahead.
    static func drawTheSame(_ a: [DrawCommand], _ b: [DrawCommand]) -> Bool {
        var i = 0, j = 0
        while true {
            while i < a.count, case .prefetch = a[i] { i += 1 }
            while j < b.count, case .prefetch = b[j] { j += 1 }
            guard i < a.count, j < b.count else { return i == a.count && j == b.count }
            guard a[i] == b[j] else { return false }
            i += 1
            j += 1
        }
    }

    /// The pictures `commands` draw or ask for ahead.
    private static func pictures(askedForBy commands: [DrawCommand]) -> [ImageRef] {
        commands.compactMap {
            switch $0 {
            case .image(let ref, _, _, _), .prefetch(let ref, _, _): ref
            default: nil
            }
        }
    }

    /// The screen's pixels, when this frame can be drawn on them directly.
    private func screenPlane(width: Int32, height: Int32) -> PixelPlane? {
        guard software, directPixels, let surface = screenSurface?(), let screen = PixelPlane(surface: surface),
              screen.width == width, screen.height == height, SDL_GetRenderTarget(renderer) == nil else { return nil }
        return screen
    }

    /// Lands SDL's queued drawing before the canvas writes pixels itself.
    private func flushQueued() {
        if queued {
            SDL_RenderFlush(renderer)
            queued = false
        }
    }

    /// Where a command drawing into `r` shows: inside the clip and the screen. nil: nowhere.
    private func visible(_ r: SDL_Rect, on screen: PixelPlane) -> SDL_Rect? {
        guard let inside = Damage.intersection(r, screen.bounds) else { return nil }
        guard let clip = currentClip else { return inside }
        return Damage.intersection(inside, clip)
    }

    /// Clears before drawing `commands`, unless (drawing directly) they start by filling the
    /// whole screen opaquely anyway, as every scene does.
    private func clearTarget(_ color: Color, for commands: [DrawCommand]) {
        if let plane, case .fill(let rect, let fill)? = commands.first, fill.a == 255,
           Damage.contains(ImageFitting.pixels(rect), plane.bounds) {
            setClip(nil)
            return
        }
        clearTarget(color)
    }

    private func clearTarget(_ color: Color) {
        setClip(nil)
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE)
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, 255)
        SDL_RenderClear(renderer)
        queued = true
    }

    private func execute(_ commands: [DrawCommand]) {
        // A picture prepared while looking ahead from the command before it.
        var ahead: (index: Int, picture: PreparedPicture?)?
        for (i, command) in commands.enumerated() {
            switch command {
            case .fill(let rect, let color):
                // Drawing directly, a fill the next picture covers whole is not drawn (a photo's
                // backdrop under the photo): the same pixels, one pass over them fewer.
                if plane != nil, !clipIsEmpty, let next = nextPicture(in: commands, after: i),
                   case .image(let ref, let r, .cover, let opacity) = commands[next], opacity >= 1,
                   let picture = pictures[ref], !picture.hasAlpha, covers(r, clip(at: next, in: commands), ImageFitting.pixels(rect)) {
                    continue
                }
                fill(rect, color)
            case .text(let string, let x, let y, let font, let color, let maxWidth):
                drawText(string, x: x, y: y, font: font, color: color, maxWidth: maxWidth)
            case .image(let ref, let rect, let fit, let opacity):
                let prepared = ahead?.index == i ? ahead!.picture : preparePicture(ref, in: rect, fit: fit, opacity: opacity)
                ahead = nil
                guard let prepared else { continue }
                // An opaque picture with one fading in over it at the same place (a crossfade):
                // both mixed into the screen in one pass.
                if let plane, prepared.direct, prepared.alpha == 255, prepared.unscaled, i + 1 < commands.count,
                   case .image(let nextRef, let nextRect, let nextFit, let nextOpacity) = commands[i + 1] {
                    let over = preparePicture(nextRef, in: nextRect, fit: nextFit, opacity: nextOpacity)
                    ahead = (i + 1, over)
                    if let over, over.direct, over.unscaled, over.alpha < 255, Damage.same(over.destination, prepared.destination) {
                        mix(prepared, over, on: plane)
                        ahead = (i + 1, nil)
                        continue
                    }
                }
                draw(prepared)
            case .clip(let rect):
                clip(rect)
            case .prefetch(let ref, let width, let height):
                requestAhead(ref, width: width, height: height)
            case .tape(let tape, let offset, let lane):
                drawTape(tape, offset: offset, lane: lane)
            }
        }
        setClip(nil)
    }

    /// The index of the first command after `index` that draws, if it is a picture (clips may
    /// come between).
    private func nextPicture(in commands: [DrawCommand], after index: Int) -> Int? {
        var j = index + 1
        while j < commands.count {
            switch commands[j] {
            case .clip, .prefetch: j += 1
            case .image: return j
            default: return nil
            }
        }
        return nil
    }

    /// The clip in force at command `index`, in pixels (nil: none), following the clips from the current one.
    private func clip(at index: Int, in commands: [DrawCommand]) -> SDL_Rect? {
        for command in commands[..<index].reversed() {
            if case .clip(let rect) = command { return rect.map { ImageFitting.pixels($0) } }
        }
        return currentClip
    }

    /// Whether a picture drawn over `rect` (cover: it fills it whole) within `clip` hides every
    /// pixel a command drawing into `area` under the current clip would show.
    private func covers(_ rect: Rect, _ clip: SDL_Rect?, _ area: SDL_Rect) -> Bool {
        guard let plane, let shown = visible(area, on: plane) else { return true }
        var drawn = ImageFitting.pixels(rect)
        if let clip {
            guard let inside = Damage.intersection(drawn, clip) else { return false }
            drawn = inside
        }
        return Damage.contains(drawn, shown)
    }

    /// Destroys every texture. Called by the renderer's owner before it destroys the renderer,
    /// and after the renderer reports its textures lost.
    public func releaseTextures() {
        text.removeAll()
        tapes.removeAll()
        translucent.removeAll()
        if let layer { SDL_DestroyTexture(layer) }
        layer = nil
        if let layerSurface { SDL_FreeSurface(layerSurface) }
        layerSurface = nil
        movingRegions = nil
        for picture in pictures.values { destroy(picture) }
        pictures = [:]
    }

    private func destroy(_ picture: PictureTexture) {
        if let texture = picture.texture { SDL_DestroyTexture(texture) }
        if let surface = picture.surface { SDL_FreeSurface(surface) }
        if let scaled = picture.scaled { SDL_DestroyTexture(scaled.texture) }
    }

    /// The renderer lost its textures (SDL_RENDER_DEVICE_RESET): they are already gone, so only
    /// forget them; pictures are decoded again on their next draw.
    func texturesLost() {
        text.removeAll(destroy: false)
        translucent.removeAll(destroy: false)
        layer = nil
        layerValid = false
        movingRegions = nil
        // Decoded pixels kept in place of a texture were not lost, but are decoded again with the rest.
        for picture in pictures.values { if let surface = picture.surface { SDL_FreeSurface(surface) } }
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
            if let plane {
                flushQueued()
                if let shown = visible(r, on: plane) {
                    plane.blend(shown, rgb: UInt32(color.r) << 16 | UInt32(color.g) << 8 | UInt32(color.b), alpha: color.a)
                }
                return
            }
            do { try translucent.fill(r, color) } catch let error as RenderError { report(error) } catch {}
            queued = true
            return
        }
        SDL_SetRenderDrawBlendMode(renderer, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        if SDL_RenderFillRect(renderer, &r) != 0 { report(RenderError("SDL_RenderFillRect")) }
        queued = true
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
            queued = true
        } catch let error as RenderError {
            report(error)
        } catch {
            report(RenderError(call: "text", message: "\(error)"))
        }
    }

    /// The ticker's tape in its lane, within the clip in force: on the screen's pixels a copy of
    /// the tape composed once; otherwise (or when the tape can't be composed) its commands.
    private func drawTape(_ tape: TickerTape, offset: Double, lane: Rect) {
        let r = ImageFitting.pixels(lane)
        guard !clipIsEmpty, r.w > 0, r.h > 0 else { return }
        // A lane at whole pixels, as the ticker's is: the tape's rounding is then the commands'.
        if let plane, lane.x == lane.x.rounded(), lane.y == lane.y.rounded(),
           let format = screenSurface?()?.pointee.format?.pointee.format {
            guard let shown = visible(r, on: plane) else { return }
            flushQueued()
            if tapes.draw(tape, offset: offset, lane: r, shown: shown, on: plane, format: format, report: report) { return }
        }
        let outer = currentClip
        var inside: SDL_Rect? = r
        if let outer { inside = Damage.intersection(outer, r) }
        guard let inside else { return }
        setClip(inside)
        for command in tape.commands(offset: offset, lane: lane) {
            switch command {
            case .fill(let rect, let color): fill(rect, color)
            case .text(let string, let x, let y, let font, let color, let maxWidth):
                drawText(string, x: x, y: y, font: font, color: color, maxWidth: maxWidth)
            default: break
            }
        }
        setClip(outer)
    }

    /// A picture ready to draw: its texture (or scaled copy), the part of it and where.
    private struct PreparedPicture {
        let ref: ImageRef
        let texture: OpaquePointer?
        let pixels: PixelPlane?
        var source: SDL_Rect
        var destination: SDL_Rect
        let alpha: UInt8
        let brightness: UInt8
        let hasAlpha: Bool
        /// The canvas may draw it itself: on the screen's pixels, opaque, undimmed.
        let direct: Bool
        var unscaled: Bool { source.w == destination.w && source.h == destination.h }
    }

    /// Asks for the picture and works out how it is drawn; nil when nothing is to be drawn.
    private func preparePicture(_ ref: ImageRef, in rect: Rect, fit: ImageFit, opacity: Double) -> PreparedPicture? {
        guard !clipIsEmpty else { return nil }
        let size = ImageFitting.pixels(rect)
        guard size.w > 0, size.h > 0 else { return nil }
        images.request(ref, width: Int(size.w), height: Int(size.h), fit: fit)
        guard opacity > 0 else { return nil }
        // The picture drawn: `ref`'s, or until it is ready a stand-in (the canvas keeps it under its own key).
        var key = ref
        var found = texture(for: ref)
        if found == nil, let standIn = images.standIn(for: ref) {
            key = standIn
            found = texture(for: standIn)
        }
        guard var picture = found,
              let place = ImageFitting.placement(width: picture.width, height: picture.height, in: rect, fit: fit) else { return nil }
        var source = place.source
        let destination = place.destination
        var texture: OpaquePointer?, pixels: PixelPlane?
        if software && (source.w != destination.w || source.h != destination.h) {
            // Scaling in software costs ~5 ms a frame for a full-screen photo; a picture drawn
            // at the same scaled size twice in a row (a slide standing or fading) gets a copy
            // scaled once.
            let draw = ScaledDraw(sourceX: source.x, sourceY: source.y, sourceW: source.w, sourceH: source.h,
                                  width: destination.w, height: destination.h)
            if let scaled = picture.scaled, scaled.draw == draw {
                picture.scaledFrame = frame
                texture = scaled.texture
                pixels = scaled.pixels
                source = SDL_Rect(x: 0, y: 0, w: draw.width, h: draw.height)
            } else if picture.lastScaledDraw == draw, !Self.isMoving(picture, at: frame), let copy = scaledCopy(of: &picture, draw) {
                if let old = picture.scaled { SDL_DestroyTexture(old.texture) }
                picture.scaled = copy
                picture.scaledFrame = frame
                texture = copy.texture
                pixels = copy.pixels
                source = SDL_Rect(x: 0, y: 0, w: draw.width, h: draw.height)
            }
            if picture.lastScaledDraw != draw { picture.drawChanged = (frame, picture.drawChanged.last) }
            picture.lastScaledDraw = draw
            pictures[key] = picture
        }
        // Not a scaled copy: the picture itself (read after scaledCopy, which may have made its texture).
        if pixels == nil && texture == nil { (texture, pixels) = (picture.texture, picture.pixels) }
        let alpha = UInt8((min(1, opacity) * 255).rounded())
        let brightness = UInt8((min(1, max(0, pictureBrightness)) * 255).rounded())
        return PreparedPicture(ref: key, texture: texture, pixels: pixels, source: source, destination: destination,
                               alpha: alpha, brightness: brightness, hasAlpha: picture.hasAlpha,
                               direct: plane != nil && pixels != nil && !picture.hasAlpha && brightness == 255)
    }

    /// A picture whose scaled draw changed twice within the last second of frames is moving
    /// (Ken Burns pans it less than a pixel a frame, so its draw repeats a few frames at a
    /// time): a copy made for a repeat would be used a few times and thrown away, and making
    /// it (a fresh 8 MB texture, scaled into, then copied) made the slowest frames of a Ken
    /// Burns fade. It is scaled onto the screen each frame instead.
    private static func isMoving(_ picture: PictureTexture, at frame: UInt64) -> Bool {
        picture.drawChanged.before > 0 && frame - picture.drawChanged.before < 60
    }

    private func draw(_ picture: PreparedPicture) {
        if let plane, let pixels = picture.pixels, picture.direct,
           drawDirectly(pixels, source: picture.source, destination: picture.destination, alpha: picture.alpha, on: plane) {
            return
        }
        var made = picture.texture
        if made == nil, var kept = pictures[picture.ref] {
            made = sdlTexture(&kept)
            pictures[picture.ref] = kept
        }
        guard let texture = made else { return }
        var source = picture.source, destination = picture.destination
        // Opaque photos at full opacity are copied, not blended: much cheaper in software.
        let blend = picture.hasAlpha || picture.alpha < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE
        SDL_SetTextureBlendMode(texture, blend)
        SDL_SetTextureAlphaMod(texture, picture.alpha)
        SDL_SetTextureColorMod(texture, picture.brightness, picture.brightness, picture.brightness)
        if SDL_RenderCopy(renderer, texture, &source, &destination) != 0 {
            report(RenderError("SDL_RenderCopy", context: picture.ref.path))
        }
        queued = true
    }

    /// `under` (opaque) with `over` blended on it at `over.alpha`, both at their own size over
    /// the same place, written in one pass: the pixels of drawing one, then the other.
    private func mix(_ under: PreparedPicture, _ over: PreparedPicture, on screen: PixelPlane) {
        guard let shown = visible(under.destination, on: screen), let a = under.pixels, let b = over.pixels else { return }
        flushQueued()
        let dx = shown.x - under.destination.x, dy = shown.y - under.destination.y
        screen.mix(shown, under: a, under.source.x + dx, under.source.y + dy, over: b, over.source.x + dx, over.source.y + dy,
                   alpha: over.alpha)
    }

    /// An opaque, undimmed picture drawn by the canvas's own loops where they give SDL's pixels:
    /// copied or blended at its own size, or scaled where SDL scales the whole picture — when it
    /// lies inside the clip, or runs off the screen (SDL then scales it into a scratch surface
    /// and copies what shows). False: SDL must draw it (a scaled picture cut by the clip alone,
    /// where SDL scales only the part that shows, with its own rounding).
    private func drawDirectly(_ pixels: PixelPlane, source: SDL_Rect, destination: SDL_Rect, alpha: UInt8,
                              on screen: PixelPlane) -> Bool {
        let shown = visible(destination, on: screen)
        if source.w == destination.w && source.h == destination.h {
            guard let shown else { return true }
            flushQueued()
            let x = source.x + shown.x - destination.x, y = source.y + shown.y - destination.y
            if alpha == 255 {
                screen.copy(from: pixels, x: x, y: y, to: shown)
            } else {
                screen.blend(from: pixels, x: x, y: y, to: shown, alpha: alpha)
            }
            return true
        }
        let whole = currentClip.map { Damage.contains($0, destination) } ?? true
        let offScreen = !Damage.contains(screen.bounds, destination)
        guard whole || offScreen, max(source.w, source.h, destination.w, destination.h) <= 65535 else { return false }
        guard let shown else { return true }
        flushQueued()
        let part = SDL_Rect(x: shown.x - destination.x, y: shown.y - destination.y, w: shown.w, h: shown.h)
        return screen.stretch(from: pixels, source, size: (destination.w, destination.h), part: part,
                              at: (shown.x, shown.y), alpha: alpha)
    }

    /// `draw` rendered once into a texture of its own size.
    private func scaledCopy(of picture: inout PictureTexture, _ draw: ScaledDraw) -> ScaledCopy? {
        let format = picture.hasAlpha ? SDL_PIXELFORMAT_ARGB8888.rawValue : SDL_PIXELFORMAT_RGB888.rawValue
        let source = SDL_Rect(x: draw.sourceX, y: draw.sourceY, w: draw.sourceW, h: draw.sourceH)
        // In software, scaled by the canvas's own loop into a texture it can read: SDL's linear
        // scaling, pixel for pixel, without a render target.
        if software, directPixels, let pixels = picture.pixels, max(draw.sourceW, draw.sourceH, draw.width, draw.height) <= 65535,
           let (copy, plane) = streamingTexture(format: format, width: draw.width, height: draw.height) {
            if plane.stretch(from: pixels, source, size: (draw.width, draw.height), part: plane.bounds, at: (0, 0), alpha: 255) {
                return ScaledCopy(texture: copy, pixels: plane, draw: draw)
            }
            SDL_DestroyTexture(copy)
        }
        guard let original = sdlTexture(&picture) else { return nil }
        guard let copy = SDL_CreateTexture(renderer, format, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), draw.width, draw.height) else {
            report(RenderError("SDL_CreateTexture", context: "scaled copy \(draw.width)×\(draw.height)"))
            return nil
        }
        var sourceRect = source
        SDL_SetTextureBlendMode(original, SDL_BLENDMODE_NONE)
        SDL_SetTextureAlphaMod(original, 255)
        SDL_SetTextureColorMod(original, 255, 255, 255)   // the copy is undimmed; dimming is per draw
        let previous = SDL_GetRenderTarget(renderer)   // the screen, or the still layer
        let ok = SDL_SetRenderTarget(renderer, copy) == 0 && SDL_RenderCopy(renderer, original, &sourceRect, nil) == 0
        let error = ok ? nil : RenderError("SDL_SetRenderTarget", context: "scaled copy")
        SDL_SetRenderTarget(renderer, previous)
        // Coming back to a texture target resets its clip; the screen gets its own back.
        setClip(currentClip)
        if let error {
            report(error)
            SDL_DestroyTexture(copy)
            return nil
        }
        return ScaledCopy(texture: copy, pixels: nil, draw: draw)
    }

    /// A texture whose pixels the canvas can read and write (the software renderer keeps a
    /// streaming texture's pixels in place, so its lock hands out the texture itself).
    private func streamingTexture(format: UInt32, width: Int32, height: Int32) -> (OpaquePointer, PixelPlane)? {
        guard let texture = SDL_CreateTexture(renderer, format, Int32(SDL_TEXTUREACCESS_STREAMING.rawValue), width, height) else {
            SDL_ClearError()
            return nil
        }
        var pixels: UnsafeMutableRawPointer?
        var pitch: Int32 = 0
        guard SDL_LockTexture(texture, nil, &pixels, &pitch) == 0, let pixels else {
            SDL_ClearError()
            SDL_DestroyTexture(texture)
            return nil
        }
        SDL_UnlockTexture(texture)
        return (texture, PixelPlane(base: pixels, pitch: pitch, width: width, height: height))
    }

    /// The texture for a picture, made from a newly decoded surface when there is one. In
    /// software the surface itself is kept and drawn from; SDL gets a texture of it only when
    /// it must draw it (`sdlTexture`).
    private func texture(for ref: ImageRef) -> PictureTexture? {
        guard let upload = images.takeUpload(ref) else { return pictures[ref] }
        var picture = PictureTexture(texture: nil, surface: upload.picture.surface, pixels: nil, generation: upload.generation,
                                     width: upload.picture.width, height: upload.picture.height, hasAlpha: upload.picture.hasAlpha)
        if let old = pictures.removeValue(forKey: ref) { destroy(old) }
        if software, let decoded = PixelPlane(surface: upload.picture.surface) {
            picture.pixels = decoded
        } else if sdlTexture(&picture) == nil {
            let error = RenderError("SDL_CreateTextureFromSurface", context: ref.path)
            report(error)
            images.uploadFailed(ref, error: error)
            destroy(picture)
            return nil
        }
        pictures[ref] = picture
        return picture
    }

    /// The SDL texture of `picture`, made now if it has none: in software a streaming texture
    /// the canvas can still draw from directly, holding the decoded pixels, which are freed.
    private func sdlTexture(_ picture: inout PictureTexture) -> OpaquePointer? {
        if let texture = picture.texture { return texture }
        guard let surface = picture.surface else { return nil }
        var texture: OpaquePointer?
        if software, let decoded = picture.pixels ?? PixelPlane(surface: surface),
           let (streaming, plane) = streamingTexture(format: surface.pointee.format.pointee.format, width: decoded.width, height: decoded.height) {
            plane.copy(decoded.bounds, from: decoded)
            texture = streaming
            picture.pixels = plane
            SDL_FreeSurface(surface)
            picture.surface = nil
        } else {
            texture = SDL_CreateTextureFromSurface(renderer, surface)
            if texture != nil {
                SDL_FreeSurface(surface)
                picture.surface = nil
            }
        }
        guard let texture else {
            report(RenderError("SDL_CreateTextureFromSurface", context: "\(surface.pointee.w)×\(surface.pointee.h) picture"))
            return nil
        }
        SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear)
        picture.texture = texture
        return texture
    }

    private func finishFrame() {
        plane = nil
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
