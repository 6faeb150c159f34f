import FoundationEssentials

/// The honour roll's controls: the title row with the search field and the language switch,
/// the filter chips and the A–Z index. Each control registers what touching it does.
enum HonoursControls {
    /// A large rounded-looking button: filled when selected, outlined otherwise.
    static func drawButton(_ ctx: FrameContext, _ label: String, in r: Rect, font: FontSpec, selected: Bool,
                           enabled: Bool = true, into frame: inout Frame) {
        let t = ctx.theme
        if selected {
            frame.add(.fill(r, t.primary))
        } else {
            frame.add(FramedFill.commands(r, frame: enabled ? t.panelBorder : t.panelBorder.withOpacity(0.5), inside: t.panel))
        }
        let color = selected ? t.onPrimary : enabled ? t.text : t.mutedText.withOpacity(0.45)
        let width = min(ctx.measurer.width(of: label, font: font), r.width - t.len(8))
        frame.add(.text(label, x: (r.x + (r.width - width) / 2).rounded(), y: (r.y + (r.height - ctx.measurer.lineHeight(of: font)) / 2).rounded(),
                        font: font, color: color, maxWidth: r.width - t.len(8)))
    }

    static func drawTitleRow(_ ctx: FrameContext, _ row: Rect, matchCount: Int, into frame: inout Frame) {
        let t = ctx.theme
        let labels = ctx.labels
        // The language switch, at the right.
        let switchFont = t.font(18, .bold)
        let segment = t.len(56)
        var x = row.maxX
        for language in DisplayLanguage.allCases.reversed() {
            x -= segment
            let r = Rect(x: x, y: row.y + t.len(2), width: segment, height: row.height - t.len(4))
            drawButton(ctx, language.rawValue.uppercased(), in: r, font: switchFont, selected: ctx.state.language == language, into: &frame)
            frame.target(r, .language(language))
        }

        // The search field, left of it.
        let fieldWidth = min(t.len(400), row.width * 0.4)
        let field = Rect(x: x - t.len(16) - fieldWidth, y: row.y + t.len(2), width: fieldWidth, height: row.height - t.len(4))
        let browser = ctx.state.browser
        frame.add(.fill(field, browser.keyboardOpen ? t.primary : t.panelBorder))
        frame.add(.fill(field.inset(browser.keyboardOpen ? 2 : 1), t.panel))
        let fieldFont = t.font(19)
        let pad = t.len(14)
        let textY = field.y + (field.height - ctx.measurer.lineHeight(of: fieldFont)) / 2
        let search = browser.query.search
        if search.isEmpty {
            frame.add(.text(labels.searchPlaceholder, x: field.x + pad, y: textY, font: fieldFont, color: t.mutedText, maxWidth: field.width - 2 * pad))
        } else {
            // The end of a long query stays in view: drop characters from the front.
            var shown = search
            while shown.count > 1 && ctx.measurer.width(of: shown, font: fieldFont) > field.width - 2 * pad - t.len(6) { shown.removeFirst() }
            frame.add(.text(shown, x: field.x + pad, y: textY, font: fieldFont, color: t.text, maxWidth: nil))
            if browser.keyboardOpen {
                let caretX = field.x + pad + ctx.measurer.width(of: shown, font: fieldFont) + t.len(2)
                frame.add(.fill(Rect(x: caretX, y: textY + t.len(3), width: max(1, t.len(2)), height: ctx.measurer.lineHeight(of: fieldFont) - t.len(6)), t.primary))
            }
        }
        frame.target(field, .searchField)

        // The title and how many recipients are shown, left.
        let titleFont = t.font(28, .bold)
        let titleY = row.y + (row.height - ctx.measurer.lineHeight(of: titleFont)) / 2
        let title = labels.honoursTitle.uppercased()
        let room = field.x - t.len(16) - row.x
        frame.add(.text(title, x: row.x, y: titleY, font: titleFont, color: t.heading, maxWidth: room))
        let total = ctx.content.catalog.honours.count
        let countText = ctx.state.browser.query.isEmpty ? labels.recipients(total) : labels.matches(matchCount, of: total)
        let countFont = t.font(17)
        let countX = row.x + min(room, ctx.measurer.width(of: title, font: titleFont)) + t.len(16)
        if field.x - t.len(16) - countX > t.len(60) {
            frame.add(.text(countText, x: countX, y: row.y + (row.height - ctx.measurer.lineHeight(of: countFont)) / 2 + t.len(2),
                            font: countFont, color: t.mutedText, maxWidth: field.x - t.len(16) - countX))
        }
    }

