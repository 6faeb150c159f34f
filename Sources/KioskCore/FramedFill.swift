/// A rectangle with a one-pixel frame, drawn as its inside and four edges instead of the frame's
/// colour over all of it and the inside over that: the same pixels, half the filling. In SDL's
/// software renderer filling is most of a frame of the honour roll (a card is ~90,000 pixels).
enum FramedFill {
    /// The pixels of `.fill(r, frame)` then `.fill(r.inset(1), inside)`, when both are opaque.
    static func commands(_ r: Rect, frame: Color, inside: Color) -> [DrawCommand] {
        let inner = r.inset(1)
        // Translucent colours blend differently when not overlapped, and a rectangle too small
        // to have an inside is all frame: those keep the two fills.
        guard frame.a == 255, inside.a == 255, inner.width > 0, inner.height > 0 else {
            return [.fill(r, frame), .fill(inner, inside)]
        }
        // Each edge is spanned between the very coordinates the two fills had, so the renderer
        // rounds every side of every piece to the pixel it rounded the fills' sides to.
        return [.fill(inner, inside)] + edges(r, frame)
    }

    /// Only the frame of `commands(r, …)`, for an inside already filled with its colour.
    static func edges(_ r: Rect, _ frame: Color) -> [DrawCommand] {
        let inner = r.inset(1)
        guard inner.width > 0, inner.height > 0 else { return [.fill(r, frame)] }
        return [
            .fill(span(r.x, r.y, r.maxX, inner.y), frame),
            .fill(span(r.x, inner.maxY, r.maxX, r.maxY), frame),
            .fill(span(r.x, inner.y, inner.x, inner.maxY), frame),
            .fill(span(inner.maxX, inner.y, r.maxX, inner.maxY), frame),
        ]
    }

    /// The rectangle between two corners. A renderer that rounds `x + width` gets `x1` back
    /// exactly when the two are close (the difference is exact then), as they are here.
    static func span(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Rect {
        Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
