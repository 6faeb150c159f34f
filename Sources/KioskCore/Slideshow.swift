import Foundation

/// Which photo is on screen at an instant, and how far the crossfade into it has got.
///
/// The position is a pure function of the clock, so the lobby panel and the full-screen gallery
/// agree, and a rendered frame at a given instant is always the same frame.
public struct SlideshowPosition: Equatable {
    public var current: Int
    public var previous: Int
    /// 0…1 while fading from `previous` into `current`; 1 once the fade is over.
    public var fade: Double
    /// When the next slide starts.
    public var nextSlideAt: Double
    /// Seconds into the current slide.
    public var elapsed: Double

    public init(count: Int, clock: Double, slideSeconds: Double, fadeSeconds: Double) {
        precondition(count > 0)
        let slot = (clock / slideSeconds).rounded(.down)
        let current = Int(slot.truncatingRemainder(dividingBy: Double(count)))
        self.current = current
        self.previous = (current + count - 1) % count
        self.elapsed = clock - slot * slideSeconds
        self.fade = fadeSeconds > 0 ? min(1, elapsed / fadeSeconds) : 1
        self.nextSlideAt = (slot + 1) * slideSeconds
    }
}

/// Draws the slideshow into a rectangle: photo, caption and credit, crossfading, never black.
public enum SlideshowPanel {
    public struct Style {
        public var captionBand: Double
        public var captionFont: FontSpec
        public var creditFont: FontSpec
        public var overlayCaption: Bool
    }

    public static func draw(_ ctx: FrameContext, in rect: Rect, style: Style, into frame: inout Frame) {
        let t = ctx.theme
        let photos = ctx.content.allPhotos
        let photoRect = Rect(x: rect.x, y: rect.y, width: rect.width,
                             height: style.overlayCaption ? rect.height : rect.height - style.captionBand)
        guard !photos.isEmpty else {
            frame.add(.fill(photoRect, t.photoBackdrop))
            let font = t.font(22)
            let text = ctx.labels.noPhotos
            frame.add(.text(text, x: photoRect.x + (photoRect.width - ctx.measurer.width(of: text, font: font)) / 2,
                            y: photoRect.y + photoRect.height / 2, font: font, color: t.onPrimary, maxWidth: nil))
            return
        }
        let settings = ctx.content.settings
        let pos = SlideshowPosition(count: photos.count, clock: ctx.clock,
                                    slideSeconds: settings.slideSeconds, fadeSeconds: settings.crossfadeSeconds)
        let current = ctx.absolute(photos[pos.current].photo.path)
        let previous = ctx.absolute(photos[pos.previous].photo.path)
        let next = ctx.absolute(photos[(pos.current + 1) % photos.count].photo.path)
        // A photo that cannot be decoded is passed over: the one before it stays for its turn.
        let currentReady = ctx.images.isReady(current) && !ctx.images.hasFailed(current)

        // While the fade runs, or while the new photo is still decoding, the old one stays
        // underneath: the screen never goes black between photos.
        var layer: [DrawCommand] = [.fill(photoRect, t.photoBackdrop), .clip(photoRect)]
        if photos.count > 1 && (pos.fade < 1 || !currentReady) {
            layer += photoCommands(previous, in: photoRect, opacity: 1, ctx: ctx)
        }
        if currentReady { layer += photoCommands(current, in: photoRect, opacity: pos.fade, ctx: ctx) }
        layer.append(.clip(nil))
        // A fade changes only the photo: it moves on its own layer, unless a caption lies over
        // the photo (the full-screen gallery) and must be drawn after it.
        let fading = photos.count > 1 && currentReady && pos.fade < 1
        if fading && !style.overlayCaption {
            layer.forEach { frame.addMoving($0) }
            frame.movingAreas.append(photoRect)
        } else {
            frame.add(layer)
        }
        frame.add(.prefetch(next, width: Int(photoRect.width), height: Int(photoRect.height)))
        if !ctx.images.isReady(current) { frame.add(.prefetch(current, width: Int(photoRect.width), height: Int(photoRect.height))) }

        // The caption belongs to the photo that dominates the picture.
        let shown = currentReady && (pos.fade >= 0.5 || photos.count == 1) ? photos[pos.current] : photos[pos.previous]
        drawCaption(shown.photo, album: shown.album.title, in: rect, photoRect: photoRect, style: style, ctx: ctx, into: &frame)

        if pos.fade < 1 || !ctx.images.isReady(current) {
            frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval))
        }
        frame.wake(at: Date(timeIntervalSince1970: pos.nextSlideAt))
    }

    /// A photo shown whole (portraits are never cropped) over a dimmed, cropped copy of itself
    /// that fills the bands.
    static func photoCommands(_ image: ImageRef, in rect: Rect, opacity: Double, ctx: FrameContext) -> [DrawCommand] {
        [.image(image, rect: rect, fit: .cover, opacity: opacity),
         .fill(rect, ctx.theme.photoBackdrop.withOpacity(0.72 * opacity)),
         .image(image, rect: rect, fit: .contain, opacity: opacity)]
    }

    static func drawCaption(_ photo: Photo, album: String, in rect: Rect, photoRect: Rect, style: Style,
                            ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let pad = t.len(14)
        let captionHeight = ctx.measurer.lineHeight(of: style.captionFont)
        let creditHeight = ctx.measurer.lineHeight(of: style.creditFont)
        let band: Rect
        let textColor: Color, subColor: Color
        if style.overlayCaption {
            band = Rect(x: rect.x, y: rect.maxY - style.captionBand, width: rect.width, height: style.captionBand)
            frame.add(.fill(band, Color(0, 0, 0, 150)))
            textColor = t.onPrimary; subColor = t.accent
        } else {
            band = Rect(x: rect.x, y: photoRect.maxY, width: rect.width, height: style.captionBand)
            frame.add(.fill(band, t.panel))
            textColor = t.text; subColor = t.mutedText
        }
        let caption = photo.caption.isEmpty ? album : photo.caption
        let credit = [photo.caption.isEmpty ? "" : album, photo.credit].filter { !$0.isEmpty }.joined(separator: " · ")
        let blockHeight = captionHeight + (credit.isEmpty ? 0 : creditHeight + t.len(2))
        var y = band.y + (band.height - blockHeight) / 2
        frame.add(.text(caption, x: band.x + pad, y: y, font: style.captionFont, color: textColor, maxWidth: band.width - 2 * pad))
        y += captionHeight + t.len(2)
        if !credit.isEmpty {
            frame.add(.text(credit, x: band.x + pad, y: y, font: style.creditFont, color: subColor, maxWidth: band.width - 2 * pad))
        }
    }
}
