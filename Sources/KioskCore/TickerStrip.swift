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
        let headlines = ctx.content.ticker
        let t = ctx.theme
        let h = height(ctx)
        let top = ctx.height - h
        let strip = Rect(x: 0, y: top, width: ctx.width, height: h)
        frame.movingAreas.append(strip)
        frame.addMoving(.fill(strip, t.primaryDark))

        let labelFont = t.font(20, .bold)
        let label = ctx.labels.ticker
        let labelWidth = ctx.measurer.width(of: label, font: labelFont) + t.len(32)
        let textFont = t.font(22)
        let lineHeight = ctx.measurer.lineHeight(of: textFont)
        let textY = top + (h - lineHeight) / 2
        let lane = Rect(x: labelWidth, y: top, width: max(0, ctx.width - labelWidth), height: h)

        // Headlines follow each other with a separator; the whole band repeats endlessly.
        let gap = t.len(56)
        let cycle = widths.reduce(0, +) + gap * Double(widths.count)
        let speed = ctx.content.settings.tickerSpeed * t.scale
        let offset = (ctx.clock * speed).truncatingRemainder(dividingBy: max(cycle, 1)).rounded()

        frame.addMoving(.clip(lane))
        var x = lane.x + t.len(16) - offset
        var index = 0
        // Draw until the lane is covered; `x` starts at most one cycle to the left.
        while x < lane.maxX {
            let width = widths[index]
            if x + width + gap > lane.x {
                frame.addMoving(.text(headlines[index], x: x, y: textY, font: textFont, color: t.onPrimary, maxWidth: nil))
                frame.addMoving(.fill(Rect(x: x + width + gap / 2 - t.len(4), y: top + h / 2 - t.len(4),
                                     width: t.len(8), height: t.len(8)), t.accent))
            }
            x += width + gap
            index = (index + 1) % headlines.count
        }
        frame.addMoving(.clip(nil))

        frame.addMoving(.fill(Rect(x: 0, y: top, width: labelWidth, height: h), t.primary))
        frame.addMoving(.text(label, x: t.len(16), y: top + (h - ctx.measurer.lineHeight(of: labelFont)) / 2,
                        font: labelFont, color: t.accent, maxWidth: nil))
        // Move one pixel at a time: wake exactly when the offset next changes.
        frame.wakeMoving(at: ctx.now.addingTimeInterval(max(FrameBuilder.motionInterval, 1 / max(speed, 1))))
    }
}
