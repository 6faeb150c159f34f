/// The honour roll as a page of recipient cards; touch browsing deepens it later.
public enum HonoursScene {
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        HeaderBar.draw(ctx, into: &frame)
        let body = HeaderBar.body(ctx, margin: 20)
        let margin = body.x
        var y = body.y
        let titleFont = t.font(30, .bold)
        frame.add(.text(ctx.labels.honoursTitle.uppercased(), x: margin, y: y, font: titleFont, color: t.primary, maxWidth: nil))
        let countFont = t.font(18)
        let countText = ctx.labels.recipients(ctx.content.honours.count)
        frame.add(.text(countText, x: ctx.width - margin - ctx.measurer.width(of: countText, font: countFont),
                        y: y + t.len(10), font: countFont, color: t.mutedText, maxWidth: nil))
        y += ctx.measurer.lineHeight(of: titleFont) + t.len(10)

        let honours = HonourOrder.newestFirst(ctx.content.honours)
        let bottom = body.maxY
        let columns = 2
        let cardHeight = t.len(96), gap = t.len(12)
        let cardWidth = ((ctx.width - margin * 2 - gap * Double(columns - 1)) / Double(columns)).rounded(.down)
        let rows = max(0, Int((bottom - y + gap) / (cardHeight + gap)))
        for (i, honour) in honours.prefix(rows * columns).enumerated() {
            let r = Rect(x: margin + Double(i % columns) * (cardWidth + gap), y: y + Double(i / columns) * (cardHeight + gap),
                         width: cardWidth, height: cardHeight)
            drawCard(honour, in: r, ctx: ctx, into: &frame)
        }
        TickerStrip.draw(ctx, into: &frame)
    }

    static func drawCard(_ honour: Honour, in r: Rect, ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        frame.add(.fill(r, t.panelBorder))
        frame.add(.fill(r.inset(1), t.panel))
        let pad = t.len(10)
        let portrait = Rect(x: r.x + pad, y: r.y + pad, width: (r.height - 2 * pad) * 0.8, height: r.height - 2 * pad)
        frame.add(.fill(portrait, honour.kind == .collective ? t.primary.withOpacity(0.85) : t.panelBorder))
        if let photo = honour.photo {
            frame.add(.image(ctx.absolute(photo), rect: portrait, fit: .cover, opacity: 1))
        } else {
            // A tasteful placeholder: a person's given name is the last word of a Vietnamese
            // name; an organisation is known by the first letter of its name.
            let words = honour.name.split(separator: " ")
            let word = honour.kind == .individual ? words.last : words.first
            let initial = String(word?.first ?? "•").uppercased()
            let font = t.font(30, .bold)
            frame.add(.text(initial, x: portrait.x + (portrait.width - ctx.measurer.width(of: initial, font: font)) / 2,
                            y: portrait.y + (portrait.height - ctx.measurer.lineHeight(of: font)) / 2, font: font,
                            color: honour.kind == .collective ? t.accent : t.primary, maxWidth: nil))
        }
        let x = portrait.maxX + pad * 1.4
        let width = r.maxX - pad - x
        var y = r.y + pad
        let nameFont = t.font(19, .bold), smallFont = t.font(15)
        frame.add(.text(honour.name, x: x, y: y, font: nameFont, color: t.primary, maxWidth: width))
        y += ctx.measurer.lineHeight(of: nameFont) + t.len(2)
        frame.add(.text(honour.award, x: x, y: y, font: smallFont, color: t.text, maxWidth: width))
        y += ctx.measurer.lineHeight(of: smallFont) + t.len(2)
        let meta = [ctx.labels.kind(honour.kind), DateText.honour(honour.date, language: ctx.state.language), honour.unit]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        frame.add(.text(meta, x: x, y: y, font: smallFont, color: t.mutedText, maxWidth: width))
    }
}
