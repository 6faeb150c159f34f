import CSDL2
import KioskCore

/// Translucent fills for SDL's software renderer.
///
/// SDL_RenderFillRect with blending runs a generic per-pixel loop in software: about 9 ms for a
/// 1920×1080 dimming layer, more than a whole frame's budget. Copying an opaque texture with a
/// constant alpha uses SDL's packed blitter instead (about 1.5 ms for the same area). So a
/// translucent fill is drawn as tiles of a small opaque texture in the fill's colour, with the
/// fill's alpha as the texture's alpha modulation. GPU renderers fill directly.
final class TranslucentFill {
    static let tile: Int32 = 256
    private let renderer: OpaquePointer
    private var tiles: [UInt32: (texture: OpaquePointer, lastUse: UInt64)] = [:]
    private var useClock: UInt64 = 0
    /// Distinct colours kept (a theme has a handful; fades change alpha, not colour).
    private let capacity = 16

    init(renderer: OpaquePointer) { self.renderer = renderer }

    func fill(_ rect: SDL_Rect, _ color: Color) throws {
        let texture = try tile(for: color)
        SDL_SetTextureAlphaMod(texture, color.a)
        var y = rect.y
        while y < rect.y + rect.h {
            let h = min(Self.tile, rect.y + rect.h - y)
            var x = rect.x
            while x < rect.x + rect.w {
                let w = min(Self.tile, rect.x + rect.w - x)
                var source = SDL_Rect(x: 0, y: 0, w: w, h: h)
                var destination = SDL_Rect(x: x, y: y, w: w, h: h)
                if SDL_RenderCopy(renderer, texture, &source, &destination) != 0 { throw RenderError("SDL_RenderCopy", context: "fill") }
                x += w
            }
            y += h
        }
    }

    private func tile(for color: Color) throws -> OpaquePointer {
        useClock += 1
        let key = UInt32(color.r) << 16 | UInt32(color.g) << 8 | UInt32(color.b)
        if let entry = tiles[key] {
            tiles[key] = (entry.texture, useClock)
            return entry.texture
        }
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Self.tile, Self.tile, 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "fill tile")
        }
        defer { SDL_FreeSurface(surface) }
        SDL_FillRect(surface, nil, 0xFF00_0000 | key)
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else {
            throw RenderError("SDL_CreateTextureFromSurface", context: "fill tile")
        }
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        if tiles.count >= capacity, let oldest = tiles.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            SDL_DestroyTexture(oldest.value.texture)
            tiles[oldest.key] = nil
        }
        tiles[key] = (texture, useClock)
        return texture
    }

    func removeAll(destroy: Bool = true) {
        if destroy { for entry in tiles.values { SDL_DestroyTexture(entry.texture) } }
        tiles = [:]
    }
}
