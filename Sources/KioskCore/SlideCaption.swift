import FoundationEssentials

/// A slide's words: the caption (or, without one, the album's title; never the file name), the
/// credit, and in the full-screen gallery the album title and the photo's place in it.
enum SlideCaption {
    /// The lobby panel: a plain band under the photo.
    static func below(_ photo: Photo, album: String, in rect: Rect, photoRect: Rect, style: SlideshowPanel.Style,
                      ctx: FrameContext) -> [DrawCommand] {
        let t = ctx.theme
        let pad = t.len(14)
        let band = Rect(x: rect.x, y: photoRect.maxY, width: rect.width, height: style.captionBand)
        var commands: [DrawCommand] = [.fill(band, t.panel)]
        let (caption, credit) = words(photo, album: album)
        let captionHeight = ctx.measurer.lineHeight(of: style.captionFont)
        let creditHeight = ctx.measurer.lineHeight(of: style.creditFont)
        let blockHeight = captionHeight + (credit.isEmpty ? 0 : creditHeight + t.len(2))
        var y = band.y + (band.height - blockHeight) / 2
        commands.append(.text(caption, x: band.x + pad, y: y, font: style.captionFont, color: t.text, maxWidth: band.width - 2 * pad))
        y += captionHeight + t.len(2)
        if !credit.isEmpty {
            commands.append(.text(credit, x: band.x + pad, y: y, font: style.creditFont, color: t.mutedText, maxWidth: band.width - 2 * pad))
        }
        return commands
    }

    /// Full screen: white text with a soft shadow on a shade that deepens towards the edge, so
    /// it reads on a snowfield and on a night sky alike. The album's title and the photo's
    /// place in it sit at the top on a shade of their own.
    static func drawOverlay(_ photo: Photo, album: Album, in rect: Rect, band: Double, style: SlideshowPanel.Style,
                            ctx: FrameContext, into frame: inout Frame) {
        let t = ctx.theme
        let pad = t.len(28)
        // The album's title is at the top: without a caption of its own, the photo has nothing
        // at the bottom but its credit.
        let caption = photo.caption
        let credit = photo.credit
        let captionFont = style.captionFont, creditFont = style.creditFont
        let width = rect.width - 2 * pad
        let lines = caption.isEmpty ? [] : TextLayout.wrap(caption, font: captionFont, width: width, maxLines: 2, measurer: ctx.measurer)
        let captionHeight = ctx.measurer.lineHeight(of: captionFont)
        let creditHeight = credit.isEmpty ? 0 : ctx.measurer.lineHeight(of: creditFont) + t.len(4)
        let block = Double(lines.count) * captionHeight + creditHeight
        // Solid under the text, then a long fade upwards: a hard edge would cut across the photo.
        let ramp = t.len(70)
        let shadeHeight = block + pad * 1.5 + ramp
        if block > 0 {
            shade(Rect(x: rect.x, y: rect.maxY - shadeHeight, width: rect.width, height: shadeHeight), downwards: true, ramp: ramp, into: &frame)
        }
        var y = rect.maxY - pad - block
        for line in lines {
            shadowedText(line, x: rect.x + pad, y: y, font: captionFont, color: t.onPrimary, maxWidth: width, ctx: ctx, into: &frame)
            y += captionHeight
        }
        if !credit.isEmpty {
            y += t.len(4)
            shadowedText(credit, x: rect.x + pad, y: y, font: creditFont, color: t.accent, maxWidth: width, ctx: ctx, into: &frame)
        }

        let titleFont = t.font(22, .bold), placeFont = t.font(18)
        let topHeight = t.len(20) + ctx.measurer.lineHeight(of: titleFont) + t.len(12) + t.len(50)
        shade(Rect(x: rect.x, y: rect.y, width: rect.width, height: topHeight), downwards: false, ramp: t.len(50), into: &frame)
        let place = ctx.labels.photoPosition(album.photos.firstIndex(where: { $0.path == photo.path }) ?? 0, of: album.photos.count)
        let placeWidth = ctx.measurer.width(of: place, font: placeFont)
        let titleY = rect.y + t.len(20)
        shadowedText(album.title, x: rect.x + pad, y: titleY, font: titleFont, color: t.onPrimary,
                     maxWidth: width - placeWidth - t.len(24), ctx: ctx, into: &frame)
        shadowedText(place, x: rect.maxX - pad - placeWidth, y: titleY + (ctx.measurer.lineHeight(of: titleFont) - ctx.measurer.lineHeight(of: placeFont)) / 2,
                     font: placeFont, color: t.onPrimary, maxWidth: nil, ctx: ctx, into: &frame)
    }

    /// The caption, else the album title; the credit line names the album when the caption did not.
    static func words(_ photo: Photo, album: String) -> (caption: String, credit: String) {
        let caption = photo.caption.isEmpty ? album : photo.caption
        let credit = [photo.caption.isEmpty ? "" : album, photo.credit].filter { !$0.isEmpty }.joined(separator: " · ")
        return (caption, credit)
    }

    /// Black at 70 % where the text lies, fading to nothing over `ramp` towards the photo: as
    /// bands of translucent fill (a gradient the draw commands can express, and the software
    /// renderer fills quickly), thin enough that no step shows.
    static func shade(_ r: Rect, downwards: Bool, ramp: Double, into frame: inout Frame) {
        let solid = Color(0, 0, 0, 178)
        let rampHeight = min(ramp, r.height)
        let steps = max(1, min(32, Int(rampHeight / 2)))
        let band = rampHeight / Double(steps)
        // The ramp from the photo side, then the solid part at the edge.
        for i in 0..<steps {
            let f = (Double(i) + 0.5) / Double(steps)
            let alpha = Double(solid.a) * f * f * (3 - 2 * f)
            let top = downwards ? r.y + (Double(i) * band).rounded() : r.maxY - (Double(i + 1) * band).rounded()
            let bottom = downwards ? r.y + (Double(i + 1) * band).rounded() : r.maxY - (Double(i) * band).rounded()
            guard bottom > top else { continue }
            frame.add(.fill(Rect(x: r.x, y: top, width: r.width, height: bottom - top), Color(0, 0, 0, UInt8(alpha.rounded()))))
        }
        let rest = r.height - rampHeight
        if rest > 0 {
            frame.add(.fill(Rect(x: r.x, y: downwards ? r.y + rampHeight : r.y, width: r.width, height: rest), solid))
        }
    }

    /// Text with a dark copy a little below and right of it: readable even where the shade is light.
    static func shadowedText(_ text: String, x: Double, y: Double, font: FontSpec, color: Color, maxWidth: Double?,
                             ctx: FrameContext, into frame: inout Frame) {
        let offset = max(1, ctx.theme.len(2)).rounded()
        frame.add(.text(text, x: x + offset, y: y + offset, font: font, color: Color(0, 0, 0, 170), maxWidth: maxWidth))
        frame.add(.text(text, x: x, y: y, font: font, color: color, maxWidth: maxWidth))
    }
}
