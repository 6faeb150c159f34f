/// A white card with a thin border and a title line, the frame every lobby panel sits in.
public enum Panel {
    /// Draws the card and its title; returns the rectangle left for the content.
    public static func draw(_ title: String, in rect: Rect, ctx: FrameContext, into frame: inout Frame) -> Rect {
        let t = ctx.theme
        frame.add(.fill(rect, t.panelBorder))
        frame.add(.fill(rect.inset(1), t.panel))
        let titleFont = t.font(20, .bold)
        let pad = t.len(16)
        let titleHeight = ctx.measurer.lineHeight(of: titleFont)
        frame.add(.fill(Rect(x: rect.x, y: rect.y, width: t.len(6), height: titleHeight + pad * 1.5), t.primary))
        frame.add(.text(title.uppercased(), x: rect.x + pad, y: rect.y + pad * 0.75, font: titleFont, color: t.heading,
                        maxWidth: rect.width - 2 * pad))
        let top = rect.y + titleHeight + pad * 1.5
        frame.add(.fill(Rect(x: rect.x + pad, y: top - 1, width: rect.width - 2 * pad, height: 1), t.panelBorder))
        return Rect(x: rect.x + pad, y: top + pad / 2, width: rect.width - 2 * pad, height: rect.maxY - top - pad)
    }
}
