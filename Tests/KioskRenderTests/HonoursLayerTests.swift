import Foundation
import KioskCore
@testable import KioskRender
import Testing

/// The honour roll draws what changes from frame to frame (a scrolling list, the results under
/// the keyboard, an open card) in the moving layer over a still layer the canvas keeps. Played
/// frame by frame as the screen draws them, the picture must be the one a single layer gives,
/// and a scroll must not redraw the still layer.
@Suite(.serialized) struct HonoursLayerTests {
    struct Step {
        var at: Double
        var event: InputEvent?
        var target: ((TapTarget) -> Bool)?
    }

    /// Plays `steps` at 60 frames a second for `seconds`, drawing each frame through the layers
    /// and every third (and the last) flat as well to compare; returns, per frame, whether its
    /// still layer differs from the frame before's (the canvas redraws it then).
    func play(_ steps: [Step], seconds: Double, size: (Int, Int) = (1280, 720), night: Bool = false,
              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Int] {
        let layered = try OffscreenFrame(width: size.0, height: size.1)
        let flat = try OffscreenFrame(width: size.0, height: size.1)
        var content = GoldenSceneTests.demo
        if night { content.settings.schedule.night = .allDay }
        var state = KioskState(homeScene: .honours)
        let start = GoldenSceneTests.instant
        var map = InteractionMap()
        var pending = steps
        var changes: [Int] = []
        var previous: [DrawCommand]?
        let ticks = Int(seconds * 60)
        for tick in 0...ticks {
            let now = start.addingTimeInterval(Double(tick) / 60)
            while let step = pending.first, step.at <= Double(tick) / 60 {
                pending.removeFirst()
                if let event = step.event { state.apply(.input(event), at: now, map: map) }
                if let matches = step.target, let hit = map.targets.last(where: { matches($0.target) }) {
                    let (x, y) = (hit.rect.x + hit.rect.width / 2, hit.rect.y + hit.rect.height / 2)
                    state.apply(.input(.pointerDown(x: x, y: y)), at: now, map: map)
                    state.apply(.input(.pointerUp(x: x, y: y)), at: now, map: map)
                }
            }
            let ctx = FrameContext(width: Double(size.0), height: Double(size.1), now: now, content: content, state: state,
                                   measurer: layered.measurer, images: AllImagesReady())
            let frame = FrameBuilder.build(ctx)
            map = frame.interaction
            changes.append(previous == frame.commands ? 0 : 1)
            previous = frame.commands
            layered.pictureBrightness = ctx.theme.pictureBrightness
            layered.render(frame.commands, moving: frame.moving, background: ctx.theme.background)
            guard tick % 3 == 0 || tick == ticks else { continue }
            flat.pictureBrightness = ctx.theme.pictureBrightness
            flat.render(frame.allCommands, background: ctx.theme.background)
            let (count, largest) = GoldenFrame.differences(layered.pixels(), flat.pixels(), channelTolerance: 0)
            #expect(count == 0, "frame \(tick): \(count) pixels differ, by up to \(largest)", sourceLocation: sourceLocation)
            if count > 0 { break }
        }
        return changes
    }

    static func drag(at: Double, from y0: Double, to y1: Double, seconds: Double, x: Double = 640) -> [Step] {
        let moves = max(1, Int(seconds * 60))
        return [Step(at: at, event: .pointerDown(x: x, y: y0))]
            + (1...moves).map { i in
                let f = Double(i) / Double(moves)
                return Step(at: at + seconds * f, event: .pointerMoved(x: x, y: y0 + (y1 - y0) * f))
            }
            + [Step(at: at + seconds, event: .pointerUp(x: x, y: y1))]
    }

    @Test func aDragAndItsFlingDrawTheSamePicturesWithoutRedrawingTheStillLayer() throws {
        // Down the list slowly, then a flick up that overshoots the top and springs back.
        let steps = Self.drag(at: 0.1, from: 600, to: 330.3, seconds: 0.8)
            + Self.drag(at: 1.6, from: 330, to: 640, seconds: 0.1)
        let redraws = try play(steps, seconds: 2.6)
        // From the finger's landing until the list rests again the still layer stands; it
        // changes once per rest at a new place (and on the first frame).
        #expect(redraws.first == 1)
        let during = Array(redraws[7..<96])   // 0.1 s … 1.6 s: the drag and its glide
        #expect(during.reduce(0, +) <= 1, "still layer changed \(during.reduce(0, +)) times while the list moved: \(redraws)")
        #expect(redraws.reduce(0, +) <= 3, "\(redraws)")
    }

    @Test func nightPaletteToo() throws {
        _ = try play(Self.drag(at: 0.05, from: 600, to: 200.7, seconds: 0.1), seconds: 0.5, night: true)
    }

    @Test func typingRedrawsOnlyTheFieldAndTheResults() throws {
        var steps = [Step(at: 0.05, target: { $0 == .searchField })]
        for (i, letter) in "nguyen".enumerated() {
            steps.append(Step(at: 0.2 + Double(i) * 0.1, target: { $0 == .keyboard(.character(String(letter))) }))
        }
        // A query with no match, then back to one with matches.
        for (i, letter) in "qqq".enumerated() {
            steps.append(Step(at: 0.9 + Double(i) * 0.1, target: { $0 == .keyboard(.character(String(letter))) }))
        }
        steps.append(Step(at: 1.3, target: { $0 == .keyboard(.clear) }))
        let redraws = try play(steps, seconds: 1.4)
        // The keyboard coming up changes the layout; the keystrokes after it do not.
        #expect(redraws[12...].reduce(0, +) == 0, "\(redraws)")
    }

    @Test func aCardOpensOverTheStillList() throws {
        let steps = [Step(at: 0.1, target: { if case .recipient = $0 { true } else { false } }),
                     Step(at: 0.3, target: { $0 == .nextCard }),
                     Step(at: 0.5, target: { $0 == .closeCard })]
        let redraws = try play(steps, seconds: 0.6)
        #expect(redraws.dropFirst().reduce(0, +) == 0, "\(redraws)")
    }

    @Test func fullHDAndAPortraitScreen() throws {
        _ = try play(Self.drag(at: 0.05, from: 900, to: 300.25, seconds: 0.2, x: 960), seconds: 0.5, size: (1920, 1080))
        _ = try play(Self.drag(at: 0.05, from: 1500, to: 700.5, seconds: 0.2, x: 540), seconds: 0.5, size: (1080, 1920))
    }
}
