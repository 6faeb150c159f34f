import FoundationEssentials

/// One recipient's card over the dimmed honour roll: large portrait, full name, title and
/// unit, award, who awarded it, when, and the citation. Arrows and a sideways swipe turn to the
/// neighbours; a large button (or a touch outside) closes it.
enum HonourCardView {
    static func draw(_ ctx: FrameContext, honour: Honour, position: Int, count: Int, into frame: inout Frame) {
        let t = ctx.theme
        let labels = ctx.labels
        let screen = Rect(x: 0, y: 0, width: ctx.width, height: ctx.height)
        frame.target(screen, .closeCard)

        let marginX = t.len(72), marginY = t.len(40)
        let card = Rect(x: marginX, y: marginY, width: ctx.width - 2 * marginX, height: ctx.height - 2 * marginY)
        frame.target(card, .nothing)
        frame.interaction.swipeArea = card
        // The card follows a sideways finger, so a swipe feels like moving it.
        let shift = ctx.state.browser.cardSwipe.rounded()
        let body = Rect(x: card.x + shift, y: card.y, width: card.width, height: card.height)
        drawVeil(screen: screen, card: card, body: body, opaqueCard: t.panel.a == 255, into: &frame)
        frame.add(.clip(card))
        frame.add(.fill(body, t.panel))
        frame.add(.fill(Rect(x: body.x, y: body.y, width: body.width, height: t.len(6)), t.primary))

        let pad = t.len(28)
        let buttonHeight = t.len(56), buttonFont = t.font(20, .bold)
        // A 3:4 portrait as tall as the card allows, but never more than 38 % of its width: on a
        // portrait screen the text beside it needs the room.
        let availableHeight = body.height - 2 * pad - buttonHeight - t.len(20)
        let portraitWidth = min(availableHeight * 0.75, body.width * 0.38).rounded()
        let portrait = Rect(x: body.x + pad, y: body.y + pad, width: portraitWidth, height: min(availableHeight, (portraitWidth / 0.75).rounded()))
        HonoursScene.drawPortrait(honour, in: portrait, initialSize: 120, ctx: ctx, into: &frame)

        // Close, top right: the largest, plainest button on the card.
        let closeWidth = max(t.len(150), ctx.measurer.width(of: labels.close, font: buttonFont) + t.len(40))
        let close = Rect(x: body.maxX - pad - closeWidth, y: body.y + pad, width: closeWidth, height: buttonHeight)

        let x = portrait.maxX + t.len(32)
        let width = body.maxX - pad - x
        var y = body.y + pad
        let kindFont = t.font(15, .bold)
        frame.add(.text(labels.kind(honour.kind).uppercased(), x: x, y: y, font: kindFont, color: t.warning, maxWidth: width - closeWidth))
        y += ctx.measurer.lineHeight(of: kindFont) + t.len(2)
        let nameFont = t.font(34, .bold)
        for line in TextLayout.wrap(honour.name, font: nameFont, width: width - closeWidth - t.len(16), maxLines: 2, measurer: ctx.measurer) {
            frame.add(.text(line, x: x, y: y, font: nameFont, color: t.heading, maxWidth: width - closeWidth - t.len(16)))
            y += ctx.measurer.lineHeight(of: nameFont)
        }
        let role = [honour.title, honour.unit].filter { !$0.isEmpty }.joined(separator: " · ")
        let roleFont = t.font(20)
        y = max(y, close.maxY) + t.len(6)
        for line in TextLayout.wrap(role, font: roleFont, width: width, maxLines: 2, measurer: ctx.measurer) {
            frame.add(.text(line, x: x, y: y, font: roleFont, color: t.text, maxWidth: width))
            y += ctx.measurer.lineHeight(of: roleFont)
        }
        y += t.len(12)
        frame.add(.fill(Rect(x: x, y: y, width: width, height: max(1, t.len(1))), t.panelBorder))
        y += t.len(14)

        let labelFont = t.font(14, .bold), valueFont = t.font(20)
        let bottom = body.maxY - pad - buttonHeight - t.len(16)
        func field(_ label: String, _ value: String, lines: Int) {
            guard !value.isEmpty, y + ctx.measurer.lineHeight(of: labelFont) + ctx.measurer.lineHeight(of: valueFont) <= bottom else { return }
            frame.add(.text(label.uppercased(), x: x, y: y, font: labelFont, color: t.mutedText, maxWidth: width))
            y += ctx.measurer.lineHeight(of: labelFont) + t.len(2)
            let room = max(1, min(lines, Int((bottom - y) / ctx.measurer.lineHeight(of: valueFont))))
            for line in TextLayout.wrap(value, font: valueFont, width: width, maxLines: room, measurer: ctx.measurer) {
                frame.add(.text(line, x: x, y: y, font: valueFont, color: t.text, maxWidth: width))
                y += ctx.measurer.lineHeight(of: valueFont)
            }
            y += t.len(10)
        }
        field(labels.award, honour.award, lines: 2)
        field(labels.awardedBy, honour.awardedBy, lines: 2)
        field(labels.date, DateText.honour(honour.date, language: ctx.state.language), lines: 1)
        field(labels.citation, honour.citation.isEmpty ? "" : "“\(honour.citation)”", lines: 6)

        HonoursControls.drawButton(ctx, labels.close, in: close, font: buttonFont, selected: true, into: &frame)
        frame.target(close, .closeCard)

        // Previous and next along the bottom, with where this card is in the list.
        let navY = body.maxY - pad - buttonHeight
        let navWidth = max(t.len(180), ctx.measurer.width(of: labels.previous, font: buttonFont) + t.len(40))
        let previous = Rect(x: body.x + pad, y: navY, width: navWidth, height: buttonHeight)
        let next = Rect(x: body.maxX - pad - navWidth, y: navY, width: navWidth, height: buttonHeight)
        HonoursControls.drawButton(ctx, labels.previous, in: previous, font: buttonFont, selected: false, enabled: position > 0, into: &frame)
        HonoursControls.drawButton(ctx, labels.next, in: next, font: buttonFont, selected: false, enabled: position < count - 1, into: &frame)
        if position > 0 { frame.target(previous, .previousCard) }
        if position < count - 1 { frame.target(next, .nextCard) }
        let positionFont = t.font(18)
        let text = labels.position(position, of: count)
        frame.add(.text(text, x: (body.x + (body.width - ctx.measurer.width(of: text, font: positionFont)) / 2).rounded(),
                        y: navY + (buttonHeight - ctx.measurer.lineHeight(of: positionFont)) / 2, font: positionFont,
                        color: t.mutedText, maxWidth: nil))
        frame.add(.clip(nil))
    }

