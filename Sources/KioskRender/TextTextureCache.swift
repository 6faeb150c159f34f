import CSDL2
import KioskCore

/// Text rendered once per (string, font) as a white texture and tinted at draw time with the
/// texture's colour and alpha modulation: a colour change or fade costs nothing, and a screen
/// that shows the same strings renders no glyphs at all.
///
/// Except on SDL's software renderer (`tinted`): its blitter has no fast path for colour
/// modulation (40 lines of coloured text took 13 ms against 3 ms white), so there each string
/// is rendered once per colour, in that colour, and only alpha is modulated.
///
/// Bounded by count and bytes; least recently drawn strings go first, but never one drawn in
/// the current frame (a frame with more text than the bounds would otherwise re-render its own
/// strings on every frame). Within the bounds, a string not drawn for five minutes goes too:
/// the header's clock is a new string every minute, and a lobby that runs for months would
/// otherwise fill the 8 MiB with the minutes it has shown (0.3 MiB a minute, fifth session).
final class TextTextureCache {
    struct Entry {
        let texture: OpaquePointer
        let width: Int32
        let height: Int32
        var lastUse: UInt64
        var lastFrame: UInt64
        var bytes: Int { Int(width) * Int(height) * 4 }
    }

    /// A string in a font, and its colour when textures are rendered in colour.
    private struct Key: Hashable {
        let text: TextKey
        let rgb: UInt32
    }

    private let renderer: OpaquePointer
    private let fonts: FontLibrary
    /// Render each colour into its own texture instead of modulating a white one.
    let tinted: Bool
    private var entries: [Key: Entry] = [:]
    private var useClock: UInt64 = 0
    private(set) var bytes = 0
    var maxBytes: Int
    var maxEntries: Int
    /// Milliseconds on a monotonic clock; a test sets its own.
    var clock: () -> UInt64 = { SDL_GetTicks64() }
    /// How often strings are checked for disuse, and after how many checks without a draw they go.
    static let idleCheckMilliseconds: UInt64 = 60_000
    static let idleChecks = 5
    /// The frame number at each of the last checks, oldest first.
    private var checkFrames: [UInt64] = []
    private var lastCheck: UInt64?

    init(renderer: OpaquePointer, fonts: FontLibrary, tinted: Bool, maxBytes: Int = 8 << 20, maxEntries: Int = 2048) {
        self.renderer = renderer
        self.fonts = fonts
        self.tinted = tinted
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
    }

    var count: Int { entries.count }

    /// The texture for `text` in `font`, rendering it if needed. When `tinted`, it is already
    /// in `color`'s RGB; otherwise white, to be colour-modulated.
    func texture(for text: String, font: FontSpec, color: Color, frame: UInt64) throws -> Entry {
        useClock += 1
        let rgb = tinted ? UInt32(color.r) << 16 | UInt32(color.g) << 8 | UInt32(color.b) : 0xFF_FFFF
        let key = Key(text: TextKey(text: text, font: font), rgb: rgb)
        if var entry = entries[key] {
            entry.lastUse = useClock
            entry.lastFrame = frame
            entries[key] = entry
            return entry
        }
        let face = try fonts.font(font)
        // Blended: anti-aliased glyphs with an alpha channel, drawn white so colour modulation
        // gives any colour. Text is NFC, and HarfBuzz (which Debian's SDL_ttf uses) shapes it.
        let ink = SDL_Color(r: UInt8(rgb >> 16), g: UInt8((rgb >> 8) & 0xFF), b: UInt8(rgb & 0xFF), a: 255)
        guard let surface = TTF_RenderUTF8_Blended(face, text, ink) else {
            throw RenderError("TTF_RenderUTF8_Blended", context: "\"\(text.prefix(40))\" at \(font.size) px")
        }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else {
            throw RenderError("SDL_CreateTextureFromSurface", context: "text \(surface.pointee.w)×\(surface.pointee.h)")
        }
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        let entry = Entry(texture: texture, width: surface.pointee.w, height: surface.pointee.h,
                          lastUse: useClock, lastFrame: frame)
        entries[key] = entry
        bytes += entry.bytes
        return entry
    }

    /// Evicts least recently drawn strings not drawn in `frame` until within the bounds; it
    /// goes down to three quarters of them so the sort doesn't run again on the next frame.
    func trim(frame: UInt64) {
        dropIdle(frame: frame)
        guard bytes > maxBytes || entries.count > maxEntries else { return }
        let old = entries.filter { $0.value.lastFrame != frame }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in old {
            if bytes <= maxBytes * 3 / 4 && entries.count <= maxEntries * 3 / 4 { break }
            SDL_DestroyTexture(entry.texture)
            bytes -= entry.bytes
            entries[key] = nil
        }
    }

    /// Once a minute, destroys the strings not drawn since the check five minutes ago.
    private func dropIdle(frame: UInt64) {
        let now = clock()
        if let lastCheck, now &- lastCheck < Self.idleCheckMilliseconds { return }
        lastCheck = now
        checkFrames.append(frame)
        guard checkFrames.count > Self.idleChecks else { return }
        let cutoff = checkFrames.removeFirst()
        for (key, entry) in entries where entry.lastFrame < cutoff {
            SDL_DestroyTexture(entry.texture)
            bytes -= entry.bytes
            entries[key] = nil
        }
    }

    /// Destroys every texture (the renderer is going away, or lost its textures).
    func removeAll(destroy: Bool = true) {
        if destroy { for entry in entries.values { SDL_DestroyTexture(entry.texture) } }
        entries = [:]
        bytes = 0
    }
}
