import CSDL2
import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// Vietnamese text reaches the pixels with every mark, and cut lines never overflow.
@Suite struct TextRenderingTests {
    static let black = Color(0, 0, 0)
    static let white = Color(255, 255, 255)

    /// Rows above the x-height of `font` when its text is drawn with its top at `top`: where
    /// the tone marks and the circumflex of lower-case letters sit.
    static func rowsAboveXHeight(_ frame: OffscreenFrame, font spec: FontSpec, top: Int) throws -> Range<Int> {
        let font = try frame.fonts.font(spec)
        var minx: Int32 = 0, maxx: Int32 = 0, miny: Int32 = 0, maxy: Int32 = 0, advance: Int32 = 0
        #expect(TTF_GlyphMetrics32(font, 0x78 /* x */, &minx, &maxx, &miny, &maxy, &advance) == 0)
        let baseline = top + Int(TTF_FontAscent(font))
        return top..<(baseline - Int(maxy) - 2)
    }

    @Test func toneMarksAreDrawnAboveTheLetters() throws {
        let frame = try OffscreenFrame(width: 200, height: 80)
        let font = FontSpec(size: 48)
        let zone = try Self.rowsAboveXHeight(frame, font: font, top: 10)
        func litAbove(_ text: String) -> Int {
            frame.render([.text(text, x: 10, y: 10, font: font, color: Self.white, maxWidth: nil)], background: Self.black)
            return frame.image().litPixels(x: 0..<200, y: zone)
        }
        // Lower-case letters without marks stay below the x-height; their marked forms don't.
        #expect(litAbove("u a o e") == 0)
        for marked in ["ứ", "á", "ắ", "ễ", "ộ", "ự", "ằ", "ẫ", "ờ", "ẻ"] {
            let lit = litAbove(marked)
            #expect(lit > 4, "no mark drawn for \(marked) (\(lit) pixels)")
        }
    }

    @Test func aDateLineKeepsItsMarks() throws {
        let frame = try OffscreenFrame(width: 900, height: 80)
        let font = FontSpec(size: 40)
        let zone = try Self.rowsAboveXHeight(frame, font: font, top: 10)
        func litAbove(_ text: String) -> Int {
            frame.render([.text(text, x: 10, y: 10, font: font, color: Self.white, maxWidth: nil)], background: Self.black)
            return frame.image().litPixels(x: 0..<900, y: zone)
        }
        let marked = litAbove("Thứ Ba, 11 tháng 6 năm 2024")
        let bare = litAbove("Thu Ba, 11 thang 6 nam 2024")
        // The same capitals, digits and ascenders light both; the marks on ứ, á, ă light more.
        #expect(marked > bare + 40, "marked \(marked), bare \(bare)")
        #expect(bare > 0)
    }

    @Test func colourComesFromModulation() throws {
        let frame = try OffscreenFrame(width: 200, height: 60)
        let red = Color(230, 20, 20)
        frame.render([.text("Đang truy cập", x: 5, y: 5, font: FontSpec(size: 30), color: red, maxWidth: nil)],
                     background: Self.black)
        let image = frame.image()
        var strongest = (r: UInt8(0), g: UInt8(0), b: UInt8(0), a: UInt8(0))
        for y in 0..<60 { for x in 0..<200 where image.pixel(x: x, y: y).r > strongest.r { strongest = image.pixel(x: x, y: y) } }
        #expect(close(strongest, red, within: 12), "\(strongest)")
    }

    @Test func aCutLineNeverPassesItsWidth() throws {
        let frame = try OffscreenFrame(width: 600, height: 60)
        let text = "Liên hiệp các tổ chức hữu nghị tỉnh — Hội hữu nghị Việt Nam – Liên bang Nga"
        for maxWidth in [0.0, 8, 30, 57, 120, 201, 333, 480] {
            frame.render([.text(text, x: 10, y: 10, font: FontSpec(size: 24), color: Self.white, maxWidth: maxWidth)],
                         background: Self.black)
            if let column = frame.image().rightmostLitColumn() {
                #expect(column < 10 + Int(maxWidth), "width \(maxWidth): lit at column \(column)")
            }
        }
        // Wide enough: nothing is cut.
        let full = frame.measurer.width(of: "Đang truy cập", font: FontSpec(size: 24))
        frame.render([.text("Đang truy cập", x: 10, y: 10, font: FontSpec(size: 24), color: Self.white, maxWidth: full)],
                     background: Self.black)
        #expect(frame.canvas.statistics.textTextures >= 1)
    }

