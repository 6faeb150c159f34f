import FoundationEssentials

/// The news ticker (Tin nóng) scrolling along the bottom of the screen.
public enum TickerStrip {
    public static func height(_ ctx: FrameContext) -> Double {
        ctx.state.scene == .gallery || ctx.content.ticker.isEmpty ? 0 : ctx.theme.len(52)
    }

    /// Draws the strip in the frame's moving layer, as a part that redraws itself each tick.
    /// The label box moves with it, though it stands still: the honour roll drops the strip
    /// when a card opens, and that must not change the still layer. (Parts of the moving layer
    /// drawn as in the last frame are left alone by the renderer, so they cost nothing.)
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        guard !ctx.content.ticker.isEmpty else { return }
        let t = ctx.theme
        let h = height(ctx)
        let top = ctx.height - h
        let labelFont = t.font(20, .bold)
        let labelWidth = ctx.measurer.width(of: ctx.labels.ticker, font: labelFont) + t.len(32)
        let box = DrawCommand.fill(Rect(x: 0, y: top, width: labelWidth, height: h), t.primary)
        let label = DrawCommand.text(ctx.labels.ticker, x: t.len(16), y: top + (h - ctx.measurer.lineHeight(of: labelFont)) / 2,
                                     font: labelFont, color: t.accent, maxWidth: nil)

        // Headlines follow each other with a separator; the whole band repeats endlessly.
        // Measured and laid out once a frame build, not on every tick.
        let textFont = t.font(22)
        let widths = ctx.content.ticker.map { ctx.measurer.width(of: $0, font: textFont) }
        let textTop = (h - ctx.measurer.lineHeight(of: textFont)) / 2
        // The tape is only the rows its headlines and dots can mark: the line, centred in the
        // strip, in whole pixels (a text command marks nothing outside its line, stacked marks
        // such as Ẩ and Ỷ included: TickerTapeTests compares every pixel with the whole strip).
        // The plain rows above and below are two fills that stay put, so a tick copies and
        // sends a band about 40 rows high instead of the strip's 70. The band is centred like
        // the strip, so the dots (at the tape's middle) stay where they were.
        let plainRows = max(0, textTop.rounded(.down))
        let trim = h - 2 * plainRows > 0 && h == h.rounded() ? plainRows : 0
        let tape = TickerTape(headlines: ctx.content.ticker, widths: widths, font: textFont, textColor: t.onPrimary,
                              background: t.primaryDark, dotColor: t.accent, gap: t.len(56), lead: t.len(16),
                              dotInset: t.len(4), dotSize: t.len(8), height: h - 2 * trim, textTop: textTop - trim)
        let laneX = labelWidth, laneWidth = max(0, ctx.width - labelWidth)
        let lane = Rect(x: laneX, y: top + trim, width: laneWidth, height: h - 2 * trim)
        let plain = trim > 0 ? [DrawCommand.fill(Rect(x: laneX, y: top, width: laneWidth, height: trim), t.primaryDark),
                                .fill(Rect(x: laneX, y: lane.maxY, width: laneWidth, height: trim), t.primaryDark)] : []
        let strip = Rect(x: 0, y: top, width: ctx.width, height: h)
        let speed = ctx.content.settings.tickerSpeed * t.scale
        frame.addMovingPart(ctx) { ctx, frame in
            frame.movingAreas.append(strip)
            let offset = (ctx.clock * speed).truncatingRemainder(dividingBy: max(tape.cycle, 1)).rounded()
            // The box and the lane cover the strip opaquely, the box first so the renderer sees
            // the strip covered before the label is blended on it.
            frame.addMoving(box)
            frame.addMoving(.tape(tape, offset: offset, lane: lane))
            frame.addMoving(label)
            plain.forEach { frame.addMoving($0) }
            // Move one pixel at a time: wake exactly when the offset next changes.
            frame.wakeMoving(at: ctx.now.addingTimeInterval(max(FrameBuilder.motionInterval, 1 / max(speed, 1))))
        }
    }
}
