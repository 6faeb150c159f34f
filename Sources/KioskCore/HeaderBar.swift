import FoundationEssentials

/// The band at the top: the organisation's name and the live date and time.
public enum HeaderBar {
    /// Height of the header at the reference size.
    public static let points = 72.0

    /// The area between the header and the ticker, `margin` points in from every side: where
    /// a scene lays out its content.
    public static func body(_ ctx: FrameContext, margin: Double) -> Rect {
        let m = ctx.theme.len(margin)
        let top = ctx.theme.len(points) + m
        return Rect(x: m, y: top, width: ctx.width - 2 * m, height: ctx.height - TickerStrip.height(ctx) - m - top)
    }

    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let height = t.len(points)
        frame.add(.fill(Rect(x: 0, y: 0, width: ctx.width, height: height), t.primary))
        frame.add(.fill(Rect(x: 0, y: height - t.len(4), width: ctx.width, height: t.len(4)), t.accent))

        let clockFont = t.font(22)
        let clock = DateText.header(ctx.now, timeZone: ctx.timeZone, language: ctx.state.language)
        let clockWidth = ctx.measurer.width(of: clock, font: clockFont)
        let margin = t.len(24)
        let clockX = ctx.width - margin - clockWidth
        frame.add(.text(clock, x: clockX, y: (height - ctx.measurer.lineHeight(of: clockFont)) / 2,
                        font: clockFont, color: t.onPrimary, maxWidth: nil))

        let nameFont = t.font(28, .bold)
        let nameWidth = max(0, clockX - margin * 2)
        frame.add(.text(ctx.content.settings.organisationName.uppercased(), x: margin,
                        y: (height - ctx.measurer.lineHeight(of: nameFont)) / 2,
                        font: nameFont, color: t.accent, maxWidth: nameWidth))
        frame.wake(at: ctx.now.addingTimeInterval(DateText.secondsToNextMinute(ctx.now)))
    }
}

/// A discreet badge that tells staff the data folder has problems; visitors can ignore it.
public enum ProblemBadge {
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let errors = ctx.content.problems.filter { $0.severity == .error }.count
        guard errors > 0 else { return }
        let t = ctx.theme
        let font = t.font(12)
        let text = ctx.labels.dataProblems(errors)
        let width = ctx.measurer.width(of: text, font: font) + t.len(12)
        let height = ctx.measurer.lineHeight(of: font) + t.len(4)
        // Top right, above the clock: clear of every panel and of the ticker, which is redrawn
        // on its own and would paint over it.
        let x = ctx.width - width - t.len(4), y = t.len(3)
        frame.add(.fill(Rect(x: x, y: y, width: width, height: height), t.warning.withOpacity(0.85)))
        frame.add(.text(text, x: x + t.len(6), y: y + t.len(2), font: font, color: t.onPrimary, maxWidth: nil))
    }
}
