import CSDL2
import KioskCore

/// Where a picture's pixels go: which part of the texture, into which part of the screen.
enum ImageFitting {
    /// A coordinate in whole pixels. A layout bug may hand over NaN or infinity, and Int(NaN)
    /// traps: a lobby screen must draw a wrong frame rather than crash, so those become 0 and
    /// huge values are clamped far outside any screen.
    static func pixel(_ v: Double) -> Int32 {
        guard v.isFinite else { return 0 }
        return Int32(max(-1_000_000, min(1_000_000, v.rounded())))
    }

    /// Whole pixels: edges are rounded, so neighbouring rectangles neither gap nor overlap.
    static func pixels(_ r: Rect) -> SDL_Rect {
        let x0 = pixel(r.x), y0 = pixel(r.y), x1 = pixel(r.maxX), y1 = pixel(r.maxY)
        return SDL_Rect(x: x0, y: y0, w: max(0, x1 - x0), h: max(0, y1 - y0))
    }

    /// `.cover`: the destination is the whole rectangle and the source is cropped, centred, to
    /// its proportions. `.contain`: the whole source goes into a centred rectangle of the
    /// picture's proportions, leaving bands. nil when there is nothing to draw.
    static func placement(width: Int, height: Int, in rect: Rect, fit: ImageFit) -> (source: SDL_Rect, destination: SDL_Rect)? {
        guard width > 0, height > 0, rect.width >= 0.5, rect.height >= 0.5, rect.width.isFinite, rect.height.isFinite else { return nil }
        let iw = Double(width), ih = Double(height)
        switch fit {
        case .cover:
            let scale = max(rect.width / iw, rect.height / ih)
            let cropW = min(iw, rect.width / scale), cropH = min(ih, rect.height / scale)
            let cw = max(1, pixel(cropW)), ch = max(1, pixel(cropH))
            let source = SDL_Rect(x: (Int32(width) - cw) / 2, y: (Int32(height) - ch) / 2, w: cw, h: ch)
            return (source, pixels(rect))
        case .contain:
            let scale = min(rect.width / iw, rect.height / ih)
            let w = iw * scale, h = ih * scale
            let destination = pixels(Rect(x: rect.x + (rect.width - w) / 2, y: rect.y + (rect.height - h) / 2, width: w, height: h))
            guard destination.w > 0, destination.h > 0 else { return nil }
            return (SDL_Rect(x: 0, y: 0, w: Int32(width), h: Int32(height)), destination)
        }
    }
}
