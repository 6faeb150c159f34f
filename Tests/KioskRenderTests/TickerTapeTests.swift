import CSDL2
import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The ticker drawn as a tape composed once and copied (`TapeCache`) against the ticker as it
/// was drawn before, a text and a dot per headline blended by SDL on every tick: the same pixels.
@Suite struct TickerTapeTests {
    static let headlines = [
        "Lễ trao Huân chương Lao động hạng Nhì cho Hội hữu nghị Việt Nam – Lào",
        "Kỷ niệm 79 năm Ngày Quốc khánh 2/9",
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 — Tỉnh ủy Quảng Ngãi",
        "Tin ngắn",
        // Stacked marks above and below the line, descenders: the glyphs that reach furthest.
        "ẤẦẨẪẬ ẮẰẲẴẶ ẾỀỂỄỆ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỴỶỸ gjpqy ỷỹỵ",
    ]

    /// The strip as TickerStrip drew it before the tape (kept here as the reference): the strip
    /// fill, each visible headline and its dot clipped to the lane, then the label box.
    func oldStrip(_ ctx: FrameContext) -> [DrawCommand] {
        let headlines = ctx.content.ticker
        let widths = headlines.map { ctx.measurer.width(of: $0, font: ctx.theme.font(22)) }
        let t = ctx.theme
        let h = TickerStrip.height(ctx)
        let top = ctx.height - h
        var out: [DrawCommand] = [.fill(Rect(x: 0, y: top, width: ctx.width, height: h), t.primaryDark)]
        let labelFont = t.font(20, .bold)
        let label = ctx.labels.ticker
        let labelWidth = ctx.measurer.width(of: label, font: labelFont) + t.len(32)
        let textFont = t.font(22)
        let textY = top + (h - ctx.measurer.lineHeight(of: textFont)) / 2
        let lane = Rect(x: labelWidth, y: top, width: max(0, ctx.width - labelWidth), height: h)
        let gap = t.len(56)
        let cycle = widths.reduce(0, +) + gap * Double(widths.count)
        let speed = ctx.content.settings.tickerSpeed * t.scale
        let offset = (ctx.clock * speed).truncatingRemainder(dividingBy: max(cycle, 1)).rounded()
        out.append(.clip(lane))
        var x = lane.x + t.len(16) - offset
        var index = 0
        while x < lane.maxX {
            let width = widths[index]
            if x + width + gap > lane.x {
                out.append(.text(headlines[index], x: x, y: textY, font: textFont, color: t.onPrimary, maxWidth: nil))
                out.append(.fill(Rect(x: x + width + gap / 2 - t.len(4), y: top + h / 2 - t.len(4),
                                      width: t.len(8), height: t.len(8)), t.accent))
            }
            x += width + gap
            index = (index + 1) % headlines.count
        }
        out.append(.clip(nil))
        out.append(.fill(Rect(x: 0, y: top, width: labelWidth, height: h), t.primary))
        out.append(.text(label, x: t.len(16), y: top + (h - ctx.measurer.lineHeight(of: labelFont)) / 2,
                         font: labelFont, color: t.accent, maxWidth: nil))
        return out
    }

    /// A lobby context at the instant where the ticker has moved `offset` pixels in its cycle
    /// (the speed is one pixel a second, so the clock is the offset plus whole cycles).
    func context(_ frame: OffscreenFrame, headlines: [String], offset: Int, night: Bool, language: DisplayLanguage) -> FrameContext {
        var content = KioskContent(ticker: headlines, dataFolder: "/data")
        content.settings.language = language
        if night { content.settings.schedule.night = .allDay }
        let theme = Theme(width: Double(frame.width), height: Double(frame.height))
        content.settings.tickerSpeed = 1 / theme.scale
        let probe = FrameContext(width: Double(frame.width), height: Double(frame.height), now: Date(timeIntervalSince1970: 0),
                                 content: content, state: KioskState(homeScene: .lobby, language: language), measurer: frame.measurer)
        var tape: TickerTape?
        var built = Frame(until: probe.now)
        TickerStrip.draw(probe, into: &built)
        for case .tape(let t, _, _) in built.moving { tape = t }
        let cycle = Int(tape!.cycle)
        // A few cycles on, so the offset comes from wrapping round as on a running screen.
        let now = Date(timeIntervalSince1970: Double(1_000 * cycle + offset))
        return FrameContext(width: Double(frame.width), height: Double(frame.height), now: now, content: content,
                            state: KioskState(homeScene: .lobby, language: language), measurer: frame.measurer)
    }

