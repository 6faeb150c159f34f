import Foundation
import Testing
@testable import KioskCore

/// The schedule on a running screen, on an injected clock and through real frames: night, off,
/// the commands at the changes and the playlist, with a visitor in the middle of it.
struct ScheduleDirectorTests {
    /// A lobby screen with a schedule, stepped through time as the main loop steps it.
    struct ScheduledScreen: ScreenVisitor {
        var state = KioskState()
        var director = ScheduleDirector()
        var content = sampleContent()
        var now: Date
        var commands: [String] = []

        init(at start: String, _ configure: (inout ScheduleSettings) -> Void) {
            now = instant(start)
            configure(&content.settings.schedule)
            advance(0)
        }

        func frame() -> Frame {
            FrameBuilder.build(FrameContext(width: 1280, height: 720, now: now, content: content, state: state, measurer: FixedMeasurer()))
        }

        /// Moves the clock on, looking at the schedule as the loop does at every wake-up.
        mutating func advance(_ seconds: Double) {
            now = now.addingTimeInterval(seconds)
            state.expireIdle(at: now, map: frame().interaction)
            let outcome = director.apply(at: now, settings: content.settings, state: &state)
            if let command = outcome.command { commands.append(command.key) }
        }

        var background: Color? {
            if case .fill(_, let color)? = frame().commands.first { return color }
            return nil
        }
    }

    static func evening(_ schedule: inout ScheduleSettings) {
        schedule.night = DailyHours([HoursRange(18, 30, 6, 0)])
        schedule.off = DailyHours([HoursRange(22, 0, 5, 30)])
        schedule.offCommand = "cec-ctl --standby"
        schedule.onCommand = "cec-ctl --image-view-on"
    }

    @Test func dayNightOffAndBackThroughAWholeNight() {
        var screen = ScheduledScreen(at: "2024-06-11T18:29:00+07:00", Self.evening)
        let day = Theme(width: 1280, height: 720)
        #expect(screen.director.mode == .day)
        // Starting in open hours wakes the display, which a night's power cut may have left in standby.
        #expect(screen.commands == ["on_command"])
        #expect(screen.background == day.background)
        // The loop sleeps until the next change, which is exactly 18:30.
        #expect(screen.director.nextWake == instant("2024-06-11T18:30:00+07:00"))

        screen.advance(60)
        #expect(screen.director.mode == .night)
        #expect(screen.background == Theme(width: 1280, height: 720, night: true).background)
        #expect(screen.frame().interaction.targets.isEmpty == false, "the night screen is still touchable")

        // A visitor is browsing the honour roll at 21:59 when the screen goes off.
        screen.advance(3 * 3600 + 29 * 60)
        screen.tap(x: 1000, y: 500)
        #expect(screen.state.scene == .honours)
        screen.advance(60 - 0.08)
        #expect(screen.director.mode == .off)
        #expect(screen.commands == ["on_command", "off_command"])
        let dark = screen.frame()
        #expect(dark.allCommands.count == 1 && screen.background == Color(0, 0, 0))
        #expect(dark.interaction.targets.isEmpty, "a dark screen offers nothing to touch")
        #expect(dark.nextChange == instant("2024-06-12T05:30:00+07:00"), "the dark frame sleeps until the screen comes on")
        #expect(screen.state.scene == .lobby && screen.state.lastInteraction == nil, "the visitor was not forgotten")

        // 05:30: on again, in the night palette until 06:00, and on_command runs once.
        screen.advance(instant("2024-06-12T05:30:00+07:00").timeIntervalSince(screen.now))
        #expect(screen.director.mode == .night)
        #expect(screen.commands == ["on_command", "off_command", "on_command"])
        #expect(screen.state.fadeProgress(at: screen.now) == nil, "the screen coming on faded from the night before")
        screen.advance(30 * 60)
        #expect(screen.director.mode == .day)
        #expect(screen.commands == ["on_command", "off_command", "on_command"])
    }

    @Test func startingInOffHoursTurnsTheDisplayOffToo() {
        var screen = ScheduledScreen(at: "2024-06-11T23:00:00+07:00", Self.evening)
        #expect(screen.director.mode == .off)
        #expect(screen.commands == ["off_command"], "a restart at night must not leave the display on")
        screen.advance(600)
        #expect(screen.commands == ["off_command"])
    }

