import Foundation

/// The honour roll a visitor browses by touch: search, filter chips, a scrolling grid of
/// recipients, an A–Z index and a recipient's card.
///
/// Only the rows in view are laid out and drawn, so 10 recipients and 10,000 cost the same
/// per frame; the search itself runs once per query (`HonourCatalog` memoises it).
public enum HonoursScene {
    /// Where everything goes on a screen of this size, in one place so drawing and the
    /// interaction map agree.
    struct Layout {
        var titleRow: Rect
        var chipRows: [Rect]
        var list: Rect
        var indexBar: Rect?
        var keyboard: Rect?
        var columns: Int
        var cardHeight: Double
        var gap: Double
        var rowPitch: Double { cardHeight + gap }

        init(_ ctx: FrameContext) {
            let t = ctx.theme
            let keyboardOpen = ctx.state.browser.keyboardOpen
            var body = HeaderBar.body(ctx, margin: 16)
            if keyboardOpen {
                // The keyboard takes the ticker's place at the bottom.
                let height = OnScreenKeyboard.height(ctx)
                keyboard = Rect(x: 0, y: ctx.height - height, width: ctx.width, height: height)
                body.height = ctx.height - height - t.len(12) - body.y
            }
            let rowHeight = t.len(48), chipHeight = t.len(44), spacing = t.len(10)
            titleRow = Rect(x: body.x, y: body.y, width: body.width, height: rowHeight)
            var y = titleRow.maxY + spacing
            chipRows = []
            if !keyboardOpen {
                for _ in 0..<2 {
                    chipRows.append(Rect(x: body.x, y: y, width: body.width, height: chipHeight))
                    y += chipHeight + spacing
                }
            }
            var bottom = body.maxY
            if !keyboardOpen {
                let bar = Rect(x: body.x, y: body.maxY - chipHeight, width: body.width, height: chipHeight)
                indexBar = bar
                bottom = bar.y - spacing
            }
            list = Rect(x: body.x, y: y, width: body.width, height: max(0, bottom - y))
            columns = 2
            cardHeight = t.len(92)
            gap = t.len(10)
        }

        func contentHeight(rows count: Int) -> Double {
            let rows = (count + columns - 1) / columns
            return rows == 0 ? 0 : Double(rows) * rowPitch - gap
        }

        func cardRect(_ index: Int, offset: Double) -> Rect {
            let width = ((list.width - gap * Double(columns - 1)) / Double(columns)).rounded(.down)
            return Rect(x: list.x + Double(index % columns) * (width + gap),
                        y: list.y + Double(index / columns) * rowPitch - offset,
                        width: width, height: cardHeight)
        }
    }

    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let catalog = ctx.content.catalog
        let browser = ctx.state.browser
        let matches = catalog.matches(browser.query)
        let layout = Layout(ctx)
        HeaderBar.draw(ctx, into: &frame)
        HonoursControls.drawTitleRow(ctx, layout.titleRow, matchCount: matches.count, into: &frame)
        if layout.chipRows.count == 2 {
            HonoursControls.drawKindAndYearChips(ctx, layout.chipRows[0], into: &frame)
            HonoursControls.drawAwardChips(ctx, layout.chipRows[1], into: &frame)
        }

