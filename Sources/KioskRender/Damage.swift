import CSDL2
import KioskCore

/// Rectangle arithmetic for the region a frame changed ("damage").
enum Damage {
    static func union(_ a: SDL_Rect?, _ b: SDL_Rect?) -> SDL_Rect? {
        guard let a, a.w > 0, a.h > 0 else { return b.flatMap { $0.w > 0 && $0.h > 0 ? $0 : nil } }
        guard let b, b.w > 0, b.h > 0 else { return a }
        let x0 = min(a.x, b.x), y0 = min(a.y, b.y)
        let x1 = max(a.x + a.w, b.x + b.w), y1 = max(a.y + a.h, b.y + b.h)
        return SDL_Rect(x: x0, y: y0, w: x1 - x0, h: y1 - y0)
    }

    static func intersection(_ a: SDL_Rect, _ b: SDL_Rect) -> SDL_Rect? {
        let x0 = max(a.x, b.x), y0 = max(a.y, b.y)
        let x1 = min(a.x + a.w, b.x + b.w), y1 = min(a.y + a.h, b.y + b.h)
        return x1 > x0 && y1 > y0 ? SDL_Rect(x: x0, y: y0, w: x1 - x0, h: y1 - y0) : nil
    }

    static func same(_ a: SDL_Rect, _ b: SDL_Rect) -> Bool { a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h }

    /// Whether `inner` lies wholly inside `outer`.
    static func contains(_ outer: SDL_Rect, _ inner: SDL_Rect) -> Bool {
        inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
    }

    /// Adds `r` to a list of disjoint rectangles, merging it with those it touches, so two far
    /// apart moving things (a crossfading photo and the ticker) stay two small regions instead
    /// of one box around both.
    static func merge(_ r: SDL_Rect, into rects: inout [SDL_Rect]) {
        guard r.w > 0, r.h > 0 else { return }
        var grown = r
        var i = 0
        while i < rects.count {
            if intersection(rects[i], grown) != nil {
                grown = union(rects[i], grown)!
                rects.remove(at: i)
                i = 0
            } else {
                i += 1
            }
        }
        rects.append(grown)
    }

    /// Where `commands` can put pixels, as disjoint regions (see `extent(of:)`).
    static func regions(of commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL) -> [SDL_Rect] {
        var rects: [SDL_Rect] = []
        visit(commands, width: width, height: height, measurer: measurer) { merge($0, into: &rects) }
        return rects
    }

    /// One region of `regions(of:)` with what draws into it: the index of each command in the
    /// list and the clip it met, in order.
    struct Part {
        var region: SDL_Rect
        var members: [(index: Int, clip: SDL_Rect)] = []
    }

    /// `regions(of:)`, each with the commands that draw into it. Each drawing command lies in
    /// exactly one region, because the regions are merged from the commands' own rectangles.
    static func parts(of commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL) -> [Part] {
        var drawn: [(rect: SDL_Rect, index: Int, clip: SDL_Rect)] = []
        var rects: [SDL_Rect] = []
        visit(commands, width: width, height: height, measurer: measurer) { rect, _, index, clip in
            drawn.append((rect, index, clip))
            merge(rect, into: &rects)
        }
        var parts = rects.map { Part(region: $0) }
        for d in drawn {
            if let i = parts.firstIndex(where: { contains($0.region, d.rect) }) { parts[i].members.append((d.index, d.clip)) }
        }
        return parts
    }

    /// Whether opaque fills (and opaque tapes) cover all of `region` before any other command
    /// draws inside what they left: then nothing under `region` shows through, and it needn't
    /// be restored first. (The ticker's strip is its label box and its lane, side by side.)
    static func opaquelyCovered(_ region: SDL_Rect, by commands: [DrawCommand], width: Int32, height: Int32,
                                measurer: TextMeasurerSDL) -> Bool {
        var answer: Bool?
        var open = [region]
        visit(commands, width: width, height: height, measurer: measurer) { drawn, command in
            guard answer == nil, open.contains(where: { intersection(drawn, $0) != nil }) else { return }
            switch command {
            case .fill(_, let color) where color.a == 255: break
            case .tape(let tape, _, _) where tape.background.a == 255: break
            default:
                answer = false
                return
            }
            open = open.flatMap { subtract(drawn, from: $0) }
            if open.isEmpty { answer = true }
        }
        return answer ?? false
    }

