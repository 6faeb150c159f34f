import CSDL2
import FoundationEssentials
import KioskCore

/// The ticker's tape (see `TickerTape`) composed once on the software renderer, so a tick of
/// the ticker is a row copy of the visible window of it instead of blending every headline's
/// glyphs again.
///
/// The tape is composed in tiles `tileWidth` pixels wide, in the screen's pixel format, with
/// SDL's own fill and blit (the calls SDL's software renderer makes for a fill and a text
/// texture), so its pixels are the ones drawing the tape's commands gives. A tile is composed
/// when the window first reaches it and kept while the tiles stay within `maxBytes`; past that
/// (a long ticker on a 4K screen) the least recently shown go, and are composed again when the
/// band comes round. A tape that changes (ticker.txt, theme, palette, screen size) starts afresh.
final class TapeCache {
    static let tileWidth = 1024

    /// Bytes of tiles kept; the tiles one window needs are kept even past it. Small on purpose:
    /// composing a tile again when the band comes round costs a millisecond every few seconds,
    /// while keeping a long ticker's whole band would cost megabytes of the lobby's 60 MiB.
    var maxBytes = 1 << 20

    private struct Tile {
        let surface: UnsafeMutablePointer<SDL_Surface>
        let pixels: PixelPlane
        var lastUse: UInt64
    }

    private let fonts: FontLibrary
    private var tape: TickerTape?
    private var format: UInt32 = 0
    /// Where each headline starts on the tape, and how long the tape is.
    private var starts: [Int] = []
    private var cycle = 0
    private var tiles: [Int: Tile] = [:]
    private var useClock: UInt64 = 0
    /// Tiles composed since the tape was last replaced (tests, benchmarks).
    private(set) var composed = 0

    init(fonts: FontLibrary) { self.fonts = fonts }

    deinit { removeAll() }

    var count: Int { tiles.count }
    var bytes: Int { tiles.values.reduce(0) { $0 + Int($1.pixels.pitch) * Int($1.pixels.height) } }

    /// Draws `tape` moved `offset` pixels left into `lane` where it shows (`shown`, inside the
    /// lane) on `screen`, whose pixels are in `format`. False when it can't (a tape not in whole
    /// pixels, out of memory): the caller draws the tape's commands instead.
    func draw(_ tape: TickerTape, offset: Double, lane: SDL_Rect, shown: SDL_Rect, on screen: PixelPlane, format: UInt32,
              report: (RenderError) -> Void) -> Bool {
        // Opaque strip, opaque or no dots: what a fill does on the tape is what it does on the screen.
        guard tape.isWholePixels, tape.background.a == 255, tape.dotColor.a == 255 || tape.dotColor.a == 0,
              offset == offset.rounded(), abs(offset) < 1e9, Double(lane.h) == tape.height,
              lane.h > 0, shown.w > 0, shown.h > 0, Damage.contains(lane, shown) else { return false }
        if self.tape != tape || self.format != format { replace(with: tape, format: format) }
        // The tape column shown at the window's left edge.
        let first = mod(Int(shown.x - lane.x) - Int(tape.lead) + Int(offset), cycle)
        useClock += 1
        var missing: Set<Int> = []
        forEachRun(from: first, length: Int(shown.w)) { tile, _, _, _ in
            if tiles[tile] == nil { missing.insert(tile) } else { tiles[tile]!.lastUse = useClock }
        }
        if !missing.isEmpty {
            // Headlines rendered for this draw's tiles, each once though it spans two tiles.
            var glyphs: [Int: UnsafeMutablePointer<SDL_Surface>?] = [:]
            defer { for case let surface? in glyphs.values { SDL_FreeSurface(surface) } }
            for index in missing.sorted() {
                guard let tile = compose(index, tape: tape, laneTop: lane.y, glyphs: &glyphs, report: report) else { return false }
                tiles[index] = tile
            }
            trim(keepingUse: useClock)
        }
        let row = shown.y - lane.y
        forEachRun(from: first, length: Int(shown.w)) { tile, column, length, x in
            screen.copy(from: tiles[tile]!.pixels, x: Int32(column), y: row,
                        to: SDL_Rect(x: shown.x + Int32(x), y: shown.y, w: Int32(length), h: shown.h))
        }
        return true
    }

    /// The window of `length` columns from tape column `first` as runs within one tile each:
    /// the tile, the column in it, the run's length and its distance from the window's left edge.
    private func forEachRun(from first: Int, length: Int, _ body: (Int, Int, Int, Int) -> Void) {
        var column = first, x = 0
        while x < length {
            let tile = column / Self.tileWidth, within = column % Self.tileWidth
            let run = min(length - x, Self.tileWidth - within, cycle - column)
            body(tile, within, run, x)
            x += run
            column = (column + run) % cycle
        }
    }