    /// The dimming over the list, everywhere the opaque card does not cover: blending is the
    /// costliest thing the software renderer does, and the card hides most of the screen. Only
    /// an opaque panel covers; a translucent one gets the veil under all of it, as before.
    static let veil = Color(0, 0, 0, 150)

    static func drawVeil(screen: Rect, card: Rect, body: Rect, opaqueCard: Bool, into frame: inout Frame) {
        let covered = opaqueCard && max(card.x, body.x) < min(card.maxX, body.maxX) && card.width > 0 && card.height > 0
        guard covered else {
            frame.add(.fill(screen, veil))
            return
        }
        // Around the card (the clip the card is drawn in), then the part of it a swipe uncovered.
        // Every side is one of the card's own coordinates, so the pieces neither overlap (which
        // would blend twice) nor leave a seam.
        let span = FramedFill.span
        frame.add(.fill(span(screen.x, screen.y, screen.maxX, card.y), veil))
        frame.add(.fill(span(screen.x, card.maxY, screen.maxX, screen.maxY), veil))
        frame.add(.fill(span(screen.x, card.y, card.x, card.maxY), veil))
        frame.add(.fill(span(card.maxX, card.y, screen.maxX, card.maxY), veil))
        if body.x > card.x { frame.add(.fill(span(card.x, card.y, body.x, card.maxY), veil)) }
        if body.maxX < card.maxX { frame.add(.fill(span(body.maxX, card.y, card.maxX, card.maxY), veil)) }
    }
}
