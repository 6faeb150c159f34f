import CSDL2
import KioskCore

/// Executes the core's draw commands on one SDL renderer. Textures belong to a renderer, so
/// the canvas owns the text and picture textures it draws.
public final class Canvas {
    private var renderer: OpaquePointer
    private let fonts: FontLibrary
    private let measurer: TextMeasurerSDL
    private let images: ImageLoader
    private var text: TextCache
    /// True when what was drawn stays in the target between frames (a window surface): the
    /// still layer is then simply left in place and only the moving layer is drawn again.
    public var persistentTarget = false
    private var pictures: [String: (source: DecodedImage, texture: OpaquePointer)] = [:]

    public init(renderer: OpaquePointer, fonts: FontLibrary, measurer: TextMeasurerSDL, images: ImageLoader) {
        self.renderer = renderer
        self.fonts = fonts
        self.measurer = measurer
        self.images = images
        self.text = TextCache(renderer: renderer, fonts: fonts)
    }

    deinit { releaseTextures() }

    /// Destroys every texture the canvas holds. Called before the renderer goes, because
    /// SDL_DestroyRenderer frees its textures and a later SDL_DestroyTexture would touch freed memory.
    public func releaseTextures() {
        for entry in pictures.values { SDL_DestroyTexture(entry.texture) }
        pictures.removeAll()
        if let layer { SDL_DestroyTexture(layer) }
        layer = nil
        text.removeAll()
    }

    private var layer: OpaquePointer?
    private var layerSize: (Int32, Int32) = (0, 0)
    private var layerCommands: [DrawCommand] = []
    private var layerImages = -1

    /// Makes the next `draw(still:moving:)` draw everything (the display lost the picture).
    public func forgetStillLayer() {
        layerCommands = []
        layerImages = -1
    }

    /// Moves the canvas to a new renderer (a window surface that was replaced on resize).
    public func retarget(_ renderer: OpaquePointer) {
        releaseTextures()
        self.renderer = renderer
        text = TextCache(renderer: renderer, fonts: fonts)
        forgetStillLayer()
    }