        let maxOffset = max(0, layout.contentHeight(rows: matches.count) - layout.list.height)
        let offset = browser.scroll.offset(at: ctx.now, maxOffset: maxOffset, viewport: layout.list.height)
        frame.interaction.scroll = ScrollArea(rect: layout.list, maxOffset: maxOffset)
        frame.interaction.matchCount = matches.count
        if browser.scroll.isMoving(at: ctx.now, maxOffset: maxOffset) {
            frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval))
        }
        // A window shrunk to nothing (a pixel or two) has no room for a row: drawing one would
        // divide by a zero row pitch.
        let roomForRows = layout.rowPitch > 0 && layout.list.height > 0
        if matches.isEmpty {
            drawNoMatches(ctx, layout.list, into: &frame)
        } else if roomForRows {
            drawRows(ctx, layout, matches: matches, offset: offset, into: &frame)
        }
        if let bar = layout.indexBar, roomForRows {
            HonoursControls.drawIndexBar(ctx, bar, layout: layout, matches: matches, offset: offset, into: &frame)
        }
        if let keyboard = layout.keyboard {
            OnScreenKeyboard.draw(ctx, keyboard, into: &frame)
        } else if browser.card == nil {
            // The ticker moves in its own layer over everything; it would cross the card.
            TickerStrip.draw(ctx, into: &frame)
        }
        if let card = browser.card, card < matches.count {
            HonourCardView.draw(ctx, honour: catalog.honours[matches[card]], position: card, count: matches.count, into: &frame)
        }
    }

    /// The rows in view, clipped to the list: a partly scrolled row shows its visible part.
    static func drawRows(_ ctx: FrameContext, _ layout: Layout, matches: [Int], offset: Double, into frame: inout Frame) {
        let list = layout.list
        let firstRow = max(0, Int((offset / layout.rowPitch).rounded(.down)))
        let lastRow = Int(((offset + list.height) / layout.rowPitch).rounded(.down))
        let first = firstRow * layout.columns
        let last = min(matches.count - 1, (lastRow + 1) * layout.columns - 1)
        guard first <= last else { return }
        frame.add(.clip(list))
        let honours = ctx.content.catalog.honours
        for index in first...last {
            let rect = layout.cardRect(index, offset: offset)
            drawCard(honours[matches[index]], in: rect, ctx: ctx, into: &frame)
            if let visible = intersection(rect, list) { frame.target(visible, .recipient(index)) }
        }
        frame.add(.clip(nil))
    }

    static func intersection(_ a: Rect, _ b: Rect) -> Rect? {
        let x = max(a.x, b.x), y = max(a.y, b.y)
        let maxX = min(a.maxX, b.maxX), maxY = min(a.maxY, b.maxY)
        return maxX > x && maxY > y ? Rect(x: x, y: y, width: maxX - x, height: maxY - y) : nil
    }

    static func drawNoMatches(_ ctx: FrameContext, _ list: Rect, into frame: inout Frame) {
        let t = ctx.theme
        let font = t.font(24), buttonFont = t.font(22, .bold)
        let message = ctx.labels.noMatches(ctx.state.browser.query.search)
        let y = list.y + t.len(40)
        frame.add(.text(message, x: list.x + (list.width - min(list.width, ctx.measurer.width(of: message, font: font))) / 2,
                        y: y, font: font, color: t.mutedText, maxWidth: list.width))
        let label = ctx.labels.showAll
        let width = ctx.measurer.width(of: label, font: buttonFont) + t.len(48)
        let button = Rect(x: list.x + (list.width - width) / 2, y: y + ctx.measurer.lineHeight(of: font) + t.len(24),
                          width: width, height: t.len(56))
        HonoursControls.drawButton(ctx, label, in: button, font: buttonFont, selected: true, into: &frame)
        frame.target(button, .clearQuery)
    }

    /// One recipient in the grid: portrait, name, award, then kind · date · unit.
    static func drawCard(_ honour: Honour, in r: Rect, ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        frame.add(.fill(r, t.panelBorder))
        frame.add(.fill(r.inset(1), t.panel))
        let pad = t.len(10)
        let portrait = Rect(x: r.x + pad, y: r.y + pad, width: ((r.height - 2 * pad) * 0.8).rounded(), height: r.height - 2 * pad)
        drawPortrait(honour, in: portrait, initialSize: 30, ctx: ctx, into: &frame)
        let x = portrait.maxX + pad * 1.4
        let width = r.maxX - pad - x
        var y = r.y + pad
        let nameFont = t.font(20, .bold), smallFont = t.font(15)
        frame.add(.text(honour.name, x: x, y: y, font: nameFont, color: t.heading, maxWidth: width))
        y += ctx.measurer.lineHeight(of: nameFont) + t.len(2)
        frame.add(.text(honour.award, x: x, y: y, font: smallFont, color: t.text, maxWidth: width))
        y += ctx.measurer.lineHeight(of: smallFont) + t.len(2)
        let meta = [ctx.labels.kind(honour.kind), DateText.honour(honour.date, language: ctx.state.language), honour.unit]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        frame.add(.text(meta, x: x, y: y, font: smallFont, color: t.mutedText, maxWidth: width))
    }

    /// The portrait, or a tasteful placeholder: the initial a person is known by (the given
    /// name, the last word of a Vietnamese name) or the organisation's first letter.
    static func drawPortrait(_ honour: Honour, in portrait: Rect, initialSize: Double, ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        frame.add(.fill(portrait, honour.kind == .collective ? t.primary.withOpacity(0.85) : t.panelBorder))
        if let photo = honour.photo {
            frame.add(.image(ctx.absolute(photo), rect: portrait, fit: .cover, opacity: 1))
            return
        }
        let words = honour.name.split(separator: " ")
        let word = honour.kind == .individual ? words.last : words.first
        let initial = String(word?.first ?? "•").uppercased()
        let font = t.font(initialSize, .bold)
        frame.add(.text(initial, x: portrait.x + (portrait.width - ctx.measurer.width(of: initial, font: font)) / 2,
                        y: portrait.y + (portrait.height - ctx.measurer.lineHeight(of: font)) / 2, font: font,
                        color: honour.kind == .collective ? t.accent : t.heading, maxWidth: nil))
    }
}
