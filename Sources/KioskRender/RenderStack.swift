/// Fonts, measurement, pictures and the canvas for one SDL renderer: what a window and an
/// offscreen frame both need, built the same way.
struct RenderStack {
    let fonts: FontLibrary
    let measurer: TextMeasurerSDL
    let images: ImageLoader
    let canvas: Canvas

    /// `synchronousImages` decodes inline, for complete frames without a main loop.
    init(renderer: OpaquePointer, synchronousImages: Bool) throws {
        fonts = try FontLibrary()
        measurer = TextMeasurerSDL(fonts: fonts)
        images = ImageLoader(synchronous: synchronousImages)
        canvas = Canvas(renderer: renderer, fonts: fonts, measurer: measurer, images: images)
    }
}
