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

    /// Where `commands` can put pixels on a `width`×`height` screen: the union of their
    /// rectangles within the clips in force, text by its measured width and line height plus a
    /// margin for rounding and overhangs. nil when nothing would be drawn.
    static func extent(of commands: [DrawCommand], width: Int32, height: Int32, measurer: TextMeasurerSDL) -> SDL_Rect? {
        let screen = SDL_Rect(x: 0, y: 0, w: width, h: height)
        var clip = screen
        var box: SDL_Rect?
        func add(_ r: SDL_Rect) {
            if let visible = intersection(r, clip) { box = union(box, visible) }
        }
        for command in commands {
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
            case .prefetch:
                continue
            }
        }
        return box
    }
}
