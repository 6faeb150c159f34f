import CSDL2
import KioskCore
@testable import KioskRender
import Testing

/// The text cache lets go of strings the screen stopped drawing, well before its byte bound.
@Suite struct TextTextureCacheTests {
    @Test func aStringNotDrawnForFiveMinutesIsDropped() throws {
        let surface = try #require(SDL_CreateRGBSurfaceWithFormat(0, 320, 200, 32, SDL_PIXELFORMAT_ARGB8888.rawValue))
        defer { SDL_FreeSurface(surface) }
        let renderer = try #require(SDL_CreateSoftwareRenderer(surface))
        defer { SDL_DestroyRenderer(renderer) }
        let cache = TextTextureCache(renderer: renderer, fonts: try FontLibrary(), tinted: true)
        var now: UInt64 = 1_000
        cache.clock = { now }
        let font = FontSpec(size: 24), ink = Color(0, 0, 0)
        // The header's clock changes every minute; the title stays.
        var frame: UInt64 = 0
        for minute in 0..<12 {
            for _ in 0..<3 {
                _ = try cache.texture(for: "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ", font: font, color: ink, frame: frame)
                _ = try cache.texture(for: "Thứ Ba · 09:\(10 + minute)", font: font, color: ink, frame: frame)
                cache.trim(frame: frame)
                frame += 1
                now += 20_000
            }
            // The title and at most the clock strings of the last five checks (six minutes) are held.
            #expect(cache.count <= 1 + 6 + 1, "minute \(minute): \(cache.count) strings")
        }
        #expect(cache.count >= 2)
        #expect(cache.bytes < cache.maxBytes / 10)
        // The title, drawn every frame, was never dropped: drawing it again renders nothing new.
        let before = cache.count
        _ = try cache.texture(for: "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ", font: font, color: ink, frame: frame)
        #expect(cache.count == before)
    }
}
