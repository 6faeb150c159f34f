import CSDL2
import Foundation
import KioskCore
import KioskData
import KioskRender
import Testing

/// Golden frames of every scene at 1280×720 from the demo data, through the software renderer.
/// A mismatch writes `NAME.actual.png` beside the expected frame; look at both before re-recording.
@Suite(.serialized) struct GoldenSceneTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = packageRoot.appendingPathComponent("Tests/KioskRenderTests/Golden")
    static let demo = DataFolderLoader(root: packageRoot.appendingPathComponent("Assets/demo").path).load(previous: nil)
    /// A Wednesday morning inside the demo visitor log's year, halfway through a slide.
    static let instant = ISO8601DateFormatter().date(from: "2026-11-18T09:41:03+07:00")!

    static let scriptFolder = packageRoot.appendingPathComponent("Tests/KioskRenderTests/Scripts")

    /// The frame `name`.png shows: `scene` at the instant, after `script` (a file of
    /// Scripts/, played as `kiosk render --script` plays it) when one is given.
    func check(_ name: String, scene: SceneID, language: DisplayLanguage = .vi, at offset: Double = 0,
               motion: CounterMotion = CounterMotion(), script: String? = nil, night: Bool = false) throws {
        let frame = try OffscreenFrame(width: 1280, height: 720)
        var content = Self.demo
        content.settings.language = language
        if night { content.settings.schedule.night = .allDay }
        var state = KioskState(homeScene: scene, language: language)
        state.counterMotion = motion
        var now = Self.instant.addingTimeInterval(offset)
        if let script {
            let path = Self.scriptFolder.appendingPathComponent(script).path
            let input = try InputScript.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
            now = ScriptPlayer.play(input, on: &state, from: now) { state, instant in
                FrameBuilder.build(FrameContext(width: 1280, height: 720, now: instant, content: content, state: state,
                                                measurer: frame.measurer, images: AllImagesReady()))
            }
        }
        let ctx = FrameContext(width: 1280, height: 720, now: now, content: content,
                               state: state, measurer: frame.measurer, images: AllImagesReady())
        frame.pictureBrightness = ctx.theme.pictureBrightness
        frame.render(FrameBuilder.build(ctx).allCommands, background: ctx.theme.background)
        let result = GoldenFrame.compare(frame, expectedPNG: Self.goldenFolder.appendingPathComponent("\(name).png").path)
        #expect(result.matches, "\(result)")
    }

    /// SDL_ttf has no font fallback: a character the face lacks is drawn as an empty box. Every
    /// character of every scene, in both languages, must be in the face.
    @Test func everyCharacterOnScreenIsInTheFont() throws {
        let frame = try OffscreenFrame(width: 1280, height: 720)
        var content = Self.demo
        content.problems = [Problem(path: "honours.csv", line: 2, severity: .error, message: "x")]
        var missing: Set<String> = []
        for language in DisplayLanguage.allCases {
            content.settings.language = language
            var states = SceneID.allCases.map { KioskState(homeScene: $0, language: language) }
            // The honour roll's keyboard, card and empty search have labels of their own.
            var browsing = KioskState(homeScene: .honours, language: language)
            browsing.browser.keyboardOpen = true
            browsing.browser.card = 0
            browsing.browser.query.search = "x"
            states.append(browsing)
            browsing.browser.card = nil
            browsing.browser.query.search = "zzzz"
            states.append(browsing)
            // The gallery's controls, its way home and the album picker.
            var gallery = KioskState(homeScene: .lobby, language: language)
            gallery.apply(.showScene(.gallery), at: Self.instant.addingTimeInterval(-10))
            gallery.slideshow.controlsUntil = Self.instant.addingTimeInterval(5)
            states.append(gallery)
            gallery.slideshow.pickerOpen = true
            states.append(gallery)
            for state in states {
                let ctx = FrameContext(width: 1280, height: 720, now: Self.instant, content: content,
                                       state: state, measurer: frame.measurer)
                for case .text(let text, _, _, let font, _, _) in FrameBuilder.build(ctx).allCommands.withTapesWrittenOut {
                    let face = try frame.fonts.font(font)
                    for scalar in text.unicodeScalars where TTF_GlyphIsProvided32(face, scalar.value) == 0 {
                        missing.insert("U+\(String(scalar.value, radix: 16, uppercase: true)) in \"\(text)\"")
                    }
                }
            }
        }
        #expect(missing.isEmpty, "\(missing.sorted())")
    }

    @Test func demoDataLoadsWithoutErrors() {
        #expect(Self.demo.problems.filter { $0.severity == .error }.isEmpty, "\(Self.demo.problems)")
        #expect(Self.demo.honours.count >= 40)
        #expect(Self.demo.albums.count >= 3)
    }

    @Test func lobby() throws { try check("lobby", scene: .lobby) }
    @Test func lobbyInEnglish() throws { try check("lobby-en", scene: .lobby, language: .en) }
    /// 0.6 s into a slide: the crossfade is halfway.
    @Test func lobbyMidCrossfade() throws {
        let slide = Self.demo.settings.slideSeconds
        let intoSlide = Self.instant.timeIntervalSince1970.truncatingRemainder(dividingBy: slide)
        try check("lobby-crossfade", scene: .lobby, at: slide - intoSlide + Self.demo.settings.crossfadeSeconds / 2)
    }
    @Test func honours() throws { try check("honours", scene: .honours) }
    @Test func honoursInEnglish() throws { try check("honours-en", scene: .honours, language: .en) }
    /// Individuals, 2024, Bằng khen: three chips chosen.
    @Test func honoursFiltered() throws { try check("honours-filters", scene: .honours, script: "filters.script") }
    /// "thang" typed on the on-screen keyboard, key by key.
    @Test func honoursKeyboard() throws { try check("honours-keyboard", scene: .honours, script: "keyboard.script") }
    @Test func honoursKeyboardInEnglish() throws {
        try check("honours-keyboard-en", scene: .honours, language: .en, script: "keyboard.script")
    }
    /// "thang" typed, keyboard closed: Thăng and Thắng.
    @Test func honoursSearchResults() throws { try check("honours-search", scene: .honours, script: "search-results.script") }
    @Test func honoursNoResults() throws { try check("honours-no-results", scene: .honours, script: "no-results.script") }
    @Test func honoursCard() throws { try check("honours-card", scene: .honours, script: "card.script") }
    @Test func honoursCardInEnglish() throws { try check("honours-card-en", scene: .honours, language: .en, script: "card.script") }
    /// The list after touching T in the index.
    @Test func honoursIndexLetter() throws { try check("honours-letter", scene: .honours, script: "scrolled.script") }
    /// A quarter second after a flick: rows cut by the list's edge.
    @Test func honoursFling() throws { try check("honours-fling", scene: .honours, script: "fling.script") }
    /// Halfway through the fade from the lobby to the honour roll.
    @Test func lobbyFadingToHonours() throws { try check("lobby-fade", scene: .lobby, script: "fade.script") }
    @Test func gallery() throws { try check("gallery", scene: .gallery) }
    // Chế độ ban đêm: the night palette, and photos dimmed.
    @Test func lobbyAtNight() throws { try check("lobby-night", scene: .lobby, night: true) }
    @Test func honoursCardAtNight() throws { try check("honours-card-night", scene: .honours, script: "card.script", night: true) }
    @Test func galleryAtNight() throws { try check("gallery-night", scene: .gallery, night: true) }
    @Test func counterAtNight() throws { try check("counter-night", scene: .counter, night: true) }
    @Test func counter() throws { try check("counter", scene: .counter) }

    /// Figures that changed `elapsed` seconds ago, by `deltas` (row: how much they grew), as the
    /// main loop would have seen them: the figures before, then the demo's at the change.
    static func motion(_ deltas: [Int: Int], elapsed: Double) -> CounterMotion {
        let figures = CounterPanel.figures(demo, at: instant).inDisplayOrder
        var before = figures
        for (row, delta) in deltas { before[row] -= delta }
        var motion = CounterMotion()
        let start = instant.addingTimeInterval(-elapsed)
        motion.observe(before, at: start.addingTimeInterval(-1))
        motion.observe(figures, at: start)
        return motion
    }

    /// 0.25 s into a roll: today up by one (units only), this week up by 19 (units and tens, the
    /// tens a moment behind), the total up by 1,000, and "now" down from 101 (a digit fewer: the
    /// whole figure rolls down).
    @Test func counterRolling() throws {
        try check("counter-rolling", scene: .counter, motion: Self.motion([0: -72, 1: 1, 2: 19, 5: 1000], elapsed: 0.25))
    }

    /// The lobby's counter panel in the same roll.
    @Test func lobbyCounterRolling() throws {
        try check("lobby-rolling", scene: .lobby, motion: Self.motion([0: -72, 1: 1, 2: 19, 3: 7], elapsed: 0.25))
    }
}
