import FoundationEssentials

/// The full-screen conference slideshow. A touch pauses or resumes it and brings up the
/// controls for a few seconds (previous, next, albums, and the way home); a sideways swipe
/// turns the photo; the album picker shows one album or all.
public enum GalleryScene {
    public static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let all = Rect(x: 0, y: 0, width: ctx.width, height: ctx.height)
        let style = SlideshowPanel.Style(captionBand: t.len(96), captionFont: t.font(26, .bold), creditFont: t.font(18),
                                         overlayCaption: true, allowsMotion: true, holdsStill: ctx.state.slideshow.pickerOpen)
        let shown = SlideshowPanel.draw(ctx, in: all, style: style, into: &frame)
        frame.interaction.slideshow = shown
        frame.interaction.swipeArea = all
        // Anywhere on the photo pauses or resumes; the controls lie on top.
        frame.target(all, .slideshow(.togglePause))
        let slideshow = ctx.state.slideshow
        if slideshow.isPaused { drawPausedBadge(ctx, into: &frame) }
        if slideshow.showsControls(at: ctx.now) {
            drawControls(ctx, hasPhotos: shown != nil, into: &frame)
            if let until = slideshow.controlsUntil, until > ctx.now { frame.wake(at: until) }
        }
        if slideshow.pickerOpen { AlbumPicker.draw(ctx, into: &frame) }
    }

    /// Large arrows at the sides, and along the top right: pause or resume, albums, home.
    static func drawControls(_ ctx: FrameContext, hasPhotos: Bool, into frame: inout Frame) {
        let t = ctx.theme
        let labels = ctx.labels
        let buttonHeight = t.len(56), font = t.font(20, .bold)
        if hasPhotos {
            let arrowFont = t.font(44, .bold)
            let arrowWidth = t.len(72), arrowHeight = t.len(120)
            for (symbol, control, x) in [("‹", SlideshowControl.previous, t.len(16)), ("›", .next, ctx.width - t.len(16) - arrowWidth)] {
                let r = Rect(x: x, y: ((ctx.height - arrowHeight) / 2).rounded(), width: arrowWidth, height: arrowHeight)
                frame.add(.fill(r, Color(0, 0, 0, 120)))
                let w = ctx.measurer.width(of: symbol, font: arrowFont)
                frame.add(.text(symbol, x: (r.x + (r.width - w) / 2).rounded(), y: (r.y + (r.height - ctx.measurer.lineHeight(of: arrowFont)) / 2).rounded(),
                                font: arrowFont, color: t.onPrimary, maxWidth: nil))
                frame.target(r, .slideshow(control))
            }
        }
        var buttons: [(String, TapTarget)] = []
        if hasPhotos {
            buttons.append((ctx.state.slideshow.isPaused ? labels.resume : labels.pause, .slideshow(.togglePause)))
        }
        if ctx.content.albums.count > 1 { buttons.append((labels.albums, .slideshow(.openAlbums))) }
        if ctx.state.homeScene != .gallery { buttons.append((labels.home, .openScene(ctx.state.homeScene))) }
        var right = ctx.width - t.len(28)
        let y = t.len(84)
        for (label, target) in buttons.reversed() {
            let width = ctx.measurer.width(of: label, font: font) + t.len(40)
            let r = Rect(x: right - width, y: y, width: width, height: buttonHeight)
            frame.add(.fill(r, Color(0, 0, 0, 150)))
            frame.add(.fill(Rect(x: r.x, y: r.maxY - t.len(3), width: r.width, height: t.len(3)), t.accent))
            frame.add(.text(label, x: r.x + t.len(20), y: r.y + (r.height - ctx.measurer.lineHeight(of: font)) / 2,
                            font: font, color: t.onPrimary, maxWidth: nil))
            frame.target(r, target)
            right = r.x - t.len(12)
        }
    }

    /// Two bars and the word, in the middle: a paused slideshow must not look broken.
    static func drawPausedBadge(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let font = t.font(22, .bold)
        let label = ctx.labels.paused
        let textWidth = ctx.measurer.width(of: label, font: font)
        let barWidth = t.len(8), barHeight = t.len(28), gap = t.len(8)
        let width = barWidth * 2 + gap + t.len(16) + textWidth + t.len(48)
        let height = t.len(60)
        let r = Rect(x: ((ctx.width - width) / 2).rounded(), y: ((ctx.height - height) / 2).rounded(), width: width, height: height)
        frame.add(.fill(r, Color(0, 0, 0, 150)))
        let barY = r.y + (height - barHeight) / 2
        frame.add(.fill(Rect(x: r.x + t.len(24), y: barY, width: barWidth, height: barHeight), t.onPrimary))
        frame.add(.fill(Rect(x: r.x + t.len(24) + barWidth + gap, y: barY, width: barWidth, height: barHeight), t.onPrimary))
        frame.add(.text(label, x: r.x + t.len(24) + barWidth * 2 + gap + t.len(16), y: r.y + (height - ctx.measurer.lineHeight(of: font)) / 2,
                        font: font, color: t.onPrimary, maxWidth: nil))
    }
}

