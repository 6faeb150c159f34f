import FoundationEssentials

/// The six visitor figures as label–value rows, as Vietnamese organisations' sites show them.
public enum CounterPanel {
    /// The figures the screen shows at `now`: `kiosk visitors` and status.json print the same.
    public static func figures(_ content: KioskContent, at now: Date) -> VisitorFigures {
        let s = content.settings
        let zone = s.displayTimeZone
        return content.visitors.figures(at: now, timeZone: zone, firstWeekday: s.firstWeekday, nowWindowMinutes: s.nowWindowMinutes)
    }

    public static func rows(_ ctx: FrameContext) -> [(String, Int)] {
        let f = figures(ctx.content, at: ctx.now)
        let l = ctx.labels
        return [(l.now, f.now), (l.today, f.today), (l.week, f.week), (l.month, f.month), (l.year, f.year), (l.total, f.total)]
    }

    public static func draw(_ ctx: FrameContext, in rect: Rect, into frame: inout Frame) {
        let t = ctx.theme
        let body = Panel.draw(ctx.labels.visitorsTitle, in: rect, ctx: ctx, into: &frame)
        let rows = rows(ctx)
        let rowHeight = body.height / Double(rows.count)
        let labelFont = t.font(18), valueFont = t.font(20, .bold)
        for (i, (label, value)) in rows.enumerated() {
            let y = body.y + Double(i) * rowHeight
            if i % 2 == 1 { frame.add(.fill(Rect(x: body.x - t.len(6), y: y, width: body.width + t.len(12), height: rowHeight), t.background.withOpacity(0.6))) }
            let labelY = y + (rowHeight - ctx.measurer.lineHeight(of: labelFont)) / 2
            frame.add(.fill(Rect(x: body.x, y: y + rowHeight / 2 - t.len(3), width: t.len(6), height: t.len(6)),
                            i == 0 ? Color(0x2E, 0x9E, 0x4F) : t.accent))
            frame.add(.text(label, x: body.x + t.len(16), y: labelY, font: labelFont, color: t.text, maxWidth: body.width * 0.55))
            OdometerText.draw(ctx, row: i, value: value, anchor: .right(body.maxX),
                              y: y + (rowHeight - ctx.measurer.lineHeight(of: valueFont)) / 2, font: valueFont,
                              color: i == 0 ? Color(0x2E, 0x9E, 0x4F) : t.heading,
                              backdrop: i % 2 == 1 ? [t.panel, t.background.withOpacity(0.6)] : [t.panel], maxWidth: nil, into: &frame)
        }
        // "Now" counts the last minutes: it changes when a minute passes even with no new visit.
        frame.wake(at: ctx.now.addingTimeInterval(DateText.secondsToNextMinute(ctx.now)))
    }
}
