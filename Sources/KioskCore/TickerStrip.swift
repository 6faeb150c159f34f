import Foundation

/// The news ticker (Tin nóng) scrolling along the bottom of the screen.
public enum TickerStrip {
    public static func height(_ ctx: FrameContext) -> Double {
        ctx.state.scene == .gallery || ctx.content.ticker.isEmpty ? 0 : ctx.theme.len(52)
    }

    /// Draws the strip in the frame's moving layer, as a part that redraws itself each tick.
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        guard !ctx.content.ticker.isEmpty else { return }
        // Measured once a frame build, not on every tick.
        let widths = ctx.content.ticker.map { ctx.measurer.width(of: $0, font: ctx.theme.font(22)) }
        frame.addMovingPart(ctx) { ctx, frame in drawStrip(ctx, widths: widths, into: &frame) }
    }

    private static func drawStrip(_ ctx: FrameContext, widths: [Double], into frame: inout Frame) {
        let t = ctx.theme
        let h = height(ctx)
        let top = ctx.height - h
        let strip = Rect(x: 0, y: top, width: ctx.width, height: h)
        frame.movingAreas.append(strip)

        let labelFont = t.font(20, .bold)
        let label = ctx.labels.ticker
        let labelWidth = ctx.measurer.width(of: label, font: labelFont) + t.len(32)
        let textFont = t.font(22)
        let lineHeight = ctx.measurer.lineHeight(of: textFont)
        let lane = Rect(x: labelWidth, y: top, width: max(0, ctx.width - labelWidth), height: h)

        // Headlines follow each other with a separator; the whole band repeats endlessly.
        let tape = TickerTape(headlines: ctx.content.ticker, widths: widths, font: textFont, textColor: t.onPrimary,
                              background: t.primaryDark, dotColor: t.accent, gap: t.len(56), lead: t.len(16),
                              dotInset: t.len(4), dotSize: t.len(8), height: h, textTop: (h - lineHeight) / 2)
        let speed = ctx.content.settings.tickerSpeed * t.scale
        let offset = (ctx.clock * speed).truncatingRemainder(dividingBy: max(tape.cycle, 1)).rounded()

        // The label box and the lane together cover the strip opaquely, the box first so the
        // renderer sees the strip covered before anything is blended on it.
        frame.addMoving(.fill(Rect(x: 0, y: top, width: labelWidth, height: h), t.primary))
        frame.addMoving(.tape(tape, offset: offset, lane: lane))
        frame.addMoving(.text(label, x: t.len(16), y: top + (h - ctx.measurer.lineHeight(of: labelFont)) / 2,
                        font: labelFont, color: t.accent, maxWidth: nil))
        // Move one pixel at a time: wake exactly when the offset next changes.
        frame.wakeMoving(at: ctx.now.addingTimeInterval(max(FrameBuilder.motionInterval, 1 / max(speed, 1))))
    }
}
