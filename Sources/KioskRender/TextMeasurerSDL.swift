import CSDL2
import KioskCore

/// Measures text with the very faces the canvas draws with, so layout and pixels agree.
///
/// Layout measures the same strings every frame (labels, figures, wrapped citations), so
/// widths are memoised; the memo is bounded so a screen running for months doesn't grow.
public final class TextMeasurerSDL: TextMeasurer {
    public let fonts: FontLibrary
    private var widths = RecentCache<TextKey, Double>(capacity: 4096)
    private var lineHeights: [FontSpec: Double] = [:]
    private var digitBands: [FontSpec: (top: Double, height: Double)] = [:]

    public init(fonts: FontLibrary) { self.fonts = fonts }

    /// Width in pixels of `text` as TTF_SizeUTF8 lays it out (with kerning and shaping).
    public func width(of text: String, font: FontSpec) -> Double {
        if text.isEmpty { return 0 }
        let key = TextKey(text: text, font: font)
        if let cached = widths.value(for: key) { return cached }
        var w: Int32 = 0, h: Int32 = 0
        let width: Double
        if let face = try? fonts.font(font), TTF_SizeUTF8(face, text, &w, &h) == 0 {
            width = Double(w)
        } else {
            SDL_ClearError()
            // No face: a rough estimate keeps layout sane; the canvas reports the real failure.
            width = Double(text.count) * Double(font.size) * 0.55
        }
        widths.insert(width, for: key)
        return width
    }

    /// The digits' band from the face: the ascent less the tallest digit's top, and the digits' height.
    public func digitBand(of font: FontSpec) -> (top: Double, height: Double) {
        if let cached = digitBands[font] { return cached }
        var band = (top: Double(font.size) * 0.36, height: Double(font.size) * 0.71)
        if let face = try? fonts.font(font) {
            var top: Int32 = .min, bottom: Int32 = .max
            for digit in UInt32(48)...UInt32(57) {
                var minX: Int32 = 0, maxX: Int32 = 0, minY: Int32 = 0, maxY: Int32 = 0, advance: Int32 = 0
                if TTF_GlyphMetrics32(face, digit, &minX, &maxX, &minY, &maxY, &advance) == 0 {
                    top = max(top, maxY)
                    bottom = min(bottom, minY)
                }
            }
            if top > bottom { band = (Double(TTF_FontAscent(face) - top), Double(top - bottom)) }
        }
        digitBands[font] = band
        return band
    }

    /// The distance between two baselines, which is also the height of a rendered line.
    public func lineHeight(of font: FontSpec) -> Double {
        if let cached = lineHeights[font] { return cached }
        let height = (try? fonts.font(font)).map { Double(TTF_FontLineSkip($0)) } ?? Double(font.size) * 1.4
        lineHeights[font] = height
        return height
    }
}