    /// What of `r` lies outside `cut`: up to four rectangles.
    static func subtract(_ cut: SDL_Rect, from r: SDL_Rect) -> [SDL_Rect] {
        guard let overlap = intersection(cut, r) else { return [r] }
        var pieces: [SDL_Rect] = []
        if overlap.y > r.y { pieces.append(SDL_Rect(x: r.x, y: r.y, w: r.w, h: overlap.y - r.y)) }
        if overlap.y + overlap.h < r.y + r.h {
            pieces.append(SDL_Rect(x: r.x, y: overlap.y + overlap.h, w: r.w, h: r.y + r.h - overlap.y - overlap.h))
        }
        if overlap.x > r.x { pieces.append(SDL_Rect(x: r.x, y: overlap.y, w: overlap.x - r.x, h: overlap.h)) }
        if overlap.x + overlap.w < r.x + r.w {
            pieces.append(SDL_Rect(x: overlap.x + overlap.w, y: overlap.y, w: r.x + r.w - overlap.x - overlap.w, h: overlap.h))
        }
        return pieces
    }

    /// Where `commands` can put pixels on a `width`×`height` screen: the union of their
    /// rectangles within the clips in force, text by its measured width and line height plus a
    /// margin for rounding and overhangs. nil when nothing would be drawn.
    static func extent(of commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL) -> SDL_Rect? {
        var box: SDL_Rect?
        visit(commands, width: width, height: height, measurer: measurer) { box = union(box, $0) }
        return box
    }

    private static func visit(_ commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL,
                              _ body: (SDL_Rect) -> Void) {
        visit(commands, width: width, height: height, measurer: measurer) { r, _ in body(r) }
    }

    private static func visit(_ commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL,
                              _ body: (SDL_Rect, DrawCommand) -> Void) {
        visit(commands, width: width, height: height, measurer: measurer) { r, command, _, _ in body(r, command) }
    }

    /// Calls `body` with the visible rectangle of each command that draws, the command, its
    /// index and the clip in force, in order.
    private static func visit(_ commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL,
                              _ body: (SDL_Rect, DrawCommand, Int, SDL_Rect) -> Void) {
        let screen = SDL_Rect(x: 0, y: 0, w: width, h: height)
        var clip = screen
        var current = commands.first
        var index = 0
        func add(_ r: SDL_Rect) {
            if let visible = intersection(r, clip) { body(visible, current!, index, clip) }
        }
        for (i, command) in commands.enumerated() {
            current = command
            index = i
            switch command {
            case .clip(let rect):
                clip = rect.map { intersection(ImageFitting.pixels($0), screen) ?? SDL_Rect(x: 0, y: 0, w: 0, h: 0) } ?? screen
            case .fill(let rect, let color):
                if color.a > 0 { add(ImageFitting.pixels(rect)) }
            case .image(_, let rect, _, let opacity):
                if opacity > 0 { add(ImageFitting.pixels(rect)) }
            case .text(let text, let x, let y, let font, _, let maxWidth):
                guard !text.isEmpty else { continue }
                let width = min(measurer.width(of: text, font: font), maxWidth ?? .infinity)
                let height = measurer.lineHeight(of: font) + Double(font.size) * 0.5
                add(ImageFitting.pixels(Rect(x: x - 3, y: y - 3, width: width + 6, height: height + 6)))
            case .tape(let tape, _, let lane):
                if tape.background.a > 0 || tape.dotColor.a > 0 || tape.textColor.a > 0 { add(ImageFitting.pixels(lane)) }
            case .prefetch:
                continue
            }
        }
    }
}
