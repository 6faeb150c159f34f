/// A rectangle in screen pixels.
public struct Rect: Sendable, Hashable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    /// The rectangle shrunk by `d` on every side.
    public func inset(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d)) }
    public func contains(x px: Double, y py: Double) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

/// An RGBA colour, 0…255 a channel.
public struct Color: Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) { self.r = r; self.g = g; self.b = b; self.a = a }
    /// The same colour with its alpha multiplied by `opacity` (0…1).
    public func withOpacity(_ opacity: Double) -> Color {
        Color(r, g, b, UInt8((Double(a) * min(1, max(0, opacity))).rounded()))
    }
}

/// Font weight; the renderer maps each to a font file found through fontconfig.
public enum FontWeight: String, Sendable, Hashable { case regular, bold }

/// A font as the core asks for it: the renderer picks the face, the core only sizes and weighs.
public struct FontSpec: Sendable, Hashable {
    /// Pixel size (the height of the em square in pixels).
    public var size: Int
    public var weight: FontWeight
    public init(size: Int, weight: FontWeight = .regular) { self.size = size; self.weight = weight }
}

/// How a picture fills its destination rectangle.
public enum ImageFit: Sendable, Hashable {
    /// Fill the rectangle, cropping what overflows (centred).
    case cover
    /// Show the whole picture inside the rectangle, centred, leaving bands.
    case contain
}

/// What a picture is for, which decides how it is decoded and how long it is kept.
public enum ImageKind: Sendable, Hashable {
    /// Portraits and other small pictures: kept while memory allows, least recently used out.
    case picture
    /// A slideshow photo, screen-sized: kept only while a frame uses it (on screen, fading out
    /// or asked for ahead), so at most the current, previous and next are decoded.
    case photo
    /// A photo shown whole over a blurred, veiled copy of itself, composed once off the main
    /// thread into one opaque picture of `SlideLayout.area`'s size: on screen it is one copy (a
    /// crossfade one mix) instead of a backdrop stretched, a veil blended and the photo drawn.
    /// Kept like `.photo`: only while a frame uses it.
    case slide(SlideLayout)

    /// Screen-sized: kept only while a frame uses it.
    public var isScreenSized: Bool {
        switch self {
        case .photo, .slide: true
        case .picture: false
        }
    }
}

/// How a slide is composed: the photo whole inside `area`, over a blurred copy of itself
/// stretched to cover `area` and `veil` blended over that copy. The slide is `area`'s size in
/// whole pixels; its position only decides how the photo's edges round, so that the slide is
/// the very pixels the three draws would give at that place.
public struct SlideLayout: Sendable, Hashable {
    public var area: Rect
    /// Part of the look (the night palette darkens it), so part of the key.
    public var veil: Color
    /// False: the blurred copy and the veil alone, the surround Ken Burns moves the photo over.
    public var showsPhoto: Bool
    public init(area: Rect, veil: Color, showsPhoto: Bool = true) { self.area = area; self.veil = veil; self.showsPhoto = showsPhoto }
}

/// A picture on disk at an absolute path, and what it is for.
public struct ImageRef: Sendable, Hashable {
    public var path: String
    public var kind: ImageKind
    public init(path: String, kind: ImageKind = .picture) { self.path = path; self.kind = kind }
}

/// What the renderer executes; the core's whole vocabulary for pixels.
public enum DrawCommand: Sendable, Hashable {
    /// Fill a rectangle (blended when the colour is translucent).
    case fill(Rect, Color)
    /// One line of text whose top-left corner is at `x`,`y`; `maxWidth` cuts it with "…".
    case text(String, x: Double, y: Double, font: FontSpec, color: Color, maxWidth: Double?)
    /// A picture fitted into `rect` at `opacity` (0…1). Not yet decoded: nothing is drawn.
    case image(ImageRef, rect: Rect, fit: ImageFit, opacity: Double)
    /// Restrict the following commands to `rect`; nil lifts the restriction.
    case clip(Rect?)
    /// Start decoding a picture that will be needed soon, at the size it will be shown.
    case prefetch(ImageRef, width: Int, height: Int)
    /// The ticker's tape moved `offset` pixels left, filling `lane` opaquely (within the clip in
    /// force): what `tape.commands(offset:lane:)` draws clipped to the lane, which a renderer
    /// may instead copy from the tape composed once.
    case tape(TickerTape, offset: Double, lane: Rect)
}

/// Measures text so the core can lay it out without knowing which font file the renderer uses.
public protocol TextMeasurer {
    /// Width in pixels of `text` set in `font`.
    func width(of text: String, font: FontSpec) -> Double
    /// Height of one line of `font` in pixels.
    func lineHeight(of font: FontSpec) -> Double
    /// Where the digits of a line of `font` are drawn: from `top` below the line's top, `height` tall.
    func digitBand(of font: FontSpec) -> (top: Double, height: Double)
}

extension TextMeasurer {
    /// Proportions of a common sans face (digits 0.71 em tall, baseline 1.07 em below the top).
    public func digitBand(of font: FontSpec) -> (top: Double, height: Double) {
        let em = Double(font.size)
        return ((1.07 - 0.71) * em, 0.71 * em)
    }
}

/// Asks whether a picture is decoded and ready, so a crossfade can wait for its next photo
/// instead of fading to black.
public protocol ImageAvailability {
    /// Decoded, or given up on: either way nothing more is coming.
    func isReady(_ image: ImageRef) -> Bool
    /// The picture could not be decoded; a slideshow keeps the photo before it instead.
    func hasFailed(_ image: ImageRef) -> Bool
}

extension ImageAvailability {
    public func hasFailed(_ image: ImageRef) -> Bool { false }
}

/// An availability that says every picture is ready: for tests and synchronous rendering.
public struct AllImagesReady: ImageAvailability {
    public init() {}
    public func isReady(_ image: ImageRef) -> Bool { true }
}
