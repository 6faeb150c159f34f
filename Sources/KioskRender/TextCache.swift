import CSDL2
import KioskCore

/// Text rendered once per (string, font) as a white texture and tinted at draw time, so a
/// colour change costs nothing and a static screen renders no glyphs.
final class TextCache {
    struct Entry {
        let texture: OpaquePointer
        let width: Int32
        let height: Int32
        var lastUse: UInt64
    }

    private let renderer: OpaquePointer
    private let fonts: FontLibrary
    private var entries: [TextKey: Entry] = [:]
    private var clock: UInt64 = 0
    private var bytes = 0
    /// Texture memory the cache may hold before it evicts the least recently drawn strings.
    let byteBudget: Int

    init(renderer: OpaquePointer, fonts: FontLibrary, byteBudget: Int = 24 << 20) {
        self.renderer = renderer; self.fonts = fonts; self.byteBudget = byteBudget
    }

    deinit { removeAll() }

    func removeAll() {
        for entry in entries.values { SDL_DestroyTexture(entry.texture) }
        entries.removeAll()
        bytes = 0
    }

    var count: Int { entries.count }

    func texture(for text: String, font: FontSpec) -> Entry? {
        clock += 1
        let key = TextKey(text: text, font: font)
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            return entry
        }
        guard let face = try? fonts.font(font),
              let surface = TTF_RenderUTF8_Blended(face, text, SDL_Color(r: 255, g: 255, b: 255, a: 255)) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        let entry = Entry(texture: texture, width: surface.pointee.w, height: surface.pointee.h, lastUse: clock)
        entries[key] = entry
        bytes += Int(entry.width) * Int(entry.height) * 4
        if bytes > byteBudget { evict() }
        return entry
    }

    /// Drops the older half of the cache by last use; strings on screen are redrawn next frame.
    private func evict() {
        let sorted = entries.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in sorted.prefix(sorted.count / 2) where entry.lastUse != clock {
            SDL_DestroyTexture(entry.texture)
            bytes -= Int(entry.width) * Int(entry.height) * 4
            entries[key] = nil
        }
    }
}
