/// The unattended lobby: header, gallery, visitor counter, honour highlights and ticker.
public enum LobbyScene {
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        HeaderBar.draw(ctx, into: &frame)
        let body = HeaderBar.body(ctx, margin: 16)
        let margin = t.len(16), top = body.y, bottom = body.maxY
        let rightWidth = t.len(420)
        let gallery = Rect(x: body.x, y: top, width: body.width - rightWidth - margin, height: body.height)
        let style = SlideshowPanel.Style(captionBand: t.len(76), captionFont: t.font(20, .bold),
                                         creditFont: t.font(15), overlayCaption: false)
        frame.add(.fill(gallery.inset(-1), t.panelBorder))
        frame.interaction.slideshow = SlideshowPanel.draw(ctx, in: gallery, style: style, into: &frame)
        // The photos open the full-screen gallery; the rest of the lobby, the honour roll.
        frame.target(Rect(x: 0, y: 0, width: ctx.width, height: ctx.height), .openScene(.honours))
        frame.target(gallery, .openScene(.gallery))

        let rightX = gallery.maxX + margin
        let counterHeight = ((bottom - top) * 0.5).rounded()
        CounterPanel.draw(ctx, in: Rect(x: rightX, y: top, width: rightWidth, height: counterHeight), into: &frame)
        HighlightsPanel.draw(ctx, in: Rect(x: rightX, y: top + counterHeight + margin, width: rightWidth,
                                           height: bottom - top - counterHeight - margin), into: &frame)
        TickerStrip.draw(ctx, into: &frame)
    }
}

/// The visitor counter on its own: six large tiles and the last 30 days as bars.
public enum CounterScene {
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        HeaderBar.draw(ctx, into: &frame)
        let body = HeaderBar.body(ctx, margin: 24)
        let margin = t.len(24), top = body.y, bottom = body.maxY
        let titleFont = t.font(30, .bold)
        frame.add(.text(ctx.labels.visitorsTitle.uppercased(), x: margin, y: top, font: titleFont, color: t.heading, maxWidth: nil))
        let tilesTop = top + ctx.measurer.lineHeight(of: titleFont) + margin / 2
        let tileHeight = t.len(120)
        let columns = 3.0
        let tileWidth = ((ctx.width - margin * (columns + 1)) / columns).rounded(.down)
        for (i, (label, value)) in CounterPanel.rows(ctx).enumerated() {
            let col = Double(i % 3), row = Double(i / 3)
            let r = Rect(x: margin + col * (tileWidth + margin), y: tilesTop + row * (tileHeight + margin),
                         width: tileWidth, height: tileHeight)
            frame.add(.fill(r, t.panelBorder))
            frame.add(.fill(r.inset(1), t.panel))
            frame.add(.fill(Rect(x: r.x, y: r.y, width: t.len(6), height: r.height), i == 0 ? Color(0x2E, 0x9E, 0x4F) : t.primary))
            frame.add(.text(label, x: r.x + t.len(24), y: r.y + t.len(14), font: t.font(20), color: t.mutedText, maxWidth: r.width - t.len(36)))
            OdometerText.draw(ctx, row: i, value: value, anchor: .left(r.x + t.len(24)), y: r.y + t.len(46), font: t.font(48, .bold),
                              color: i == 0 ? Color(0x2E, 0x9E, 0x4F) : t.heading, backdrop: [t.panel],
                              maxWidth: r.width - t.len(36), into: &frame)
        }
        // Figures change with time alone at minute boundaries ("now"'s window, midnight).
        frame.wake(at: ctx.now.addingTimeInterval(DateText.secondsToNextMinute(ctx.now)))
        let chartTop = tilesTop + 2 * (tileHeight + margin)
        drawChart(ctx, in: Rect(x: margin, y: chartTop, width: ctx.width - 2 * margin, height: bottom - chartTop), into: &frame)
        TickerStrip.draw(ctx, into: &frame)
    }

    static func drawChart(_ ctx: FrameContext, in rect: Rect, into frame: inout Frame) {
        let t = ctx.theme
        guard rect.height > t.len(60) else { return }
        let labelFont = t.font(16, .bold)
        frame.add(.text(ctx.labels.last30Days, x: rect.x, y: rect.y, font: labelFont, color: t.text, maxWidth: nil))
        let days = ctx.content.visitors.dailyVisits(endingAt: ctx.now, days: 30, timeZone: ctx.timeZone)
        let peak = max(1, days.max() ?? 1)
        let area = Rect(x: rect.x, y: rect.y + ctx.measurer.lineHeight(of: labelFont) + t.len(6), width: rect.width,
                        height: rect.height - ctx.measurer.lineHeight(of: labelFont) - t.len(6))
        frame.add(.fill(Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), t.panelBorder))
        let slot = area.width / Double(days.count)
        for (i, value) in days.enumerated() {
            let h = (area.height * Double(value) / Double(peak)).rounded()
            frame.add(.fill(Rect(x: (area.x + Double(i) * slot + slot * 0.15).rounded(), y: area.maxY - h,
                                 width: (slot * 0.7).rounded(), height: h), i == days.count - 1 ? t.accent : t.primary))
        }
    }
}
