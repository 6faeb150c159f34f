import CSDL2
import KioskCore

/// Measures text with the same faces the canvas draws with, so layout and pixels agree.
public final class TextMeasurerSDL: TextMeasurer {
    private let fonts: FontLibrary
    private var widths: [TextKey: Double] = [:]

    public init(fonts: FontLibrary) { self.fonts = fonts }

    public func width(of text: String, font: FontSpec) -> Double {
        if text.isEmpty { return 0 }
        let key = TextKey(text: text, font: font)
        if let cached = widths[key] { return cached }
        var w: Int32 = 0, h: Int32 = 0
        guard let face = try? fonts.font(font), TTF_SizeUTF8(face, text, &w, &h) == 0 else { return 0 }
        // The cache only serves layout; bound it so a long-running screen does not grow.
        if widths.count > 20_000 { widths.removeAll(keepingCapacity: true) }
        widths[key] = Double(w)
        return Double(w)
    }

    public func lineHeight(of font: FontSpec) -> Double {
        guard let face = try? fonts.font(font) else { return Double(font.size) }
        return Double(TTF_FontLineSkip(face))
    }
}

/// A string in a font: the key of the text caches.
struct TextKey: Hashable {
    let text: String
    let font: FontSpec
}