    /// Draws `still`, kept while its commands and the decoded pictures stay the same, then
    /// `moving` over it. Returns false when only `moving` was drawn again.
    @discardableResult
    public func draw(still: [DrawCommand], moving: [DrawCommand], clear: Color) -> Bool {
        let stillChanged = layerImages != images.generation || layerCommands != still
        if persistentTarget {
            guard stillChanged else {
                execute(moving)
                SDL_RenderSetClipRect(renderer, nil)
                return false
            }
            draw(still + moving, clear: clear)
            layerCommands = still
            layerImages = images.generation
            return true
        }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        if layer == nil || layerSize != (w, h) {
            if let layer { SDL_DestroyTexture(layer) }
            layer = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888.rawValue, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), w, h)
            layerSize = (w, h)
            layerImages = -1
            layerCommands = []
        }
        guard let layer else {
            // No render targets on this renderer: draw everything every time.
            draw(still + moving, clear: clear)
            return true
        }
        if stillChanged {
            SDL_SetRenderTarget(renderer, layer)
            draw(still, clear: clear)
            SDL_SetRenderTarget(renderer, nil)
            layerCommands = still
            layerImages = images.generation
        }
        SDL_RenderSetClipRect(renderer, nil)
        SDL_SetTextureBlendMode(layer, SDL_BLENDMODE_NONE)
        SDL_RenderCopy(renderer, layer, nil, nil)
        execute(moving)
        SDL_RenderSetClipRect(renderer, nil)
        return stillChanged
    }

    public func draw(_ commands: [DrawCommand], clear: Color) {
        SDL_RenderSetClipRect(renderer, nil)
        SDL_SetRenderDrawColor(renderer, clear.r, clear.g, clear.b, 255)
        SDL_RenderClear(renderer)
        execute(commands)
        SDL_RenderSetClipRect(renderer, nil)
        dropUnusedPictures()
    }

    private func execute(_ commands: [DrawCommand]) {
        for command in commands {
            switch command {
            case .fill(let rect, let color): fill(rect, color)
            case .text(let string, let x, let y, let font, let color, let maxWidth):
                drawText(string, x: x, y: y, font: font, color: color, maxWidth: maxWidth)
            case .image(let ref, let rect, let fit, let opacity): drawImage(ref, in: rect, fit: fit, opacity: opacity)
            case .clip(let rect):
                if let rect { var r = Self.pixels(rect); SDL_RenderSetClipRect(renderer, &r) }
                else { SDL_RenderSetClipRect(renderer, nil) }
            case .prefetch(let ref, let width, let height): images.request(ref, width: width, height: height)
            }
        }
    }

    /// Whole pixels: edges are rounded, so neighbouring rectangles neither gap nor overlap.
    static func pixels(_ r: Rect) -> SDL_Rect {
        let x0 = Int32(r.x.rounded()), y0 = Int32(r.y.rounded())
        return SDL_Rect(x: x0, y: y0, w: max(0, Int32(r.maxX.rounded()) - x0), h: max(0, Int32(r.maxY.rounded()) - y0))
    }

    private func fill(_ rect: Rect, _ color: Color) {
        guard color.a > 0 else { return }
        SDL_SetRenderDrawBlendMode(renderer, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        var r = Self.pixels(rect)
        SDL_RenderFillRect(renderer, &r)
    }

    private func drawText(_ string: String, x: Double, y: Double, font: FontSpec, color: Color, maxWidth: Double?) {
        guard !string.isEmpty, color.a > 0 else { return }
        var shown = string
        if let maxWidth, measurer.width(of: string, font: font) > maxWidth {
            shown = Ellipsis.fit(string, width: maxWidth) { self.measurer.width(of: $0, font: font) }
            if shown.isEmpty { return }
        }
        guard let entry = text.texture(for: shown, font: font) else { return }
        SDL_SetTextureColorMod(entry.texture, color.r, color.g, color.b)
        SDL_SetTextureAlphaMod(entry.texture, color.a)
        var dst = SDL_Rect(x: Int32(x.rounded()), y: Int32(y.rounded()), w: entry.width, h: entry.height)
        SDL_RenderCopy(renderer, entry.texture, nil, &dst)
    }

    private func drawImage(_ ref: ImageRef, in rect: Rect, fit: ImageFit, opacity: Double) {
        images.request(ref, width: Int(rect.width.rounded()), height: Int(rect.height.rounded()))
        guard opacity > 0, let decoded = images.decoded(ref), let texture = texture(for: ref.path, decoded) else { return }
        let imageW = Double(decoded.width), imageH = Double(decoded.height)
        var src = SDL_Rect(x: 0, y: 0, w: Int32(imageW), h: Int32(imageH))
        var dst = Self.pixels(rect)
        switch fit {
        case .cover:
            // Crop the source to the destination's proportions, centred.
            let scale = max(rect.width / imageW, rect.height / imageH)
            let cropW = min(imageW, rect.width / scale), cropH = min(imageH, rect.height / scale)
            src = SDL_Rect(x: Int32(((imageW - cropW) / 2).rounded()), y: Int32(((imageH - cropH) / 2).rounded()),
                           w: Int32(cropW.rounded()), h: Int32(cropH.rounded()))
        case .contain:
            let scale = min(rect.width / imageW, rect.height / imageH)
            let w = imageW * scale, h = imageH * scale
            dst = Self.pixels(Rect(x: rect.x + (rect.width - w) / 2, y: rect.y + (rect.height - h) / 2, width: w, height: h))
        }
        SDL_SetTextureAlphaMod(texture, UInt8((min(1, opacity) * 255).rounded()))
        SDL_RenderCopy(renderer, texture, &src, &dst)
    }

    private var usedThisFrame: Set<String> = []

    private func texture(for path: String, _ decoded: DecodedImage) -> OpaquePointer? {
        usedThisFrame.insert(path)
        if let cached = pictures[path], cached.source === decoded { return cached.texture }
        if let stale = pictures[path] { SDL_DestroyTexture(stale.texture) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, decoded.surface) else {
            pictures[path] = nil
            return nil
        }
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        pictures[path] = (decoded, texture)
        return texture
    }

    /// Picture textures not drawn in this frame are released once more than a few are held, so
    /// texture memory follows the photos on screen, not the size of the gallery.
    private func dropUnusedPictures() {
        if pictures.count > images.capacity {
            for path in pictures.keys where !usedThisFrame.contains(path) {
                SDL_DestroyTexture(pictures[path]!.texture)
                pictures[path] = nil
            }
        }
        usedThisFrame.removeAll(keepingCapacity: true)
    }
}

/// Cuts text to a width with "…", on whole characters so no diacritic is split from its letter.
enum Ellipsis {
    static func fit(_ text: String, width: Double, measure: (String) -> Double) -> String {
        let characters = Array(text)
        var low = 0, high = characters.count
        // The longest prefix that fits with the ellipsis.
        while low < high {
            let mid = (low + high + 1) / 2
            if measure(String(characters[..<mid]).trimmingTrailingSpaces() + "…") <= width { low = mid } else { high = mid - 1 }
        }
        if low == 0 { return measure("…") <= width ? "…" : "" }
        return String(characters[..<low]).trimmingTrailingSpaces() + "…"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
