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
    }
}
