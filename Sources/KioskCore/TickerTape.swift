/// The news ticker's moving band as one endless tape: the strip colour with the headlines and
/// the separator dots between them, repeating every `cycle` pixels.
///
/// Drawn headline by headline, a tick of the ticker blends every visible headline's glyphs
/// again (most of the ticker's CPU on the software renderer). Described as a tape, a renderer
/// can compose it once and copy the visible window of it on each tick; `commands(offset:lane:)`
/// is the same picture as plain commands, for a renderer that can't.
public struct TickerTape: Sendable, Hashable {
    public var headlines: [String]
    /// Each headline's measured width, in the order of `headlines`.
    public var widths: [Double]
    public var font: FontSpec
    public var textColor: Color
    /// The strip's colour: the tape is opaque.
    public var background: Color
    public var dotColor: Color
    /// From the end of one headline to the start of the next; the dot sits in its middle.
    public var gap: Double
    /// From the lane's left edge to the first headline when the offset is 0.
    public var lead: Double
    /// The dot is `dotSize` square, its top-left corner `dotInset` left of and above the gap's centre.
    public var dotInset: Double
    public var dotSize: Double
    /// The strip's height; the lane is that tall.
    public var height: Double
    /// Where a headline's line starts below the lane's top.
    public var textTop: Double

    public init(headlines: [String], widths: [Double], font: FontSpec, textColor: Color, background: Color, dotColor: Color,
                gap: Double, lead: Double, dotInset: Double, dotSize: Double, height: Double, textTop: Double) {
        precondition(headlines.count == widths.count, "a width for every headline")
        self.headlines = headlines; self.widths = widths; self.font = font
        self.textColor = textColor; self.background = background; self.dotColor = dotColor
        self.gap = gap; self.lead = lead; self.dotInset = dotInset; self.dotSize = dotSize
        self.height = height; self.textTop = textTop
    }

    /// The length after which the tape repeats: every headline and the gap after it.
    public var cycle: Double { widths.reduce(0, +) + gap * Double(widths.count) }

    /// Where each headline starts on the tape (the first at 0).
    public var starts: [Double] {
        var x = 0.0
        return widths.map { width in
            defer { x += width + gap }
            return x
        }
    }

    /// The separator dot after the headline at `x` (on the tape or the screen) of `width`, in a lane whose top is `top`.
    public func dot(afterHeadlineAt x: Double, width: Double, top: Double) -> Rect {
        Rect(x: x + width + gap / 2 - dotInset, y: top + height / 2 - dotInset, width: dotSize, height: dotSize)
    }

    /// Whether the tape, composed once in whole pixels, shows what `commands(offset:lane:)` draws
    /// at every whole-pixel offset: every length is whole (so rounding is the same wherever the
    /// tape lies), and nothing of one cycle reaches into the next (the last dot ends before the
    /// next cycle's lead, so the blank start of the lane is the tape's own blank end).
    public var isWholePixels: Bool {
        guard !widths.isEmpty, cycle >= 1 else { return false }
        let lengths = widths + [gap, lead, dotInset, dotSize, height]
        return lengths.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 } && lead + dotSize - dotInset <= gap / 2
    }

    /// The lane at `offset` (pixels the tape has moved left, 0…`cycle`) drawn as fills and text:
    /// the strip colour over the lane, then the headlines and dots that reach into it, each
    /// headline starting `lead` right of the lane's edge less the offset, the band repeating.
    /// The caller clips them to the lane.
    public func commands(offset: Double, lane: Rect) -> [DrawCommand] {
        var out: [DrawCommand] = [.fill(lane, background)]
        guard !widths.isEmpty, cycle > 0 else { return out }
        var x = lane.x + lead - offset
        var index = 0
        // Until the lane is covered; `x` starts at most one cycle to the left.
        while x < lane.maxX {
            let width = widths[index]
            if x + width + gap > lane.x {
                out.append(.text(headlines[index], x: x, y: lane.y + textTop, font: font, color: textColor, maxWidth: nil))
                out.append(.fill(dot(afterHeadlineAt: x, width: width, top: lane.y), dotColor))
            }
            x += width + gap
            index = (index + 1) % widths.count
        }
        return out
    }
}

extension Sequence where Element == DrawCommand {
    /// The commands with each tape written out as its fills and text, clipped to its lane:
    /// for whatever reads a frame's commands one by one (its text, its colours).
    public var withTapesWrittenOut: [DrawCommand] {
        flatMap { command -> [DrawCommand] in
            guard case .tape(let tape, let offset, let lane) = command else { return [command] }
            return [.clip(lane)] + tape.commands(offset: offset, lane: lane) + [.clip(nil)]
        }
    }
}