    /// Frees every tile.
    func removeAll() {
        for tile in tiles.values { SDL_FreeSurface(tile.surface) }
        tiles = [:]
    }

    private func replace(with tape: TickerTape, format: UInt32) {
        removeAll()
        self.tape = tape
        self.format = format
        starts = tape.starts.map { Int($0) }
        cycle = Int(tape.cycle)
        composed = 0
    }

    /// The tape's columns `index * tileWidth` on, as the tape's commands draw them: the strip
    /// colour, then each headline that reaches into the tile and its dot, in order.
    private func compose(_ index: Int, tape: TickerTape, laneTop: Int32, glyphs: inout [Int: UnsafeMutablePointer<SDL_Surface>?],
                         report: (RenderError) -> Void) -> Tile? {
        let left = index * Self.tileWidth
        let width = min(Self.tileWidth, cycle - left)
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(tape.height), 32, format) else {
            SDL_ClearError()
            return nil
        }
        guard let pixels = PixelPlane(surface: surface) else {
            SDL_FreeSurface(surface)
            return nil
        }
        let map = surface.pointee.format
        let background = tape.background, dot = tape.dotColor
        SDL_FillRect(surface, nil, SDL_MapRGBA(map, background.r, background.g, background.b, background.a))
        // Rounded where the lane lies, as the commands are: the tape's rows are the lane's.
        let textY = ImageFitting.pixel(Double(laneTop) + tape.textTop) - laneTop
        for (i, start) in starts.enumerated() {
            let headlineWidth = Int(tape.widths[i])
            let dotRect = ImageFitting.pixels(tape.dot(afterHeadlineAt: Double(start), width: tape.widths[i], top: Double(laneTop)))
            let begin = min(start, Int(dotRect.x)), end = max(start + headlineWidth, Int(dotRect.x + dotRect.w))
            guard end > left, begin < left + width else { continue }
            if start + headlineWidth > left, start < left + width {
                if glyphs[i] == nil { glyphs[i] = renderText(tape.headlines[i], tape: tape, report: report) }
                if let text = glyphs[i]! {
                    var destination = SDL_Rect(x: Int32(start - left), y: textY, w: text.pointee.w, h: text.pointee.h)
                    if SDL_UpperBlit(text, nil, surface, &destination) != 0 {
                        report(RenderError("SDL_BlitSurface", context: "ticker tape"))
                    }
                }
            }
            if dot.a == 255 {
                var r = SDL_Rect(x: dotRect.x - Int32(left), y: dotRect.y - laneTop, w: dotRect.w, h: dotRect.h)
                SDL_FillRect(surface, &r, SDL_MapRGBA(map, dot.r, dot.g, dot.b, dot.a))
            }
        }
        composed += 1
        return Tile(surface: surface, pixels: pixels, lastUse: useClock)
    }

    /// A headline as the canvas draws text on the software renderer: rendered in its colour
    /// (`TextTextureCache`, tinted) and blended with its alpha. nil when nothing is drawn.
    private func renderText(_ text: String, tape: TickerTape, report: (RenderError) -> Void) -> UnsafeMutablePointer<SDL_Surface>? {
        let color = tape.textColor
        guard !text.isEmpty, color.a > 0 else { return nil }
        let face: OpaquePointer
        do { face = try fonts.font(tape.font) } catch let error as RenderError {
            report(error)
            return nil
        } catch { return nil }
        guard let glyphs = TTF_RenderUTF8_Blended(face, text, SDL_Color(r: color.r, g: color.g, b: color.b, a: 255)) else {
            report(RenderError("TTF_RenderUTF8_Blended", context: "\"\(text.prefix(40))\" at \(tape.font.size) px"))
            return nil
        }
        SDL_SetSurfaceBlendMode(glyphs, SDL_BLENDMODE_BLEND)
        SDL_SetSurfaceAlphaMod(glyphs, color.a)
        return glyphs
    }

    /// Drops the least recently shown tiles, never those shown at `keepingUse` (this window's),
    /// until within `maxBytes`.
    private func trim(keepingUse: UInt64) {
        var total = bytes
        guard total > maxBytes else { return }
        for (index, tile) in tiles.sorted(by: { $0.value.lastUse < $1.value.lastUse }) where tile.lastUse != keepingUse {
            if total <= maxBytes { break }
            total -= Int(tile.pixels.pitch) * Int(tile.pixels.height)
            SDL_FreeSurface(tile.surface)
            tiles[index] = nil
        }
    }

    private func mod(_ a: Int, _ n: Int) -> Int { ((a % n) + n) % n }
}