    @Test func closedDaysAreOffAllDay() {
        var screen = ScheduledScreen(at: "2024-06-14T16:59:00+07:00") { schedule in   // a Friday
            var week = WeeklyHours()
            for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { week[day] = DailyHours([HoursRange(7, 0, 17, 0)]) }
            schedule.opening = week
        }
        #expect(screen.director.mode == .day)
        screen.advance(60)
        #expect(screen.director.mode == .off)
        // Saturday and Sunday are closed: the next change is Monday 07:00.
        #expect(screen.director.nextWake <= instant("2024-06-17T07:00:00+07:00"))
        screen.advance(instant("2024-06-17T06:59:00+07:00").timeIntervalSince(screen.now))
        #expect(screen.director.mode == .off)
        screen.advance(60)
        #expect(screen.director.mode == .day)
    }

    @Test func thePlaylistCyclesTheUnattendedScreenAndWaitsForAVisitor() {
        var screen = ScheduledScreen(at: "2024-06-11T09:00:00+07:00") { schedule in
            schedule.playlist = [PlaylistStep(scene: .lobby, seconds: 60), PlaylistStep(scene: .gallery, seconds: 30),
                                 PlaylistStep(scene: .counter, seconds: 15)]
        }
        let first = screen.content.settings.schedule.playlistScene(at: screen.now)!
        #expect(screen.state.scene == first.scene)
        // Walk to the start of the lobby's turn.
        while screen.content.settings.schedule.playlistScene(at: screen.now)!.index != 0 { screen.advance(1) }
        screen.advance(0)
        #expect(screen.state.scene == .lobby)
        let lobbyEnds = screen.content.settings.schedule.playlistScene(at: screen.now)!.until
        #expect(screen.director.nextWake <= lobbyEnds)

        // Unattended, the screen fades to the gallery when the lobby's turn ends.
        screen.advance(lobbyEnds.timeIntervalSince(screen.now))
        #expect(screen.state.scene == .gallery)
        #expect(screen.state.fadeProgress(at: screen.now) != nil, "the playlist changes scene with a fade")

        // A visitor pauses the gallery; the counter's turn comes and goes without taking the screen.
        screen.advance(1)
        screen.tap(x: 640, y: 360)
        #expect(screen.state.slideshow.pausedAt != nil)
        screen.advance(30)
        #expect(screen.state.scene == .gallery, "the playlist took the screen from a visitor")
        #expect(screen.state.homeScene != .gallery)
        // When the visitor has left (idle_seconds), the screen returns to the playlist's scene of the moment.
        screen.advance(screen.state.idleSeconds)
        let expected = screen.content.settings.schedule.playlistScene(at: screen.now)!.scene
        #expect(screen.state.homeScene == expected && screen.state.scene == expected)
    }

    @Test func aFixedSceneIgnoresThePlaylist() {
        var screen = ScheduledScreen(at: "2024-06-11T09:00:00+07:00") { schedule in
            schedule.playlist = [PlaylistStep(scene: .gallery, seconds: 30), PlaylistStep(scene: .counter, seconds: 15)]
        }
        screen.director = ScheduleDirector(fixedScene: .honours)
        screen.state = KioskState(homeScene: .honours)
        for _ in 0..<10 { screen.advance(10) }
        #expect(screen.state.scene == .honours)
    }

    @Test func removingThePlaylistReturnsToTheLobby() {
        var screen = ScheduledScreen(at: "2024-06-11T09:00:00+07:00") { schedule in
            schedule.playlist = [PlaylistStep(scene: .counter, seconds: 3600)]
        }
        #expect(screen.state.scene == .counter)
        screen.content.settings.schedule.playlist = []
        screen.director.settingsChanged()
        screen.advance(1)
        #expect(screen.state.homeScene == .lobby)
    }

    @Test func aClockSetBackLooksAgainAtOnce() {
        // 22:10, off; then the clock is set back to 21:40, inside the night hours before "off".
        var screen = ScheduledScreen(at: "2024-06-11T22:10:00+07:00", Self.evening)
        #expect(screen.director.mode == .off)
        // Every deadline the director holds is now half an hour late: it must not wait for them.
        screen.advance(-30 * 60)
        #expect(screen.director.mode == .night, "the screen stayed dark after the clock was set back")
        #expect(screen.commands == ["off_command", "on_command"])
        // And set forward past 22:00 again: off at once.
        screen.advance(30 * 60)
        #expect(screen.director.mode == .off)
    }

    @Test func theFirstPictureCutsToThePlaylistsScene() {
        var screen = ScheduledScreen(at: "2024-06-11T09:00:00+07:00") { schedule in
            schedule.playlist = [PlaylistStep(scene: .counter, seconds: 3600)]
        }
        #expect(screen.state.scene == .counter)
        #expect(screen.state.fadeProgress(at: screen.now) == nil, "the first frame fades from a lobby nobody saw")
    }
}
