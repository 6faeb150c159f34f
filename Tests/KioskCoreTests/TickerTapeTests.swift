import Foundation
import Testing
@testable import KioskCore

/// The ticker's tape written out as commands is the ticker as it was drawn headline by headline.
@Suite struct TickerTapeTests {
    func tape(_ headlines: [String], widths: [Double], gap: Double = 56, lead: Double = 16) -> TickerTape {
        TickerTape(headlines: headlines, widths: widths, font: FontSpec(size: 22), textColor: Color(255, 255, 255),
                   background: Color(0x6E, 0x10, 0x10), dotColor: Color(0xF2, 0xC1, 0x4E),
                   gap: gap, lead: lead, dotInset: 4, dotSize: 8, height: 52, textTop: 11.5)
    }

    /// The loop TickerStrip drew the lane with before the tape, as the reference.
    func oldLane(_ t: TickerTape, offset: Double, lane: Rect) -> [DrawCommand] {
        var out: [DrawCommand] = [.fill(lane, t.background)]
        var x = lane.x + t.lead - offset
        var index = 0
        while x < lane.maxX {
            let width = t.widths[index]
            if x + width + t.gap > lane.x {
                out.append(.text(t.headlines[index], x: x, y: lane.y + t.textTop, font: t.font, color: t.textColor, maxWidth: nil))
                out.append(.fill(Rect(x: x + width + t.gap / 2 - t.dotInset, y: lane.y + t.height / 2 - t.dotInset,
                                      width: t.dotSize, height: t.dotSize), t.dotColor))
            }
            x += width + t.gap
            index = (index + 1) % t.widths.count
        }
        return out
    }

    @Test func theTapesCommandsAreTheOldLaneAtEveryOffset() {
        let lane = Rect(x: 131, y: 668, width: 1149, height: 52)
        for t in [tape(["Tin một", "Tin hai dài hơn", "Ba"], widths: [310, 777, 41]),
                  tape(["Ngắn"], widths: [60.5], gap: 37),
                  tape(["a", "b"], widths: [1500, 900])] {
            for offset in stride(from: 0.0, through: t.cycle, by: 37) + [t.cycle - 1, t.cycle] {
                #expect(t.commands(offset: offset, lane: lane) == oldLane(t, offset: offset, lane: lane), "offset \(offset)")
            }
        }
    }

    @Test func onlyAWholePixelTapeWhoseCyclesDontOverlapIsComposable() {
        #expect(tape(["a", "b"], widths: [300, 41]).isWholePixels)
        #expect(!tape(["a"], widths: [60.5]).isWholePixels, "a half-pixel width")
        #expect(!tape(["a"], widths: [60], gap: 57.5).isWholePixels)
        // The last dot would show in the blank lead of the next cycle.
        #expect(!tape(["a"], widths: [60], gap: 20, lead: 16).isWholePixels)
        #expect(!tape([], widths: []).isWholePixels)
    }

    /// The strip is the label box, the tape, the label and the plain rows above and below the
    /// tape's band, all in the moving layer.
    @Test func theStripIsTheLabelBoxTheTapeAndTheLabel() {
        let ctx = FrameContext(width: 1280, height: 720, now: instant("2024-06-11T09:30:03+07:00"), content: sampleContent(),
                               state: KioskState(), measurer: FixedMeasurer())
        var frame = Frame(until: ctx.now.addingTimeInterval(60))
        TickerStrip.draw(ctx, into: &frame)
        guard frame.commands.isEmpty, frame.moving.count == 5,
              case .fill(let box, let boxColor) = frame.moving[0], case .tape(let t, let offset, let lane) = frame.moving[1],
              case .text(let label, _, let labelY, _, _, _) = frame.moving[2],
              case .fill(let above, let aboveColor) = frame.moving[3], case .fill(let below, let belowColor) = frame.moving[4] else {
            Issue.record("\(frame.commands) \(frame.moving)")
            return
        }
        #expect(boxColor == ctx.theme.primary && label == ctx.labels.ticker)
        #expect(box.x == 0 && box.maxX == lane.x && lane.maxX == 1280 && box.maxY == 720 && labelY > box.y)
        // The band is the line's rows, centred: the plain rows above and below it fill the rest.
        #expect(aboveColor == t.background && belowColor == t.background && above.y == box.y && above.maxY == lane.y
                && below.y == lane.maxY && below.maxY == 720 && above.height == below.height && above.x == lane.x && below.width == lane.width)
        #expect(lane.height < box.height && t.height == lane.height && t.textTop >= 0
                && t.textTop + FixedMeasurer().lineHeight(of: t.font) <= t.height + 1)
        #expect(frame.movingAreas == [Rect(x: 0, y: box.y, width: 1280, height: box.height)])
        #expect(t.headlines == ["Tin một", "Tin hai"] && offset >= 0 && offset <= t.cycle && offset == offset.rounded())
        #expect(frame.nextChange <= ctx.now.addingTimeInterval(1.0 / 60 + 1e-9))
    }
}