    @Test func theCutKeepsWholeLettersAndAddsAnEllipsis() throws {
        let measurer = TextMeasurerSDL(fonts: try FontLibrary())
        let font = FontSpec(size: 24)
        let text = "Nguyễn Thị Thu Hằng, Hội hữu nghị Việt Nam – Campuchia"
        let limit = measurer.width(of: text, font: font) * 0.6
        let cut = Ellipsis.fit(text, width: limit) { measurer.width(of: $0, font: font) }
        #expect(cut.hasSuffix("…"))
        #expect(measurer.width(of: cut, font: font) <= limit)
        #expect(text.hasPrefix(String(cut.dropLast())))
        // One more letter would not have fitted.
        let kept = cut.dropLast().count
        let longer = String(Array(text)[..<(kept + 1)]) + "…"
        #expect(measurer.width(of: longer, font: font) > limit || Array(text)[kept] == " ")
    }

    @Test func decomposedMarksStayWithTheirLetter() {
        // "ộ" decomposed: o + dot below + circumflex, one Character. A cut after any scalar
        // would leave a bare "o" or a mark floating on the ellipsis.
        let text = "Đo\u{323}\u{302}i bo\u{302}\u{301}ng"
        for limit in 0...12 {
            let cut = Ellipsis.fit(text, width: Double(limit)) { Double($0.unicodeScalars.count) }
            guard cut != text, !cut.isEmpty else { continue }
            let kept = String(cut.dropLast())
            #expect(text.hasPrefix(kept))
            #expect(kept.unicodeScalars.last.map { !(0x300...0x36F).contains($0.value) } ?? true || kept.last!.unicodeScalars.count > 1)
            #expect(Array(text).starts(with: Array(kept)))
        }
        #expect(Ellipsis.fit("abc", width: 3) { Double($0.count) } == "abc")
        #expect(Ellipsis.fit("abcdef", width: 4) { Double($0.count) } == "abc…")
        #expect(Ellipsis.fit("ab cdef", width: 4) { Double($0.count) } == "ab…")
        #expect(Ellipsis.fit("abcdef", width: 1) { Double($0.count) } == "…")
        #expect(Ellipsis.fit("abcdef", width: 0) { Double($0.count) } == "")
    }

    /// A line of every kind of mark, written where a person can look at it
    /// (`$TMPDIR/kiosk-render-artifacts/vietnamese-sample.png`).
    @Test func vietnameseSampleForTheEye() throws {
        let lines = [
            "Liên hiệp các tổ chức hữu nghị — Thứ Ba, 11 tháng 6 năm 2024 · 09:30",
            "Đang truy cập · Trong tuần · Tổng số: 1.234.567 — Ảnh: Nguyễn Thị Thu Hằng",
            "ẮẰẲẴẶ ẤẦẨẪẬ ẾỀỂỄỆ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ Đ ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự đ",
        ]
        let frame = try OffscreenFrame(width: 1400, height: 230)
        var commands: [DrawCommand] = []
        for (i, line) in lines.enumerated() {
            commands.append(.text(line, x: 20, y: 20 + Double(i) * 44, font: FontSpec(size: 28, weight: i == 1 ? .bold : .regular),
                                  color: Color(0x22, 0x22, 0x22), maxWidth: nil))
        }
        commands.append(.text(lines[0], x: 20, y: 160, font: FontSpec(size: 28), color: Color(0x9E, 0x1B, 0x1B), maxWidth: 600))
        frame.render(commands, background: Color(0xF4, 0xEF, 0xE6))
        let path = artifactFolder + "/vietnamese-sample.png"
        try frame.writePNG(to: path)
        #expect(FileManager.default.fileExists(atPath: path))

        // The brief's line, large, to check each mark by eye.
        let large = try OffscreenFrame(width: 1500, height: 300)
        let parts = ["Liên hiệp các tổ chức hữu nghị — Thứ Ba, 11 tháng 6 năm 2024 · 09:30",
                     "— Đang truy cập · Trong tuần · Tổng số: 1.234.567",
                     "— Ảnh: Nguyễn Thị Thu Hằng"]
        large.render(parts.enumerated().map { .text($1, x: 16, y: 12 + Double($0) * 92, font: FontSpec(size: 56),
                                                     color: Color(0, 0, 0), maxWidth: nil) },
                     background: Color(255, 255, 255))
        try large.writePNG(to: artifactFolder + "/vietnamese-sample-large.png")
    }
}