    /// Draws the new strip on a canvas drawing directly and the old one on a canvas where SDL
    /// draws everything, at each offset, and expects the same pixels and the tape really used.
    func expectSame(width: Int, height: Int, headlines: [String], offsets: (Int) -> [Int], night: Bool = false,
                    language: DisplayLanguage = .vi, maxTapeBytes: Int? = nil, layered: Bool = false,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let tapeFrame = try OffscreenFrame(width: width, height: height)
        let oldFrame = try OffscreenFrame(width: width, height: height)
        oldFrame.canvas.directPixels = false
        if let maxTapeBytes { tapeFrame.canvas.maxTapeBytes = maxTapeBytes }
        let probe = context(tapeFrame, headlines: headlines, offset: 0, night: night, language: language)
        var first = Frame(until: probe.now)
        TickerStrip.draw(probe, into: &first)
        guard case .tape(let tape, _, _)? = first.moving.first(where: { if case .tape = $0 { true } else { false } }) else {
            Issue.record("no tape", sourceLocation: sourceLocation)
            return
        }
        #expect(tape.isWholePixels, sourceLocation: sourceLocation)
        let background: [DrawCommand] = [.fill(Rect(x: 0, y: 0, width: Double(width), height: Double(height)), probe.theme.background)]
        for offset in offsets(Int(tape.cycle)) {
            let ctx = context(tapeFrame, headlines: headlines, offset: offset, night: night, language: language)
            var frame = Frame(until: ctx.now)
            TickerStrip.draw(ctx, into: &frame)
            if layered {
                tapeFrame.render(background + frame.commands, moving: frame.moving, background: ctx.theme.background)
                oldFrame.render(background, moving: oldStrip(ctx), background: ctx.theme.background)
            } else {
                tapeFrame.render(background + frame.allCommands, background: ctx.theme.background)
                oldFrame.render(background + oldStrip(ctx), background: ctx.theme.background)
            }
            let (count, largest) = GoldenFrame.differences(tapeFrame.pixels(), oldFrame.pixels(), channelTolerance: 0)
            #expect(count == 0, "offset \(offset) of \(Int(tape.cycle)): \(count) pixels differ, by up to \(largest)",
                    sourceLocation: sourceLocation)
            if count > 0 {
                try? tapeFrame.writePNG(to: artifactFolder + "/tape-\(width)-\(offset).png")
                try? oldFrame.writePNG(to: artifactFolder + "/old-\(width)-\(offset).png")
            }
        }
        #expect(tapeFrame.canvas.tapeStatistics.composed > 0, "the tape was drawn from its commands", sourceLocation: sourceLocation)
    }

    /// The start, inside the lead, mid-cycle, the wrap-around (the cycle's last pixels, and an
    /// offset that rounds up to the whole cycle) and a tile's edge.
    func offsets(_ cycle: Int) -> [Int] {
        [0, 1, 7, 16, 17, 333, 1023, 1024, 1025, cycle / 2, cycle - 700, cycle - 31, cycle - 1, cycle].filter { $0 >= 0 && $0 <= cycle }
    }

    @Test func theTapeGivesTheOldStripsPixelsAtEveryOffset() throws {
        try expectSame(width: 1280, height: 720, headlines: Self.headlines, offsets: offsets)
    }

    /// 1.5 and 0.67 times the reference size: other fonts and lengths, an odd gap whose dots lie
    /// on half pixels.
    @Test func atOtherScreenSizes() throws {
        try expectSame(width: 1920, height: 1080, headlines: Self.headlines, offsets: offsets)
        try expectSame(width: 853, height: 480, headlines: Self.headlines, offsets: offsets)
    }

    /// A ticker shorter than the lane: the window wraps round the tape more than once.
    @Test func aShortTickerRepeatsAcrossTheLane() throws {
        try expectSame(width: 1280, height: 720, headlines: ["Tin một"], offsets: { cycle in Array(stride(from: 0, through: cycle, by: 13)) })
    }

    /// Night palette, English label, through the still layer as a window draws.
    @Test func atNightInEnglishThroughTheStillLayer() throws {
        try expectSame(width: 1280, height: 720, headlines: Self.headlines, offsets: offsets, night: true, language: .en, layered: true)
    }

    /// Tiles beyond the bound are dropped and composed again when the band comes round.
    @Test func aBoundedTapeComposesTilesAgain() throws {
        let frame = try OffscreenFrame(width: 1280, height: 720)
        frame.canvas.maxTapeBytes = 1
        let long = Self.headlines + Self.headlines.map { $0 + " (tiếp)" }
        var composed = 0, cycle = 0
        for offset in stride(from: 0, to: 12_000, by: 500) {
            let ctx = context(frame, headlines: long, offset: offset, night: false, language: .vi)
            var built = Frame(until: ctx.now)
            TickerStrip.draw(ctx, into: &built)
            for case .tape(let tape, _, _) in built.moving { cycle = Int(tape.cycle) }
            frame.render(built.allCommands, background: ctx.theme.background)
            let stats = frame.canvas.tapeStatistics
            // Only what one window shows is kept: the lane spans at most three tiles.
            #expect(stats.tiles <= 3 && stats.bytes <= 3 * TapeCache.tileWidth * 52 * 4)
            composed = stats.composed
        }
        // More tiles composed than the tape has: some were composed again.
        #expect(composed > (cycle + TapeCache.tileWidth - 1) / TapeCache.tileWidth, "\(composed) tiles for a tape of \(cycle)")
        try expectSame(width: 1280, height: 720, headlines: long, offsets: offsets, maxTapeBytes: 1)
    }

    /// The label box and the lane cover the strip together, so a tick needn't restore the strip
    /// from the still layer first; anything blended on a part not yet covered means it must.
    @Test func theBoxAndTheLaneCoverTheStripTogether() throws {
        let frame = try OffscreenFrame(width: 400, height: 300)
        let ctx = context(frame, headlines: ["Tin một"], offset: 5, night: false, language: .vi)
        var built = Frame(until: ctx.now)
        TickerStrip.draw(ctx, into: &built)
        let box = built.moving[0], tape = built.moving[1], label = built.moving[2], plain = Array(built.moving[3...])
        guard case .tape(_, _, let laneRect) = tape else { return }
        let lane = ImageFitting.pixels(laneRect), strip = ImageFitting.pixels(built.movingAreas[0])
        func covered(_ commands: [DrawCommand], _ region: SDL_Rect) -> Bool {
            Damage.opaquelyCovered(region, by: commands, width: 400, height: 300, measurer: frame.measurer)
        }
        #expect(covered([tape], lane))
        #expect(!covered([tape], strip))
        #expect(!covered([box, tape, label], strip), "the plain rows above and below the tape's band")
        #expect(covered([box, tape, label] + plain, strip))
        #expect(covered(oldStrip(ctx), strip))
        #expect(!covered([label, box, tape], strip), "the label blended before the box")
        let veil = DrawCommand.fill(Rect(x: 0, y: 0, width: 400, height: 300), Color(0, 0, 0, 128))
        #expect(!covered([veil, tape], lane))
        #expect(covered([tape, veil], lane))
        #expect(Damage.subtract(SDL_Rect(x: 10, y: 10, w: 5, h: 5), from: SDL_Rect(x: 0, y: 0, w: 30, h: 30))
            .reduce(0) { $0 + Int($1.w * $1.h) } == 900 - 25)
    }
}
