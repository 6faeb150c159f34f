import FoundationEssentials

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
        let t = ctx.theme
        let maxOffset = max(0, layout.contentHeight(rows: matches.count) - layout.list.height)
        let offset = browser.scroll.offset(at: ctx.now, maxOffset: maxOffset, viewport: layout.list.height)
        // What changes from frame to frame goes to the moving layer, over a still layer the
        // renderer keeps: the list and its index while a finger or a fling moves them, the
        // field and the results while the keyboard is up, the card over the list. A frame of
        // a scroll then redraws the list, not the whole screen. Those parts start with an
        // opaque fill of their area and nothing else draws there, so the picture is the same
        // as drawing everything in one layer.
        let typing = layout.keyboard != nil && browser.card == nil
        let scrolling = !typing && browser.card == nil && !matches.isEmpty
            && browser.scroll.isInMotion(at: ctx.now, maxOffset: maxOffset)

        HeaderBar.draw(ctx, into: &frame)
        if typing {
            moved(layout.titleRow, in: &frame, cover: t.background) { frame in
                HonoursControls.drawTitleRow(ctx, layout.titleRow, matchCount: matches.count, into: &frame)
            }
        } else {
            HonoursControls.drawTitleRow(ctx, layout.titleRow, matchCount: matches.count, into: &frame)
        }
        if layout.chipRows.count == 2 {
            HonoursControls.drawKindAndYearChips(ctx, layout.chipRows[0], into: &frame)
            HonoursControls.drawAwardChips(ctx, layout.chipRows[1], into: &frame)
        }

        frame.interaction.scroll = ScrollArea(rect: layout.list, maxOffset: maxOffset)
        frame.interaction.matchCount = matches.count
        if browser.scroll.isMoving(at: ctx.now, maxOffset: maxOffset) {
            frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval))
        }
        // A window shrunk to nothing (a pixel or two) has no room for a row: drawing one would
        // divide by a zero row pitch.
        let roomForRows = layout.rowPitch > 0 && layout.list.height > 0
        func drawList(_ offset: Double, into frame: inout Frame) {
            if matches.isEmpty {
                drawNoMatches(ctx, layout.list, into: &frame)
            } else if roomForRows {
                drawRows(ctx, layout, matches: matches, offset: offset, into: &frame)
            }
        }
        func drawIndex(_ offset: Double, into frame: inout Frame) {
            if let bar = layout.indexBar, roomForRows {
                HonoursControls.drawIndexBar(ctx, bar, layout: layout, matches: matches, offset: offset, into: &frame)
            }
        }
        if scrolling {
            // The still layer keeps the list where it last stood, unchanged for the whole
            // motion (nothing there is touchable: the moving list's targets are the ones in force).
            let rest = min(max(browser.scroll.lastRest, 0), maxOffset)
            var still = Frame(until: frame.nextChange)
            drawList(rest, into: &still)
            frame.add(still.commands)
            moved(layout.list, in: &frame, cover: nil) { drawList(offset, into: &$0) }
            // The index bar changes only when the top row's letter does; until then the bar at
            // rest is the bar (its targets do not depend on the offset).
            let letterNow = HonoursControls.currentLetter(catalog, layout: layout, matches: matches, offset: offset)
            let letterAtRest = HonoursControls.currentLetter(catalog, layout: layout, matches: matches, offset: rest)
            if let bar = layout.indexBar, roomForRows, letterNow != letterAtRest {
                var stillBar = Frame(until: frame.nextChange)
                drawIndex(rest, into: &stillBar)
                frame.add(stillBar.commands)
                moved(bar, in: &frame, cover: nil) { drawIndex(offset, into: &$0) }
            } else {
                drawIndex(rest, into: &frame)
            }
        } else if typing {
            // Rows cover the list themselves; a "no matches" message does not.
            moved(layout.list, in: &frame, cover: matches.isEmpty || !roomForRows ? t.background : nil) { drawList(offset, into: &$0) }
            drawIndex(offset, into: &frame)
        } else {
            drawList(offset, into: &frame)
            drawIndex(offset, into: &frame)
        }
        if let keyboard = layout.keyboard {
            OnScreenKeyboard.draw(ctx, keyboard, into: &frame)
        } else if browser.card == nil {
            // The ticker moves in its own layer over everything; it would cross the card.
            TickerStrip.draw(ctx, into: &frame)
        }
        if let card = browser.card, card < matches.count {
            // Over the list as it stands: the still layer stays, the veil and the card move.
            moved(Rect(x: 0, y: 0, width: ctx.width, height: ctx.height), in: &frame, cover: nil) { frame in
                HonourCardView.draw(ctx, honour: catalog.honours[matches[card]], position: card, count: matches.count, into: &frame)
            }
        }
    }

    /// Draws into the moving layer what `draw` adds to the still one, over `area` filled with
    /// `cover` first (nil: what is drawn covers the area itself, or is drawn over the still layer).
    static func moved(_ area: Rect, in frame: inout Frame, cover: Color?, _ draw: (inout Frame) -> Void) {
        let mark = frame.commands.count
        if let cover { frame.add(.fill(area, cover)) }
        draw(&frame)
        let commands = frame.commands[mark...]
        frame.commands.removeSubrange(mark...)
        for command in commands { frame.addMoving(command) }
        frame.movingAreas.append(area)
    }

    /// The rows in view, clipped to the list: a partly scrolled row shows its visible part.
    ///
    /// The whole list is filled first, so it covers whatever the still layer holds under it.
    /// With an opaque panel colour the list is filled with the cards' inside colour and only
    /// the gaps between cards get the background, so each pixel is filled about once (filling
    /// is most of a frame in SDL's software renderer); the picture is the same as cards drawn
    /// on the background.
    static func drawRows(_ ctx: FrameContext, _ layout: Layout, matches: [Int], offset: Double, into frame: inout Frame) {
        let t = ctx.theme
        let list = layout.list
        let columns = layout.columns
        let firstRow = max(0, Int((offset / layout.rowPitch).rounded(.down)))
        let lastRow = Int(((offset + list.height) / layout.rowPitch).rounded(.down))
        let first = firstRow * columns
        let last = min(matches.count - 1, (lastRow + 1) * columns - 1)
        frame.add(.clip(list))
        defer { frame.add(.clip(nil)) }
        guard first <= last else {
            frame.add(.fill(list, t.background))
            return
        }
        let panelFirst = t.panel.a == 255
        if panelFirst {
            drawGaps(layout, offset: offset, first: first, last: last, background: t.background, panel: t.panel, into: &frame)
        } else {
            frame.add(.fill(list, t.background))
        }
        let honours = ctx.content.catalog.honours
        for index in first...last {
            let rect = layout.cardRect(index, offset: offset)
            drawCard(honours[matches[index]], position: matches[index], in: rect, ctx: ctx, insideFilled: panelFirst, into: &frame)
            if let visible = intersection(rect, list) { frame.target(visible, .recipient(index)) }
        }
    }

    /// The list in the panel colour, then the background wherever no card of `first...last`
    /// is: between columns, right of the last, between rows, above the first and below the
    /// last, and the empty cells of the last row. Card edges come from `cardRect` itself, so
    /// each gap's sides round to the pixels its cards' sides round to.
    static func drawGaps(_ layout: Layout, offset: Double, first: Int, last: Int, background: Color, panel: Color,
                         into frame: inout Frame) {
        let list = layout.list, columns = layout.columns
        // A pixel beyond the list on each side: the clip trims it, and no rounding leaves a seam.
        let top = list.y - 1, bottom = list.maxY + 1, left = list.x - 1, right = list.maxX + 1
        frame.add(.fill(list, panel))
        let firstCard = layout.cardRect(first, offset: offset)
        for column in 0..<columns {
            let x0 = layout.cardRect(column, offset: offset).maxX
            let x1 = column + 1 < columns ? layout.cardRect(column + 1, offset: offset).x : right
            if x1 > x0 { frame.add(.fill(FramedFill.span(x0, top, x1, bottom), background)) }
        }
        if list.x < firstCard.x { frame.add(.fill(FramedFill.span(left, top, firstCard.x, bottom), background)) }
        if firstCard.y > list.y { frame.add(.fill(FramedFill.span(left, top, right, firstCard.y), background)) }
        let firstRow = first / columns, lastRow = last / columns
        for row in firstRow..<lastRow {
            let y0 = layout.cardRect(row * columns, offset: offset).maxY
            let y1 = layout.cardRect((row + 1) * columns, offset: offset).y
            frame.add(.fill(FramedFill.span(left, y0, right, y1), background))
        }
        let lastBottom = layout.cardRect(lastRow * columns, offset: offset).maxY
        if lastBottom < list.maxY { frame.add(.fill(FramedFill.span(left, lastBottom, right, bottom), background)) }
        for empty in (last + 1)..<((lastRow + 1) * columns) {
            frame.add(.fill(layout.cardRect(empty, offset: offset), background))
        }
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
    /// `insideFilled`: the card's rectangle is already in the panel colour (see `drawRows`).
    /// `position`: the honour's place in the catalog, under which its card line is kept.
    static func drawCard(_ honour: Honour, position: Int, in r: Rect, ctx: FrameContext, insideFilled: Bool = false,
                         into frame: inout Frame) {
        let t = ctx.theme
        frame.add(insideFilled ? FramedFill.edges(r, t.panelBorder) : FramedFill.commands(r, frame: t.panelBorder, inside: t.panel))
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
        let meta = ctx.content.catalog.cardLine(at: position, language: ctx.state.language) {
            [ctx.labels.kind(honour.kind), DateText.honour(honour.date, language: ctx.state.language), honour.unit]
                .filter { !$0.isEmpty }.joined(separator: " · ")
        }
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
