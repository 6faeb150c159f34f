import FoundationEssentials

/// Draws the slideshow into a rectangle: photo, caption and credit, crossfading (and with Ken
/// Burns, slowly moving), never black. The lobby's panel and the full-screen gallery both use it.
public enum SlideshowPanel {
    public struct Style {
        public var captionBand: Double
        public var captionFont: FontSpec
        public var creditFont: FontSpec
        /// The caption lies over the photo on a shaded band (full screen) instead of under it.
        public var overlayCaption: Bool
        /// Photos slowly zoom and pan when kiosk.toml asks for Ken Burns (full screen only: in
        /// the lobby's panel the motion would pull the eye from everything else).
        public var allowsMotion: Bool = false
        /// Something almost opaque lies over the slideshow (the album picker): the photo stands
        /// as it will once faded in, still, so the frames under it are not drawn again 60 times
        /// a second for a fade that shows only in the dimmed margins.
        public var holdsStill: Bool = false
    }

    /// Ken Burns zooms at most this much, so photos are decoded this much larger than the panel.
    static let maxZoom = 1.12

    /// Draws the slideshow and returns what it showed (nil when there are no photos).
    @discardableResult
    public static func draw(_ ctx: FrameContext, in rect: Rect, style: Style, into frame: inout Frame) -> SlideshowOnScreen? {
        let t = ctx.theme
        let playlist = SlideshowPlaylist(ctx.content, album: ctx.state.slideshow.album)
        let photoRect = Rect(x: rect.x, y: rect.y, width: rect.width,
                             height: style.overlayCaption ? rect.height : rect.height - style.captionBand)
        let settings = ctx.content.settings
        let paths = playlist.paths
        guard var pos = ctx.state.slideshow.position(paths, at: ctx.now, slideSeconds: settings.slideSeconds,
                                                     fadeSeconds: settings.crossfadeSeconds) else {
            frame.add(.fill(photoRect, t.photoBackdrop))
            let font = t.font(22)
            let text = ctx.labels.noPhotos
            frame.add(.text(text, x: photoRect.x + (photoRect.width - ctx.measurer.width(of: text, font: font)) / 2,
                            y: photoRect.y + photoRect.height / 2, font: font, color: t.onPrimary, maxWidth: nil))
            return nil
        }
        let count = playlist.count
        let moving = style.allowsMotion && !style.holdsStill && settings.transition == .kenburns
        let current = playlist.entries[pos.current].photo
        let currentRef = pictureRef(current, in: photoRect, moving: moving, ctx: ctx)
        let next = playlist.entries[(pos.current + 1) % count].photo
        // A photo that cannot be decoded is passed over: the one before it stays for its turn.
        let currentReady = ctx.images.isReady(currentRef) && !ctx.images.hasFailed(currentRef)
        if style.holdsStill && currentReady { pos.fade = 1 }
        let shownOnScreen = SlideshowOnScreen(current: current.path, index: pos.current, slideStart: pos.slideStart,
                                              next: next.path, previous: playlist.entries[(pos.current + count - 1) % count].photo.path,
                                              fadingFrom: pos.fade < 1 ? pos.previous.map { playlist.entries[$0].photo.path } : nil)
        let fading = pos.previous != nil && currentReady && pos.fade < 1

        // The lobby's crossfade is a moving part over a still layer that keeps the slide as it
        // stood before the fade (hidden under the moving photo): a tick of the fade redraws the
        // photo and its caption, not the lobby, and the fade's start and its caption's change
        // halfway redraw nothing else.
        if fading && !style.overlayCaption && !moving && pos.nextSlideAt != nil, let previous = pos.previous {
            let before = pictureRef(playlist.entries[previous].photo, in: photoRect, moving: false, ctx: ctx)
            if ctx.images.isReady(before) && !ctx.images.hasFailed(before) {
                frame.add(standing(previous, playlist: playlist, in: rect, photoRect: photoRect, style: style, ctx: ctx))
                let paths = playlist.paths
                frame.addMovingPart(ctx) { ctx, frame in
                    // In whole steps: the frames between two steps (the ticker's) leave the panel as it is.
                    let step = FrameBuilder.step(ctx.now, perSecond: FrameBuilder.panelFadeSteps)
                    frame.wakeMoving(at: step.next)
                    guard let pos = ctx.state.slideshow.position(paths, at: step.start, slideSeconds: settings.slideSeconds,
                                                                 fadeSeconds: settings.crossfadeSeconds) else { return }
                    drawFade(pos, playlist: playlist, in: rect, photoRect: photoRect, style: style, ctx: ctx, into: &frame)
                }
                // The whole frame again when the fade ends (the new photo joins the still layer).
                frame.wake(at: pos.slideStart.addingTimeInterval(settings.crossfadeSeconds))
                if let nextSlideAt = pos.nextSlideAt { frame.wake(at: nextSlideAt) }
                return shownOnScreen
            }
        }

        // While the fade runs, or while the new photo is still decoding, the old one stays
        // underneath: the screen never goes black between photos.
        var layer: [DrawCommand] = [.fill(photoRect, t.photoBackdrop), .clip(photoRect)]
        // Without a photo fading out (a step, a pause, a reload), the one before it stands in
        // while this one decodes or if it cannot be.
        let underneath = pos.previous ?? (currentReady || count < 2 ? nil : (pos.current + count - 1) % count)
        if let previous = underneath, pos.fade < 1 || !currentReady {
            let motion = moving ? (pos.elapsed + settings.slideSeconds) / (settings.slideSeconds + settings.crossfadeSeconds) : nil
            layer += photoCommands(playlist.entries[previous].photo, in: photoRect, opacity: 1, motion: motion, ctx: ctx)
        }
        if currentReady {
            let motion = moving ? pos.elapsed / (settings.slideSeconds + settings.crossfadeSeconds) : nil
            layer += photoCommands(current, in: photoRect, opacity: pos.fade, motion: motion, ctx: ctx)
        }
        layer.append(.clip(nil))
        // A fade changes only the photo: it moves on its own layer. Where a caption lies over
        // the photo (the full-screen gallery), the caption and all that is drawn over it move
        // with it, and so they do while Ken Burns moves the photo.
        if fading && !style.overlayCaption {
            layer.forEach { frame.addMoving($0) }
            frame.movingAreas.append(photoRect)
        } else if style.overlayCaption && (fading || moving && pos.nextSlideAt != nil) {
            frame.moveTheRest()
            frame.add(layer)
            frame.movingAreas.append(rect)
        } else {
            frame.add(layer)
        }
        // The next photo decodes while this one is shown, so it is ready before its turn.
        frame.add(prefetches(currentReady ? [next] : [current, next], photoRect: photoRect, moving: moving, ctx: ctx))

        // The caption belongs to the photo that dominates the picture.
        let shownIndex = currentReady && (pos.fade >= 0.5 || pos.previous == nil) ? pos.current : pos.previous ?? pos.current
        let shown = playlist.entries[shownIndex]
        if style.overlayCaption {
            SlideCaption.drawOverlay(shown.photo, album: shown.album, in: rect, band: style.captionBand, style: style, ctx: ctx, into: &frame)
        } else {
            frame.add(SlideCaption.below(shown.photo, album: shown.album.title, in: rect, photoRect: photoRect, style: style, ctx: ctx))
        }

        if pos.fade < 1 || !ctx.images.isReady(currentRef) {
            frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval))
        } else if moving && pos.nextSlideAt != nil {
            // A slow pan moves a pixel every few frames: 30 updates a second look as smooth.
            frame.wake(at: ctx.now.addingTimeInterval(FrameBuilder.motionInterval * 2))
        }
        if let nextSlideAt = pos.nextSlideAt { frame.wake(at: nextSlideAt) }
        return shownOnScreen
    }

    /// The still commands of photo `index` standing alone (fully faded in, decoded), exactly as
    /// `draw` gives them then: photo, the next photo asked for ahead, caption.
    static func standing(_ index: Int, playlist: SlideshowPlaylist, in rect: Rect, photoRect: Rect, style: Style,
                         ctx: FrameContext) -> [DrawCommand] {
        let entry = playlist.entries[index]
        let next = playlist.entries[(index + 1) % playlist.count].photo
        return [.fill(photoRect, ctx.theme.photoBackdrop), .clip(photoRect)]
            + photoCommands(entry.photo, in: photoRect, opacity: 1, motion: nil, ctx: ctx) + [.clip(nil)]
            + prefetches([next], photoRect: photoRect, moving: false, ctx: ctx)
            + SlideCaption.below(entry.photo, album: entry.album.title, in: rect, photoRect: photoRect, style: style, ctx: ctx)
    }

    /// The moving part of the lobby's crossfade at `pos`: both photos and the caption of the
    /// one that dominates. The photo after the new one is asked for once the fade is over (by
    /// the standing frame): asked for now, three panel-sized slides (3.3 MiB each at 1080p)
    /// were held during every fade, which made the lobby's peak memory.
    static func drawFade(_ pos: SlideshowPosition, playlist: SlideshowPlaylist, in rect: Rect, photoRect: Rect, style: Style,
                         ctx: FrameContext, into frame: inout Frame) {
        guard let previous = pos.previous else { return }
        let current = playlist.entries[pos.current]
        // The photo and its caption band below it: one area, each half starting with an opaque fill.
        frame.movingAreas.append(rect)
        var commands: [DrawCommand] = [.fill(photoRect, ctx.theme.photoBackdrop), .clip(photoRect)]
        commands += photoCommands(playlist.entries[previous].photo, in: photoRect, opacity: 1, motion: nil, ctx: ctx)
        commands += photoCommands(current.photo, in: photoRect, opacity: pos.fade, motion: nil, ctx: ctx)
        commands.append(.clip(nil))
        let shown = pos.fade >= 0.5 ? current : playlist.entries[previous]
        commands += SlideCaption.below(shown.photo, album: shown.album.title, in: rect, photoRect: photoRect, style: style, ctx: ctx)
        commands.forEach { frame.addMoving($0) }
    }

    /// Asks for `photos` to be decoded ahead, at the size they will be shown.
    static func prefetches(_ photos: [Photo], photoRect: Rect, moving: Bool, ctx: FrameContext) -> [DrawCommand] {
        var commands: [DrawCommand] = []
        for photo in photos {
            let ref = pictureRef(photo, in: photoRect, moving: moving, ctx: ctx)
            if case .slide(let layout) = ref.kind {
                // A slide is composed at its own size whatever the box.
                commands.append(.prefetch(ref, width: Int(layout.area.width.rounded(.up)), height: Int(layout.area.height.rounded(.up))))
                continue
            }
            let decodeSize = moving ? (photoRect.width * maxZoom, photoRect.height * maxZoom) : (photoRect.width, photoRect.height)
            // A photo shown whole (Ken Burns, over its surround) needs only the pixels of its own shape.
            let bands = !fillsWithoutBands(photo, photoRect)
            let box = bands ? contained(photo, in: decodeSize) : decodeSize
            commands.append(.prefetch(ref, width: Int(box.0.rounded(.up)), height: Int(box.1.rounded(.up))))
            if bands {
                let surround = surroundRef(photo, in: photoRect, ctx: ctx)
                commands.append(.prefetch(surround, width: Int(photoRect.width.rounded(.up)), height: Int(photoRect.height.rounded(.up))))
            }
        }
        return commands
    }

    /// The picture that decides whether `photo` can be shown in `rect`: the photo itself when it
    /// fills the panel or moves (Ken Burns), else its slide, composed for the panel.
    static func pictureRef(_ photo: Photo, in rect: Rect, moving: Bool, ctx: FrameContext) -> ImageRef {
        if fillsWithoutBands(photo, rect) || moving { return ctx.absolute(photo.path, kind: .photo) }
        return ctx.absolute(photo.path, kind: .slide(SlideLayout(area: rect, veil: ctx.theme.photoBackdrop.withOpacity(0.45))))
    }

    /// Ken Burns moves the photo over a still surround, its blurred, veiled self composed once:
    /// zooming the whole slide instead scaled every pixel of the screen each frame, where the
    /// photo alone (a portrait: 40 % of the screen) needs it.
    static func surroundRef(_ photo: Photo, in rect: Rect, ctx: FrameContext) -> ImageRef {
        ctx.absolute(photo.path, kind: .slide(SlideLayout(area: rect, veil: ctx.theme.photoBackdrop.withOpacity(0.45), showsPhoto: false)))
    }

    /// The size of `photo` shown whole inside `box` (the box itself when its size is unknown).
    static func contained(_ photo: Photo, in box: (Double, Double)) -> (Double, Double) {
        guard let w = photo.width, let h = photo.height, w > 0, h > 0 else { return box }
        let scale = min(box.0 / Double(w), box.1 / Double(h))
        return (Double(w) * scale, Double(h) * scale)
    }

    /// A photo whose proportions are close to the panel's fills it, cropped by at most a tenth;
    /// any other (a portrait on a landscape screen) is shown whole over a blurred copy of itself.
    static func fillsWithoutBands(_ photo: Photo, _ rect: Rect) -> Bool {
        guard let w = photo.width, let h = photo.height, w > 0, h > 0, rect.width > 0, rect.height > 0 else { return false }
        let photoAspect = Double(w) / Double(h), rectAspect = rect.width / rect.height
        return min(photoAspect, rectAspect) / max(photoAspect, rectAspect) >= 0.9
    }

    /// One photo: filling the panel, or whole over its blurred, darkened self (one slide, see
    /// `ImageKind.slide`). `motion` (0…1 over the photo's time on screen) zooms and pans it for
    /// Ken Burns: the photo moves over its still surround.
    static func photoCommands(_ photo: Photo, in rect: Rect, opacity: Double, motion: Double?,
                              ctx: FrameContext) -> [DrawCommand] {
        let shown = motion.map { KenBurns.frame(of: rect, photoPath: photo.path, progress: $0) } ?? rect
        if motion != nil && !fillsWithoutBands(photo, rect) {
            return [.image(surroundRef(photo, in: rect, ctx: ctx), rect: rect, fit: .cover, opacity: opacity),
                    .image(ctx.absolute(photo.path, kind: .photo), rect: shown, fit: .contain, opacity: opacity)]
        }
        return [.image(pictureRef(photo, in: rect, moving: motion != nil, ctx: ctx), rect: shown, fit: .cover, opacity: opacity)]
    }
}