    /// Chips laid left to right; those that do not fit the row are left out (the newest years
    /// and the first award types come first, so the common choices always show).
    private static func layChips(_ ctx: FrameContext, _ chips: [(label: String, target: TapTarget, selected: Bool)],
                                 in row: inout Rect, into frame: inout Frame) {
        let t = ctx.theme
        let font = t.font(18)
        let pad = t.len(18), gap = t.len(8)
        for chip in chips {
            let width = max(t.len(64), ctx.measurer.width(of: chip.label, font: font) + 2 * pad)
            guard width <= row.width else { break }
            let r = Rect(x: row.x, y: row.y, width: width, height: row.height)
            drawButton(ctx, chip.label, in: r, font: font, selected: chip.selected, into: &frame)
            frame.target(r, chip.target)
            row.x += width + gap
            row.width -= width + gap
        }
    }

    static func drawKindAndYearChips(_ ctx: FrameContext, _ row: Rect, into frame: inout Frame) {
        let labels = ctx.labels
        let query = ctx.state.browser.query
        var rest = row
        let kinds: [(String, HonourKind?)] = [(labels.allKinds, nil), (labels.collective, .collective), (labels.individual, .individual)]
        layChips(ctx, kinds.map { ($0.0, .kind($0.1), query.kind == $0.1) }, in: &rest, into: &frame)
        // A gap sets the years apart from the kinds.
        rest.x += ctx.theme.len(20); rest.width -= ctx.theme.len(20)
        let years = [(labels.allYears, nil as Int?)] + ctx.content.catalog.years.map { (String($0), Optional($0)) }
        layChips(ctx, years.map { ($0.0, .year($0.1), query.year == $0.1) }, in: &rest, into: &frame)
    }

    static func drawAwardChips(_ ctx: FrameContext, _ row: Rect, into frame: inout Frame) {
        let query = ctx.state.browser.query
        var rest = row
        let types = [(ctx.labels.allAwards, nil as String?)] + ctx.content.catalog.allAwardTypes.map { ($0, Optional($0)) }
        layChips(ctx, types.map { ($0.0, .awardType($0.1), query.awardType == $0.1) }, in: &rest, into: &frame)
    }

    /// The index letter of the top row in view at `offset`, which the index bar highlights.
    static func currentLetter(_ catalog: HonourCatalog, layout: HonoursScene.Layout, matches: [Int], offset: Double) -> String? {
        guard !matches.isEmpty, layout.rowPitch > 0 else { return nil }
        let topIndex = min(matches.count - 1, max(0, Int((max(0, offset) / layout.rowPitch).rounded()) * layout.columns))
        return catalog.indexLetters[matches[topIndex]]
    }

    /// The Vietnamese alphabet along the bottom. A letter with recipients glides the list to
    /// the first of them; letters without any are dimmed and do nothing; the letter of the
    /// top row in view is highlighted.
    static func drawIndexBar(_ ctx: FrameContext, _ bar: Rect, layout: HonoursScene.Layout, matches: [Int], offset: Double,
                             into frame: inout Frame) {
        let t = ctx.theme
        let catalog = ctx.content.catalog
        let starts = catalog.letterStarts(in: matches)
        let alphabet = VietnameseCollation.alphabet
        let width = (bar.width / Double(alphabet.count)).rounded(.down)
        let left = bar.x + ((bar.width - width * Double(alphabet.count)) / 2).rounded(.down)
        let current = currentLetter(catalog, layout: layout, matches: matches, offset: offset)
        let font = t.font(19, .bold)
        frame.add(FramedFill.commands(bar, frame: t.panelBorder, inside: t.panel))
        for (i, letter) in alphabet.enumerated() {
            let r = Rect(x: left + Double(i) * width, y: bar.y, width: width, height: bar.height)
            let start = starts[letter]
            if letter == current { frame.add(.fill(r.inset(t.len(3)), t.primary)) }
            let color = letter == current ? t.onPrimary : start == nil ? t.mutedText.withOpacity(0.35) : t.heading
            let w = ctx.measurer.width(of: letter, font: font)
            frame.add(.text(letter, x: (r.x + (r.width - w) / 2).rounded(), y: (r.y + (r.height - ctx.measurer.lineHeight(of: font)) / 2).rounded(),
                            font: font, color: color, maxWidth: nil))
            if let start {
                let row = Double(start / layout.columns)
                frame.target(r, .indexLetter(letter, offset: row * layout.rowPitch))
            }
        }
    }
}
