import CFontconfig
import FoundationEssentials
import KioskCore

/// A font file (and face index inside it) that fontconfig chose for one weight.
struct FontFace: Sendable, Hashable {
    var path: String
    var index: Int32
    var family: String
    /// No real bold face was found: the regular face is emboldened by SDL_ttf instead.
    var syntheticBold = false
}

/// Finds the font files at run time through fontconfig, so the kiosk uses whatever the system
/// installs (fonts-noto-core on Debian) instead of shipping fonts or hard-coding paths.
///
/// "Noto Sans" is asked for first, then "DejaVu Sans", then any installed face; a face is only
/// accepted when its character set really holds the letters Vietnamese needs, because
/// fontconfig always returns *some* match, even one that would draw boxes for "ự".
enum FontDiscovery {
    /// Letters a face must have: breve, circumflex and horn vowels with stacked tone marks,
    /// đ/Đ, and the "…" and "·" the screen draws itself.
    static let vietnameseProbe: [UInt32] = [
        0x1EAF, 0x1EC5, 0x1ED9, 0x1EF1, 0x0111, 0x0110, 0x01AF, 0x01B0, 0x01A1, 0x0103, 0x1EA0, 0x1EA4, 0x1EE8, 0x2026, 0x00B7,
    ]
    static let preferredFamilies = ["Noto Sans", "DejaVu Sans"]

    /// Looked up once per process: fontconfig loads its configuration and cache on every
    /// FcInitLoadConfigAndFonts, which costs tens of milliseconds.
    private static let found: Result<[FontWeight: FontFace], RenderError> = {
        do { return .success(try discover()) } catch { return .failure(error as? RenderError ?? RenderError(call: "fontconfig", message: "\(error)")) }
    }()

    static func faces() throws -> [FontWeight: FontFace] { try found.get() }

    private static func discover() throws -> [FontWeight: FontFace] {
        guard let config = FcInitLoadConfigAndFonts() else {
            throw RenderError(call: "FcInitLoadConfigAndFonts", message: "fontconfig could not load its configuration")
        }
        defer { FcConfigDestroy(config) }
        guard let regular = preferredFamilies.lazy.compactMap({ match(family: $0, bold: false, config: config) }).first
                ?? anyCovering(bold: false, config: config) else {
            throw RenderError(call: "FcFontMatch", message: "no installed font covers Vietnamese (looked for "
                              + preferredFamilies.joined(separator: ", ") + " and every other face); install fonts-noto-core")
        }
        // Bold from the same family keeps the two weights' metrics in step; emboldening the
        // regular face is the last resort.
        let families = [regular.family] + preferredFamilies.filter { $0 != regular.family }
        var bold = families.lazy.compactMap({ match(family: $0, bold: true, config: config) }).first
            ?? anyCovering(bold: true, config: config)
        if bold == nil {
            bold = regular
            bold?.syntheticBold = true
        }
        return [.regular: regular, .bold: bold!]
    }

    /// The face fontconfig picks for `family` in Vietnamese, if it is that family, has the weight
    /// asked for, and covers the probe letters.
    private static func match(family: String, bold: Bool, config: OpaquePointer) -> FontFace? {
        let query = "\(family):lang=vi:slant=roman:weight=\(bold ? "bold" : "regular")"
        guard let pattern = bytes(query, FcNameParse) else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let matched = FcFontMatch(config, pattern, &result) else { return nil }
        defer { FcPatternDestroy(matched) }
        guard let face = acceptable(matched, bold: bold), face.family.lowercased() == family.lowercased() else { return nil }
        return face
    }

    /// The best-sorted installed face that covers Vietnamese, whatever its family.
    private static func anyCovering(bold: Bool, config: OpaquePointer) -> FontFace? {
        guard let pattern = bytes("sans-serif:lang=vi:slant=roman:weight=\(bold ? "bold" : "regular")", FcNameParse) else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let set = FcFontSort(config, pattern, FcFalse, nil, &result) else { return nil }
        defer { FcFontSetDestroy(set) }
        for i in 0..<Int(set.pointee.nfont) {
            if let candidate = set.pointee.fonts[i], let face = acceptable(candidate, bold: bold) { return face }
        }
        return nil
    }

    /// A scalable face file that covers the probe and has (roughly) the wanted weight.
    private static func acceptable(_ pattern: OpaquePointer, bold: Bool) -> FontFace? {
        var file: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        var charset: OpaquePointer?
        guard FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset,
              vietnameseProbe.allSatisfy({ FcCharSetHasChar(charset, $0) != 0 }) else { return nil }
        var scalable: FcBool = FcTrue
        if FcPatternGetBool(pattern, FC_SCALABLE, 0, &scalable) == FcResultMatch, scalable == FcFalse { return nil }
        var weight: Int32 = 0
        if FcPatternGetInteger(pattern, FC_WEIGHT, 0, &weight) == FcResultMatch {
            // Semibold (180) and heavier count as bold; a variable font reports a range and is
            // taken as it is.
            if bold ? weight < 180 : weight >= 180 { return nil }
        }
        var index: Int32 = 0
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        var familyName: UnsafeMutablePointer<FcChar8>?
        let family = FcPatternGetString(pattern, FC_FAMILY, 0, &familyName) == FcResultMatch && familyName != nil
            ? string(familyName!) : ""
        return FontFace(path: string(file), index: index, family: family)
    }

    private static func string(_ chars: UnsafeMutablePointer<FcChar8>) -> String {
        String(cString: UnsafeRawPointer(chars).assumingMemoryBound(to: CChar.self))
    }

    /// fontconfig spells strings as unsigned bytes (FcChar8).
    private static func bytes<T>(_ text: String, _ body: (UnsafePointer<FcChar8>) -> T) -> T {
        text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: FcChar8.self)) }
    }
}
