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
        func frame(_ offset: Double) -> Frame {
            FrameBuilder.build(FrameContext(width: 1280, height: 720, now: slotStart.addingTimeInterval(offset),
                                            content: sampleContent(), state: KioskState(), measurer: FixedMeasurer()))
        }
        let early = frame(0.1), later = frame(0.3), after = frame(2)
        #expect(early.commands == later.commands)
        #expect(early.movingAreas.count == 2)
        #expect(early.moving.contains { if case .image = $0 { return true } else { return false } })
        #expect(after.movingAreas.count == 1)
        #expect(!after.moving.contains { if case .image = $0 { return true } else { return false } })
    }
}
