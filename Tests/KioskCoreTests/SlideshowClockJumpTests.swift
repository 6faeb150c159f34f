import Foundation
import Testing
@testable import KioskCore

/// A slideshow pinned to the photo on screen (after the list of photos changed) when the wall
/// clock is set back or forward: the photo keeps the time it had left, nothing waits the jump out.
@Suite struct SlideshowClockJumpTests {
    let paths = ["a.jpg", "b.jpg", "c.jpg"]
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func pinned() -> SlideshowState {
        var state = SlideshowState()
        state.pin(SlideshowOnScreen(current: "b.jpg", index: 1, slideStart: t0, next: "c.jpg", previous: "a.jpg"))
        return state
    }

    @Test(arguments: [-3600.0, 3600.0])
    func aJumpMovesTheTimelineWithTheClock(jump: Double) throws {
        var state = pinned()
        let before = try #require(state.position(paths, at: t0.addingTimeInterval(3), slideSeconds: 8, fadeSeconds: 1))
        state.clockJumped(by: jump)
        let after = try #require(state.position(paths, at: t0.addingTimeInterval(3 + jump), slideSeconds: 8, fadeSeconds: 1))
        #expect(after.current == before.current)
        #expect(after.elapsed == before.elapsed)
        let wait = try #require(after.nextSlideAt).timeIntervalSince(t0.addingTimeInterval(3 + jump))
        #expect(wait == 5, "the next photo is \(wait) s away")
    }

    @Test func withoutBeingToldABackwardJumpWouldWaitAnHour() throws {
        // What the screen did before MainLoop passed jumps on: the reason for clockJumped.
        let state = pinned()
        let after = try #require(state.position(paths, at: t0.addingTimeInterval(3 - 3600), slideSeconds: 8, fadeSeconds: 1))
        #expect(try #require(after.nextSlideAt).timeIntervalSince(t0.addingTimeInterval(3 - 3600)) > 3000)
    }

    @Test func theScreenStatePassesTheJumpToTheSlideshow() {
        var state = KioskState(homeScene: .gallery, language: .vi)
        state.slideshow = pinned()
        state.clockJumped(by: -3600)
        #expect(state.slideshow.anchor?.start == t0.addingTimeInterval(-3600))
    }
}
