import FoundationEssentials

/// Recent recipients of the honour roll, one card at a time, rotating.
public enum HighlightsPanel {
    /// How many of the newest honours take turns in the lobby.
    public static let rotationSize = 12

    public static func draw(_ ctx: FrameContext, in rect: Rect, into frame: inout Frame) {
        let t = ctx.theme
        let body = Panel.draw(ctx.labels.highlightsTitle, in: rect, ctx: ctx, into: &frame)
        // Chosen once per load of the roll (HonourCatalog), not sorted again on every frame.
        let recent = ctx.content.catalog.newest
        guard !recent.isEmpty else {
            frame.add(.text(ctx.labels.noHonours, x: body.x, y: body.y, font: t.font(18), color: t.mutedText, maxWidth: body.width))
            return
        }
        let seconds = ctx.content.settings.highlightSeconds
        let slot = (ctx.clock / seconds).rounded(.down)
        let index = Int(slot.truncatingRemainder(dividingBy: Double(recent.count)))
        let honour = recent[index]

        var textX = body.x
        let portraitWidth = t.len(96), portraitHeight = t.len(120)
        if let photo = honour.photo {
            let r = Rect(x: body.x, y: body.y + t.len(4), width: portraitWidth, height: portraitHeight)
            frame.add(.fill(r, t.panelBorder))
            frame.add(.image(ctx.absolute(photo), rect: r, fit: .cover, opacity: 1))
            textX += portraitWidth + t.len(14)
        }
        let textWidth = body.maxX - textX
        var y = body.y
        let nameFont = t.font(22, .bold)
        for line in TextLayout.wrap(honour.name, font: nameFont, width: textWidth, maxLines: 2, measurer: ctx.measurer) {
            frame.add(.text(line, x: textX, y: y, font: nameFont, color: t.heading, maxWidth: textWidth))
            y += ctx.measurer.lineHeight(of: nameFont)
        }
        y += t.len(4)
        let smallFont = t.font(15)
        let subtitle = [honour.title, honour.unit].filter { !$0.isEmpty }.joined(separator: " · ")
        let kindLine = ctx.labels.kind(honour.kind) + (subtitle.isEmpty || honour.kind == .collective ? "" : " · " + subtitle)
        frame.add(.text(kindLine, x: textX, y: y, font: smallFont, color: t.mutedText, maxWidth: textWidth))
        y += ctx.measurer.lineHeight(of: smallFont) + t.len(8)
        let awardFont = t.font(17, .bold)
        for line in TextLayout.wrap(honour.award, font: awardFont, width: textWidth, maxLines: 3, measurer: ctx.measurer) {
            frame.add(.text(line, x: textX, y: y, font: awardFont, color: t.text, maxWidth: textWidth))
            y += ctx.measurer.lineHeight(of: awardFont)
        }
        y += t.len(4)
        frame.add(.text(DateText.honour(honour.date, language: ctx.state.language), x: textX, y: y,
                        font: smallFont, color: t.mutedText, maxWidth: textWidth))

        // Dots show the rotation, so a passer-by sees there is more to come, and a line says
        // the screen can be touched: nothing else on an unattended lobby tells visitors so.
        let dot = t.len(8), spacing = t.len(14)
        let dotsY = body.maxY - dot
        let hintFont = t.font(13)
        let hintY = dotsY - t.len(8) - ctx.measurer.lineHeight(of: hintFont)
        if hintY > y + ctx.measurer.lineHeight(of: smallFont) {
            frame.add(.text(ctx.labels.touchToBrowse, x: body.x, y: hintY, font: hintFont, color: t.mutedText, maxWidth: body.width))
        }
        for i in 0..<recent.count {
            frame.add(.fill(Rect(x: body.x + Double(i) * spacing, y: dotsY, width: dot, height: dot),
                            i == index ? t.primary : t.panelBorder))
        }
        frame.wake(at: Date(timeIntervalSince1970: (slot + 1) * seconds))
    }
}

/// Orders of the honour roll that do not depend on the display language.
public enum HonourOrder {
    /// Newest award first; ties by name, then by file position, so the order is stable.
    public static func newestFirst(_ honours: [Honour]) -> [Honour] {
        honours.sorted(by: comesBefore)
    }

    /// The first `count` of `newestFirst(honours)`, without sorting the rest: one pass that
    /// keeps the newest few, so a roll the loader already handed over newest first costs one
    /// comparison an honour. Ties keep their input order, as the stable sort does.
    public static func newest(_ count: Int, of honours: [Honour]) -> [Honour] {
        guard count > 0 else { return [] }
        var kept: [Honour] = []
        kept.reserveCapacity(count + 1)
        for honour in honours {
            if kept.count == count, let last = kept.last, !comesBefore(honour, last) { continue }
            // After every kept honour it does not come before: equal ones stay in input order.
            var at = kept.count
            while at > 0 && comesBefore(honour, kept[at - 1]) { at -= 1 }
            kept.insert(honour, at: at)
            if kept.count > count { kept.removeLast() }
        }
        return kept
    }

    /// The order of `newestFirst`.
    static func comesBefore(_ a: Honour, _ b: Honour) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.name != b.name { return a.name < b.name }
        return (a.source.path, a.source.line) < (b.source.path, b.source.line)
    }
}
