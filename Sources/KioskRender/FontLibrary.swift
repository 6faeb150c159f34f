import CSDL2
import KioskCore

/// The fonts the screen draws with: files found at run time through fontconfig (see
/// `FontDiscovery`), opened with SDL_ttf once per size and weight.
///
/// Used from the thread that owns the canvas. Several libraries may live on different threads
/// (each opens its own faces); opening and closing is serialised process-wide.
public final class FontLibrary {
    /// The font file used for each weight, for diagnostics (`kiosk check`, logs, bug reports).
    public private(set) var fontPaths: [FontWeight: String]
    let faces: [FontWeight: FontFace]
    private var open: [FontSpec: OpaquePointer] = [:]

    public init() throws {
        try SDLLibraries.start()
        faces = try FontDiscovery.faces()
        fontPaths = faces.mapValues(\.path)
    }

    deinit {
        SDLLibraries.fontLock.lock()
        for font in open.values { TTF_CloseFont(font) }
        SDLLibraries.fontLock.unlock()
    }

    /// The SDL_ttf face (`TTF_Font *`) for `spec`, opened on first use and kept.
    public func font(_ spec: FontSpec) throws -> OpaquePointer {
        if let font = open[spec] { return font }
        // SDL_ttf sizes in points at 72 dpi, which is pixels per em: the core's `size`.
        let size = Int32(min(max(spec.size, 1), 2048))
        guard let face = faces[spec.weight] ?? faces[.regular] else {
            throw RenderError(call: "TTF_OpenFontIndex", message: "no face for \(spec.weight)")
        }
        SDLLibraries.fontLock.lock()
        let opened = TTF_OpenFontIndex(face.path, size, Int(face.index))
        let error = opened == nil ? RenderError("TTF_OpenFontIndex", context: face.path) : nil
        SDLLibraries.fontLock.unlock()
        guard let font = opened else { throw error! }
        // Light hinting snaps only vertically: glyph shapes and spacing stay as designed, and a
        // string measures the same at every position. Kerning on for even spacing ("Tr", "Vă").
        TTF_SetFontHinting(font, TTF_HINTING_LIGHT)
        TTF_SetFontKerning(font, 1)
        if spec.weight == .bold && face.syntheticBold { TTF_SetFontStyle(font, TTF_STYLE_BOLD) }
        open[spec] = font
        return font
    }
}