/// The slow zoom and pan of a Ken Burns slideshow, a pure function of the photo and how far
/// through its time on screen it is.
enum KenBurns {
    /// Where the photo is drawn (larger than `rect`, clipped to it) at `progress` 0…1.
    static func frame(of rect: Rect, photoPath: String, progress: Double) -> Rect {
        // The same photo always moves the same way; neighbours differ. FNV-1a, not hashValue,
        // which changes from run to run.
        var hash: UInt32 = 2_166_136_261
        for byte in photoPath.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let p = min(1, max(0, progress))
        let eased = p * p * (3 - 2 * p)
        let zoomIn = hash & 1 == 0
        let zoom = 1 + (SlideshowPanel.maxZoom - 1) * (zoomIn ? eased : 1 - eased)
        // Pan from one corner region towards the opposite one, within the slack the zoom gives.
        let corners: [(Double, Double)] = [(-1, -0.6), (1, -0.6), (-1, 0.6), (1, 0.6)]
        let (fx, fy) = corners[Int((hash >> 1) % 4)]
        let panX = fx * (1 - 2 * eased), panY = fy * (1 - 2 * eased)
        let width = rect.width * zoom, height = rect.height * zoom
        let slackX = width - rect.width, slackY = height - rect.height
        return Rect(x: rect.x - slackX * (0.5 + 0.5 * panX), y: rect.y - slackY * (0.5 + 0.5 * panY), width: width, height: height)
    }
}
