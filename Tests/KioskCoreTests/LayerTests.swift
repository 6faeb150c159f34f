import Foundation
import Testing
@testable import KioskCore

@Suite struct LayerTests {
    /// Between two ticks of the ticker only the moving layer may change, so the renderer can
    /// keep the still layer.
    @Test func theStillLayerDoesNotChangeBetweenTicks() {
        let start = instant("2024-06-11T09:30:03+07:00")
        func frame(_ offset: Double) -> Frame {
            FrameBuilder.build(FrameContext(width: 1280, height: 720, now: start.addingTimeInterval(offset),
                                            content: sampleContent(), state: KioskState(), measurer: FixedMeasurer()))
        }
        let a = frame(0), b = frame(1.0 / 60)
        #expect(a.commands == b.commands)
        #expect(a.moving != b.moving)
        #expect(a.movingAreas.count == 1)
    }

    /// During a crossfade the photo joins the moving layer, so only it and the ticker are
    /// redrawn; its caption (in the still layer) may change once, halfway.
    @Test func aCrossfadeMovesOnlyThePhoto() {
        let slotStart = instant("2024-06-11T09:30:00+07:00")   // a multiple of 8 s since 1970
        var content = sampleContent()
        content.albums[0].photos.append(Photo(path: "gallery/a/3.jpg"))
        func frame(_ offset: Double) -> Frame {
            FrameBuilder.build(FrameContext(width: 1280, height: 720, now: slotStart.addingTimeInterval(offset),
                                            content: content, state: KioskState(), measurer: FixedMeasurer()))
        }
        let early = frame(0.1), later = frame(0.3), after = frame(2)
        #expect(early.commands == later.commands)
        #expect(early.movingAreas.count == 2)
        #expect(early.moving.contains { if case .image = $0 { return true } else { return false } })
        #expect(after.movingAreas.count == 1)
        #expect(!after.moving.contains { if case .image = $0 { return true } else { return false } })

        // Two photos during the fade, the one after them asked for only once it is over: a
        // third panel-sized slide held through every fade made the lobby's peak memory.
        func photos(_ f: Frame) -> Set<String> {
            Set(f.allCommands.compactMap { command -> String? in
                switch command {
                case .image(let ref, _, _, _), .prefetch(let ref, _, _): ref.kind == .picture ? nil : ref.path
                default: nil
                }
            })
        }
        #expect(photos(early).count == 2, "\(photos(early))")
        #expect(photos(after).count == 2 && photos(after) != photos(early), "\(photos(after))")
        // The fade advances in steps of a thirtieth of a second: within one, the photos are the same.
        func opacities(_ f: Frame) -> [Double] {
            f.moving.compactMap { if case .image(_, _, _, let opacity) = $0 { opacity } else { nil } }
        }
        let step = 1 / FrameBuilder.panelFadeSteps
        let stepStart = (slotStart.timeIntervalSinceReferenceDate / step + 4).rounded(.up) * step - slotStart.timeIntervalSinceReferenceDate
        #expect(opacities(frame(stepStart + step * 0.2)) == opacities(frame(stepStart + step * 0.7)))
        #expect(opacities(frame(stepStart + step * 0.7)) != opacities(frame(stepStart + step * 1.2)))
    }

    /// A tick that only moves the ticker redraws the moving layer from the frame's parts; the
    /// result is the frame a whole build would give, until the still layer's next change.
    @Test func advancingATickGivesTheBuiltFrame() throws {
        let start = instant("2024-06-11T09:30:03+07:00")
        func context(_ offset: Double) -> FrameContext {
            FrameContext(width: 1280, height: 720, now: start.addingTimeInterval(offset),
                         content: sampleContent(), state: KioskState(), measurer: FixedMeasurer())
        }
        var shown = FrameBuilder.build(context(0))
        #expect(shown.stillUntil > start.addingTimeInterval(1), "the lobby's still layer holds for more than a second here")
        #expect(shown.nextChange <= start.addingTimeInterval(1.0 / 60 + 0.001), "the ticker's next tick")
        for tick in 1...30 {
            let offset = Double(tick) / 60
            let advanced = try #require(FrameBuilder.advance(shown, to: context(offset)), "tick \(tick)")
            let built = FrameBuilder.build(context(offset))
            #expect(advanced.commands == built.commands)
            #expect(advanced.moving == built.moving, "tick \(tick)")
            #expect(advanced.movingAreas == built.movingAreas)
            #expect(advanced.nextChange == built.nextChange, "tick \(tick)")
            shown = advanced
        }
        // At the still layer's change (the next minute, a slide) the whole frame is built again.
        #expect(FrameBuilder.advance(shown, to: context(shown.stillUntil.timeIntervalSince(start))) == nil)
    }

    /// Moving commands drawn outside a part (a rolling counter figure) cannot be redrawn from the
    /// parts alone, so such a frame is never advanced.
    @Test func aFrameWithLooseMovingCommandsIsBuiltAgain() {
        let start = instant("2024-06-11T09:30:03+07:00")
        var state = KioskState()
        let figures = CounterPanel.figures(sampleContent(), at: start)
        var before = figures
        before.total -= 1
        state.apply(.figuresShown(before), at: start)
        state.apply(.figuresShown(figures), at: start)
        let ctx = FrameContext(width: 1280, height: 720, now: start.addingTimeInterval(0.1), content: sampleContent(),
                               state: state, measurer: FixedMeasurer())
        let frame = FrameBuilder.build(ctx)
        #expect(frame.hasLooseMoving)
        var later = ctx
        later.now = start.addingTimeInterval(0.1 + 1.0 / 60)
        #expect(FrameBuilder.advance(frame, to: later) == nil)
    }
}
