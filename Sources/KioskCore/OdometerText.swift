import FoundationEssentials
import Glibc

/// A visitor figure drawn as an odometer: while it rolls (`CounterMotion`), each digit that
/// changes slides out and its successor slides in, upwards when the figure grows and downwards
/// when it falls, the units first, the tens a moment later, and so on up.
///
/// A rolling figure is drawn in the frame's moving layer over its own small area, so the
/// renderer redraws a few hundred pixels a tick instead of the whole screen.
public enum OdometerText {
    /// Where the figure's text sits: its left edge, or its right edge.
    public enum Anchor: Sendable { case left(Double), right(Double) }

    /// Draws `value` of counter row `row` at `anchor` and top `y`. `backdrop`: the fills that make
    /// the background under the figure (opaque first), repainted under a roll.
    public static func draw(_ ctx: FrameContext, row: Int, value: Int, anchor: Anchor, y: Double, font: FontSpec, color: Color,
                            backdrop: [Color], maxWidth: Double?, into frame: inout Frame) {
        let text = NumberText.grouped(value, ctx.state.language)
        guard let (roll, progress) = ctx.state.counterMotion.roll(row, at: ctx.now), roll.to == value, roll.from != value else {
            frame.add(.text(text, x: x(of: text, anchor, ctx, font), y: y, font: font, color: color, maxWidth: maxWidth))
            return
        }
        let old = NumberText.grouped(roll.from, ctx.state.language)
        let direction: Double = roll.to > roll.from ? 1 : -1   // 1: the new digit comes up from below
        let newX = x(of: text, anchor, ctx, font), oldX = x(of: old, anchor, ctx, font)
        let left = min(newX, oldX)
        let right = max(newX + ctx.measurer.width(of: text, font: font), oldX + ctx.measurer.width(of: old, font: font))
        // The window the digits roll through: the digits' own band and a little air, so a digit
        // leaves it just as its successor has come in (a line's height would show both at once).
        let band = ctx.measurer.digitBand(of: font)
        let air = (band.height * 0.12).rounded(.up)
        let area = Rect(x: left.rounded(.down), y: (y + band.top - air).rounded(.down), width: (right - left).rounded(.up) + 1,
                        height: (band.height + 2 * air).rounded(.up))
        let height = area.height
        frame.movingAreas.append(area)
        for color in backdrop { frame.addMoving(.fill(area, color)) }
        frame.addMoving(.clip(area))
        defer { frame.addMoving(.clip(nil)) }

        if old.count != text.count {
            // 999 → 1.000 or 1.234 → 0 at midnight: digits do not pair up; the whole figure rolls.
            let shift = eased(progress) * height * direction
            frame.addMoving(.text(old, x: oldX, y: y - shift, font: font, color: color, maxWidth: nil))
            frame.addMoving(.text(text, x: newX, y: y + direction * height - shift, font: font, color: color, maxWidth: nil))
        } else {
            // Same length: character by character from the right, each in its own cell.
            let newChars = Array(text), oldChars = Array(old)
            var cellRight = newX + ctx.measurer.width(of: text, font: font)
            var digitIndex = 0
            for index in stride(from: newChars.count - 1, through: 0, by: -1) {
                let character = String(newChars[index])
                let width = ctx.measurer.width(of: character, font: font)
                let cellX = cellRight - width
                if newChars[index] == oldChars[index] {
                    frame.addMoving(.text(character, x: cellX, y: y, font: font, color: color, maxWidth: nil))
                } else {
                    // Each digit place starts a little after the one to its right.
                    let start = Double(min(digitIndex, 5)) * 0.08
                    let local = min(1, max(0, (progress - start) / 0.6))
                    let shift = eased(local) * height * direction
                    let cell = Rect(x: cellX.rounded(.down), y: area.y, width: width.rounded(.up) + 1, height: area.height)
                    frame.addMoving(.clip(cell))
                    frame.addMoving(.text(String(oldChars[index]), x: cellX, y: y - shift, font: font, color: color, maxWidth: nil))
                    frame.addMoving(.text(character, x: cellX, y: y + direction * height - shift, font: font, color: color, maxWidth: nil))
                    frame.addMoving(.clip(area))
                }
                if newChars[index].isNumber { digitIndex += 1 }
                cellRight = cellX
            }
        }
        frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval))
    }

    private static func x(of text: String, _ anchor: Anchor, _ ctx: FrameContext, _ font: FontSpec) -> Double {
        switch anchor {
        case .left(let x): return x
        case .right(let x): return x - ctx.measurer.width(of: text, font: font)
        }
    }

    /// Slow to start, quick through the middle, settling gently: a wheel turning and clicking into place.
    static func eased(_ t: Double) -> Double { t < 0.5 ? 4 * t * t * t : 1 - pow(-2 * t + 2, 3) / 2 }
}