/// The album picker over the slideshow: every album as a tile with its first photo, its title
/// and how many photos it has, and a tile for all of them.
enum AlbumPicker {
    static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let labels = ctx.labels
        let screen = Rect(x: 0, y: 0, width: ctx.width, height: ctx.height)
        frame.target(screen, .slideshow(.closeAlbums))
        let margin = t.len(56)
        let panel = Rect(x: margin, y: t.len(40), width: ctx.width - 2 * margin, height: ctx.height - t.len(80))
        // The slideshow dimmed around the opaque panel: the screen's pixels of a dimming veil
        // under the panel, without blending the part the panel hides (a full-screen pass).
        let dim = Color(0, 0, 0, 170)
        frame.add(.fill(Rect(x: 0, y: 0, width: ctx.width, height: panel.y), dim))
        frame.add(.fill(Rect(x: 0, y: panel.maxY, width: ctx.width, height: ctx.height - panel.maxY), dim))
        frame.add(.fill(Rect(x: 0, y: panel.y, width: panel.x, height: panel.height), dim))
        frame.add(.fill(Rect(x: panel.maxX, y: panel.y, width: ctx.width - panel.maxX, height: panel.height), dim))
        frame.add(.fill(panel, t.panel))
        frame.target(panel, .nothing)
        let pad = t.len(24)
        let titleFont = t.font(28, .bold), buttonFont = t.font(20, .bold)
        frame.add(.text(labels.chooseAlbum, x: panel.x + pad, y: panel.y + pad, font: titleFont, color: t.heading, maxWidth: panel.width / 2))
        let closeWidth = max(t.len(150), ctx.measurer.width(of: labels.close, font: buttonFont) + t.len(40))
        let close = Rect(x: panel.maxX - pad - closeWidth, y: panel.y + pad - t.len(8), width: closeWidth, height: t.len(56))
        HonoursControls.drawButton(ctx, labels.close, in: close, font: buttonFont, selected: true, into: &frame)
        frame.target(close, .slideshow(.closeAlbums))

        let albums = ctx.content.albums
        var tiles: [(title: String, count: Int, cover: Photo?, choice: String?)] =
            [(labels.allAlbums, albums.reduce(0) { $0 + $1.photos.count }, albums.first?.photos.first, nil)]
        tiles += albums.map { ($0.title, $0.photos.count, $0.photos.first, Optional($0.title)) }
        // More albums, smaller tiles: two rows of four, three of five or six still read at arm's length.
        let columns = tiles.count <= 3 ? 3 : tiles.count <= 8 ? 4 : tiles.count <= 15 ? 5 : 6
        let gap = t.len(20)
        let top = close.maxY + t.len(20)
        let tileWidth = ((panel.width - 2 * pad - gap * Double(columns - 1)) / Double(columns)).rounded(.down)
        let coverHeight = (tileWidth * 9 / 16).rounded()
        let nameFont = t.font(20, .bold), countFont = t.font(16)
        let tileHeight = coverHeight + t.len(12) + 2 * ctx.measurer.lineHeight(of: nameFont) + ctx.measurer.lineHeight(of: countFont) + t.len(12)
        let chosen = ctx.state.slideshow.album
        for (i, tile) in tiles.enumerated() {
            let r = Rect(x: panel.x + pad + Double(i % columns) * (tileWidth + gap),
                         y: top + Double(i / columns) * (tileHeight + gap), width: tileWidth, height: tileHeight)
            // Tiles that would fall off the panel are left out (beyond about 18 albums).
            guard r.maxY <= panel.maxY - pad else { break }
            let selected = tile.choice == chosen
            frame.add(.fill(r, selected ? t.primary : t.panelBorder))
            let inner = r.inset(selected ? t.len(4) : 1)
            frame.add(.fill(inner, t.panel))
            let cover = Rect(x: inner.x, y: inner.y, width: inner.width, height: coverHeight - (inner.y - r.y))
            frame.add(.fill(cover, t.photoBackdrop))
            if let photo = tile.cover { frame.add(.image(ctx.absolute(photo.path), rect: cover, fit: .cover, opacity: 1)) }
            var y = cover.maxY + t.len(10)
            for line in TextLayout.wrap(tile.title, font: nameFont, width: inner.width - t.len(24), maxLines: 2, measurer: ctx.measurer) {
                frame.add(.text(line, x: inner.x + t.len(12), y: y, font: nameFont, color: t.text, maxWidth: inner.width - t.len(24)))
                y += ctx.measurer.lineHeight(of: nameFont)
            }
            frame.add(.text(labels.photoCount(tile.count), x: inner.x + t.len(12), y: r.maxY - t.len(10) - ctx.measurer.lineHeight(of: countFont),
                            font: countFont, color: t.mutedText, maxWidth: inner.width - t.len(24)))
            frame.target(r, .slideshow(.album(tile.choice)))
        }
    }
}
