import CFontconfig
import CSDL2
import KioskCore

/// Finds font files through fontconfig and opens them with SDL_ttf, one face per size and weight.
///
/// The face must cover Vietnamese: "Noto Sans" is asked for first, "DejaVu Sans" next, and a
/// match is accepted only if its character set has the letters Vietnamese needs.
public final class FontLibrary {
    public private(set) var fontPaths: [FontWeight: String] = [:]
    private var fonts: [FontSpec: OpaquePointer] = [:]

    /// Letters a face must have to show Vietnamese: horn and breve vowels, stacked tones, đ.
    static let vietnameseProbe: [UInt32] = [0x1EAF, 0x1EC5, 0x1ED9, 0x1EF1, 0x0111, 0x01AF, 0x01A1, 0x1EA0, 0x2026]

    public init() throws {
        if TTF_WasInit() == 0 && TTF_Init() != 0 { throw RenderError("TTF_Init") }
        for weight in [FontWeight.regular, .bold] {
            fontPaths[weight] = try Self.locate(weight: weight)
        }
    }

    deinit { for font in fonts.values { TTF_CloseFont(font) } }

    /// The opened face for `spec`, cached.
    public func font(_ spec: FontSpec) throws -> OpaquePointer {
        if let font = fonts[spec] { return font }
        guard let font = TTF_OpenFont(fontPaths[spec.weight]!, Int32(spec.size)) else { throw RenderError("TTF_OpenFont") }
        TTF_SetFontHinting(font, TTF_HINTING_LIGHT)
        TTF_SetFontKerning(font, 1)
        fonts[spec] = font
        return font
    }

    static func locate(weight: FontWeight) throws -> String {
        guard let config = FcInitLoadConfigAndFonts() else { throw RenderError("FcInitLoadConfigAndFonts", message: "fontconfig did not start") }
        defer { FcConfigDestroy(config) }
        for family in ["Noto Sans", "DejaVu Sans", "sans-serif"] {
            if let path = match(family: family, weight: weight, config: config) { return path }
        }
        throw RenderError("FcFontMatch", message: "no installed font covers Vietnamese (install fonts-noto-core or fonts-dejavu-core)")
    }

    private static func match(family: String, weight: FontWeight, config: OpaquePointer) -> String? {
        let query = "\(family):lang=vi:slant=roman:weight=\(weight == .bold ? "bold" : "regular")"
        let parsed = query.withCString { FcNameParse(UnsafeRawPointer($0).assumingMemoryBound(to: FcChar8.self)) }
        guard let pattern = parsed else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let matched = FcFontMatch(config, pattern, &result) else { return nil }
        defer { FcPatternDestroy(matched) }
        var file: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(matched, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        var charset: OpaquePointer?
        guard FcPatternGetCharSet(matched, FC_CHARSET, 0, &charset) == FcResultMatch, let charset else { return nil }
        guard vietnameseProbe.allSatisfy({ FcCharSetHasChar(charset, $0) != 0 }) else { return nil }
        return String(cString: UnsafeRawPointer(file).assumingMemoryBound(to: CChar.self))
    }
}
