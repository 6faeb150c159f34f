import FoundationEssentials

/// The keyboard drawn on the screen for the search. Plain Latin letters are enough: the search
/// ignores tones and marks ("thang" finds Thắng), so nobody needs a Vietnamese input method.
enum OnScreenKeyboard {
    static let letterRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]

    static func height(_ ctx: FrameContext) -> Double {
        let t = ctx.theme
        return t.len(56) * 4 + t.len(8) * 3 + t.len(12) * 2
    }

    static func draw(_ ctx: FrameContext, _ area: Rect, into frame: inout Frame) {
        let t = ctx.theme
        let labels = ctx.labels
        frame.add(.fill(area, t.primaryDark))
        let pad = t.len(12), gap = t.len(8), keyHeight = t.len(56)
        let inner = Rect(x: area.x + pad, y: area.y + pad, width: area.width - 2 * pad, height: area.height - 2 * pad)
        // Eleven key widths across: ten letters and a wide delete key on the first row.
        let unit = ((inner.width - gap * 10) / 11).rounded(.down)
        let letterFont = t.font(26, .bold), wordFont = t.font(20, .bold)

        func key(_ label: String, _ r: Rect, _ value: KeyboardKey, font: FontSpec, strong: Bool = false) {
            frame.add(.fill(r, strong ? t.accent : t.panel))
            let w = ctx.measurer.width(of: label, font: font)
            frame.add(.text(label, x: (r.x + (r.width - w) / 2).rounded(), y: (r.y + (r.height - ctx.measurer.lineHeight(of: font)) / 2).rounded(),
                            font: font, color: strong ? t.primaryDark : t.text, maxWidth: r.width - t.len(4)))
            frame.target(r, .keyboard(value))
        }

        var y = inner.y
        for (rowIndex, letters) in letterRows.enumerated() {
            // Each row is centred under the one above, as on a real keyboard.
            let count = Double(letters.count) + (rowIndex == 0 ? 1 : 0)
            let rowWidth = unit * count + gap * (count - 1)
            var x = inner.x + ((inner.width - rowWidth) / 2).rounded(.down)
            for letter in letters {
                key(String(letter).uppercased(), Rect(x: x, y: y, width: unit, height: keyHeight), .character(String(letter)), font: letterFont)
                x += unit + gap
            }
            if rowIndex == 0 {
                key(labels.keyDelete, Rect(x: x, y: y, width: unit, height: keyHeight), .backspace, font: wordFont)
            }
            y += keyHeight + gap
        }
        // Bottom row: clear, a wide space bar, done.
        let side = unit * 2 + gap
        key(labels.keyClear, Rect(x: inner.x, y: y, width: side, height: keyHeight), .clear, font: wordFont)
        key(labels.keySpace, Rect(x: inner.x + side + gap, y: y, width: inner.width - 2 * (side + gap), height: keyHeight),
            .character(" "), font: wordFont)
        key(labels.keyDone, Rect(x: inner.maxX - side, y: y, width: side, height: keyHeight), .done, font: wordFont, strong: true)
    }
}
