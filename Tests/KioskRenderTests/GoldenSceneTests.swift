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

    func check(_ name: String, scene: SceneID, language: DisplayLanguage = .vi, at offset: Double = 0,
               motion: CounterMotion = CounterMotion()) throws {
        let frame = try OffscreenFrame(width: 1280, height: 720)
        var content = Self.demo
        content.settings.language = language
        var state = KioskState(homeScene: scene, language: language)
        state.counterMotion = motion
        let ctx = FrameContext(width: 1280, height: 720, now: Self.instant.addingTimeInterval(offset), content: content,
                               state: state, measurer: frame.measurer, images: AllImagesReady())
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
            for scene in SceneID.allCases {
                let ctx = FrameContext(width: 1280, height: 720, now: Self.instant, content: content,
                                       state: KioskState(homeScene: scene, language: language), measurer: frame.measurer)
                for case .text(let text, _, _, let font, _, _) in FrameBuilder.build(ctx).allCommands {
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
    @Test func gallery() throws { try check("gallery", scene: .gallery) }
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
