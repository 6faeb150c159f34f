import Foundation
import Testing
@testable import KioskCore

// The schedule against a clock given as plain Dates: 2024-06-10 is a Monday in Hanoi.

private let berlin = ZoneRules.named("Europe/Berlin")!

/// An instant on the wall clock of `zone`, built by a Gregorian calendar (so the weekdays in these
/// tests come from Foundation, not from the arithmetic the schedule uses).
private func wall(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0,
                  in zone: ZoneRules = hanoi) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone.foundation
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

private func utc(_ iso: String) -> Date { instant(iso) }

/// The example of the README: night 18:30-06:00, off 22:00-06:00, open 07:00-17:30 Monday to
/// Friday and 07:30-11:30 on Saturday, closed on Sunday.
private func lobbySchedule() -> ScheduleSettings {
    var s = ScheduleSettings()
    s.night = DailyHours([HoursRange(18, 30, 6, 0)])
    s.off = DailyHours([HoursRange(22, 0, 6, 0)])
    var week = WeeklyHours()
    for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { week[day] = DailyHours([HoursRange(7, 0, 17, 30)]) }
    week[.saturday] = DailyHours([HoursRange(7, 30, 11, 30)])
    s.opening = week
    return s
}

/// Night and off hours without opening hours.
private func nightAndOff() -> ScheduleSettings {
    var s = ScheduleSettings()
    s.night = DailyHours([HoursRange(18, 30, 6, 0)])
    s.off = DailyHours([HoursRange(22, 0, 6, 0)])
    return s
}

/// The first whole minute after `date` at which the mode differs, found by trying every minute:
/// the slow, obvious answer `nextModeChange` must agree with (every zone here has whole-minute offsets).
private func nextChangeMinuteByMinute(_ s: ScheduleSettings, after date: Date, timeZone: ZoneRules, days: Int = 9) -> Date? {
    let current = s.mode(at: date, timeZone: timeZone)
    var t = (date.timeIntervalSince1970 / 60).rounded(.down) * 60
    for _ in 0..<(days * 1440) {
        t += 60
        let d = Date(timeIntervalSince1970: t)
        if s.mode(at: d, timeZone: timeZone) != current { return d }
    }
    return nil
}

@Suite struct ScheduleTests {
    @Test func weekdayArithmeticAgreesWithTheGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for n in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = Date(timeIntervalSince1970: Double(n) * 86_400 + 43_200)
            #expect(Weekday(daysSince1970: n).rawValue == calendar.component(.weekday, from: date), "day \(n)")
        }
    }

    @Test func modeAcrossAWeekOfTheLobbyExample() {
        let s = lobbySchedule()
        let expected: [(Date, ScreenMode)] = [
            (wall(2024, 6, 10, 6, 59), .off),       // Monday before opening
            (wall(2024, 6, 10, 7, 0), .day),        // opens at 07:00 sharp
            (wall(2024, 6, 10, 12, 0), .day),
            (wall(2024, 6, 10, 17, 29, 59), .day),
            (wall(2024, 6, 10, 17, 30), .off),      // closes at 17:30 sharp
            (wall(2024, 6, 10, 19, 0), .off),       // night hours, but closed: off wins
            (wall(2024, 6, 14, 8, 0), .day),        // Friday
            (wall(2024, 6, 15, 7, 29), .off),       // Saturday opens later
            (wall(2024, 6, 15, 7, 30), .day),
            (wall(2024, 6, 15, 11, 30), .off),
            (wall(2024, 6, 16, 10, 0), .off),       // Sunday is closed
            (wall(2024, 6, 17, 7, 0), .day),        // and Monday opens again
        ]
        for (date, mode) in expected {
            #expect(s.mode(at: date, timeZone: hanoi) == mode, "\(date)")
        }
    }

    @Test func nightAndOffCrossMidnightAndOffOverridesNight() {
        let s = nightAndOff()
        let expected: [(Date, ScreenMode)] = [
            (wall(2024, 6, 11, 18, 29), .day),
            (wall(2024, 6, 11, 18, 30), .night),
            (wall(2024, 6, 11, 21, 59, 59), .night),
            (wall(2024, 6, 11, 22, 0), .off),       // both night and off: off
            (wall(2024, 6, 11, 23, 59), .off),
            (wall(2024, 6, 12, 0, 0), .off),        // past midnight, still the range that began yesterday
            (wall(2024, 6, 12, 5, 59, 59), .off),
            (wall(2024, 6, 12, 6, 0), .day),        // both end at 06:00 sharp
        ]
        for (date, mode) in expected {
            #expect(s.mode(at: date, timeZone: hanoi) == mode, "\(date)")
        }
    }

    @Test func openingRangeCrossingMidnightRunsIntoTheNextMorning() {
        var s = ScheduleSettings()
        s.night = DailyHours([HoursRange(22, 0, 6, 0)])
        // Friday evening until 02:00 on Saturday, which has no hours of its own.
        s.opening = WeeklyHours([.friday: DailyHours([HoursRange(18, 0, 2, 0)])])
        #expect(s.mode(at: wall(2024, 6, 14, 17, 59), timeZone: hanoi) == .off)
        #expect(s.mode(at: wall(2024, 6, 14, 18, 0), timeZone: hanoi) == .day)
        #expect(s.mode(at: wall(2024, 6, 14, 23, 0), timeZone: hanoi) == .night)
        #expect(s.mode(at: wall(2024, 6, 15, 1, 59), timeZone: hanoi) == .night)
        #expect(s.mode(at: wall(2024, 6, 15, 2, 0), timeZone: hanoi) == .off)
        // Thursday night is not Friday's: 01:00 on Friday is closed.
        #expect(s.mode(at: wall(2024, 6, 14, 1, 0), timeZone: hanoi) == .off)
        #expect(s.nextModeChange(after: wall(2024, 6, 14, 23, 0), timeZone: hanoi) == wall(2024, 6, 15, 2, 0))
        #expect(s.nextModeChange(after: wall(2024, 6, 15, 2, 0), timeZone: hanoi) == wall(2024, 6, 21, 18, 0))
    }

    @Test func severalRangesADayAndAllDay() {
        var s = ScheduleSettings()
        s.opening = WeeklyHours([.monday: DailyHours([HoursRange(7, 0, 11, 30), HoursRange(13, 30, 17, 0)]), .tuesday: .allDay])
        #expect(s.mode(at: wall(2024, 6, 10, 12, 0), timeZone: hanoi) == .off)   // lunch break
        #expect(s.mode(at: wall(2024, 6, 10, 14, 0), timeZone: hanoi) == .day)
        #expect(s.mode(at: wall(2024, 6, 11, 0, 0), timeZone: hanoi) == .day)
        #expect(s.mode(at: wall(2024, 6, 11, 23, 59, 59), timeZone: hanoi) == .day)
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 11, 0), timeZone: hanoi) == wall(2024, 6, 10, 11, 30))
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 11, 30), timeZone: hanoi) == wall(2024, 6, 10, 13, 30))
        // Monday 17:00 closes until Tuesday's 00:00, which is open until Wednesday.
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 17, 0), timeZone: hanoi) == wall(2024, 6, 11, 0, 0))
        #expect(s.nextModeChange(after: wall(2024, 6, 11, 0, 0), timeZone: hanoi) == wall(2024, 6, 12, 0, 0))
    }

    @Test func nextModeChangeIsExactAtBoundaries() {
        let s = lobbySchedule()
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 8, 0), timeZone: hanoi) == wall(2024, 6, 10, 17, 30))
        // Exactly at a boundary the change there has happened; the next one is asked for.
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 17, 30), timeZone: hanoi) == wall(2024, 6, 11, 7, 0))
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 17, 29, 59), timeZone: hanoi) == wall(2024, 6, 10, 17, 30))
        let justBefore = wall(2024, 6, 10, 17, 30).addingTimeInterval(-0.001)
        #expect(s.nextModeChange(after: justBefore, timeZone: hanoi) == wall(2024, 6, 10, 17, 30))
        // Friday evening to Saturday morning, Saturday noon over the closed Sunday to Monday.
        #expect(s.nextModeChange(after: wall(2024, 6, 14, 17, 30), timeZone: hanoi) == wall(2024, 6, 15, 7, 30))
        #expect(s.nextModeChange(after: wall(2024, 6, 15, 11, 30), timeZone: hanoi) == wall(2024, 6, 17, 7, 0))
        #expect(s.nextModeChange(after: wall(2024, 6, 16, 12, 0), timeZone: hanoi) == wall(2024, 6, 17, 7, 0))
        // Night and off: 18:30 night, 22:00 off, 06:00 day.
        let n = nightAndOff()
        #expect(n.nextModeChange(after: wall(2024, 6, 11, 12, 0), timeZone: hanoi) == wall(2024, 6, 11, 18, 30))
        #expect(n.nextModeChange(after: wall(2024, 6, 11, 18, 30), timeZone: hanoi) == wall(2024, 6, 11, 22, 0))
        #expect(n.nextModeChange(after: wall(2024, 6, 11, 22, 0), timeZone: hanoi) == wall(2024, 6, 12, 6, 0))
    }

    @Test func boundariesThatDoNotChangeTheModeAreSkipped() {
        // Night ends at 06:00 but the screen is closed until 07:00: off all the way.
        let s = lobbySchedule()
        #expect(s.nextModeChange(after: wall(2024, 6, 11, 5, 0), timeZone: hanoi) == wall(2024, 6, 11, 7, 0))
    }

    @Test func walkingAWeekChangeByChangeAgreesWithMinuteByMinute() {
        for (s, zone) in [(lobbySchedule(), hanoi), (nightAndOff(), hanoi), (lobbySchedule(), berlin), (nightAndOff(), berlin)] {
            var t = wall(2024, 10, 21, 9, 17, 31, in: zone)   // a week that ends with Berlin's autumn change
            var changes = 0
            while let next = s.nextModeChange(after: t, timeZone: zone), next < wall(2024, 10, 29, 0, 0, in: zone) {
                #expect(next == nextChangeMinuteByMinute(s, after: t, timeZone: zone), "\(zone.identifier) after \(t)")
                #expect(s.mode(at: next, timeZone: zone) != s.mode(at: next.addingTimeInterval(-1), timeZone: zone))
                t = next
                changes += 1
            }
            #expect(changes >= 7, "\(zone.identifier)")
        }
    }

    @Test func noScheduleNeverChanges() {
        var s = ScheduleSettings()
        #expect(s.isEmpty)
        #expect(s.mode(at: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == .day)
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == nil)
        s.offCommand = "cec-ctl --to 0 --standby"
        s.playlist = [PlaylistStep(scene: .lobby, seconds: 60)]
        #expect(!s.isEmpty)
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == nil)
        // Hours that keep one mode around the clock change nothing either.
        s.off = .allDay
        #expect(s.mode(at: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == .off)
        #expect(s.nextModeChange(after: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == nil)
        var open = ScheduleSettings()
        open.opening = WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, DailyHours.allDay) }))
        #expect(open.nextModeChange(after: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == nil)
        #expect(open.mode(at: wall(2024, 6, 10, 3, 0), timeZone: hanoi) == .day)
    }

    @Test func springForwardSkipsTheMissingHourAtTheJump() {
        // Berlin, Sunday 2024-03-31: at 02:00 CET the clock jumps to 03:00 CEST (01:00 UTC).
        var s = ScheduleSettings()
        s.night = DailyHours([HoursRange(2, 30, 5, 0)])
        // 02:30 never happens that night: night begins at the jump, the first instant after it.
        #expect(s.nextModeChange(after: wall(2024, 3, 30, 12, 0, in: berlin), timeZone: berlin) == utc("2024-03-31T01:00:00Z"))
        #expect(s.mode(at: utc("2024-03-31T00:59:59Z"), timeZone: berlin) == .day)
        #expect(s.mode(at: utc("2024-03-31T01:00:00Z"), timeZone: berlin) == .night)
        #expect(s.nextModeChange(after: utc("2024-03-31T01:00:00Z"), timeZone: berlin) == utc("2024-03-31T03:00:00Z"))   // 05:00 CEST
        // The next night is an ordinary one: 02:30 CEST is 00:30 UTC.
        #expect(s.nextModeChange(after: utc("2024-03-31T03:00:00Z"), timeZone: berlin) == utc("2024-04-01T00:30:00Z"))
        // Off hours that would end at the missing 02:30 end at the jump.
        var off = ScheduleSettings()
        off.off = DailyHours([HoursRange(1, 0, 2, 30)])
        #expect(off.nextModeChange(after: wall(2024, 3, 30, 12, 0, in: berlin), timeZone: berlin) == utc("2024-03-31T00:00:00Z"))
        #expect(off.nextModeChange(after: utc("2024-03-31T00:00:00Z"), timeZone: berlin) == utc("2024-03-31T01:00:00Z"))
        // Opening hours after the change are read in summer time: Monday 07:00 CEST is 05:00 UTC.
        let lobby = lobbySchedule()
        #expect(lobby.nextModeChange(after: wall(2024, 3, 29, 18, 0, in: berlin), timeZone: berlin) == utc("2024-03-30T06:30:00Z"))
        #expect(lobby.nextModeChange(after: utc("2024-03-30T10:30:00Z"), timeZone: berlin) == utc("2024-04-01T05:00:00Z"))
    }

    @Test func fallBackCrossesARepeatedBoundaryTwice() {
        // Berlin, Sunday 2024-10-27: at 03:00 CEST the clock goes back to 02:00 CET (01:00 UTC), so
        // 02:00–03:00 happens twice.
        var s = ScheduleSettings()
        s.off = DailyHours([HoursRange(2, 30, 4, 0)])
        let start = wall(2024, 10, 27, 0, 0, in: berlin)
        let changes = sequence(first: start) { s.nextModeChange(after: $0, timeZone: berlin) }.dropFirst().prefix(4).map { $0 }
        #expect(changes == [utc("2024-10-27T00:30:00Z"),    // 02:30 CEST: off
                            utc("2024-10-27T01:00:00Z"),    // back to 02:00 CET: on again
                            utc("2024-10-27T01:30:00Z"),    // 02:30 CET: off
                            utc("2024-10-27T03:00:00Z")])   // 04:00 CET: on
        #expect(s.mode(at: utc("2024-10-27T01:15:00Z"), timeZone: berlin) == .day)
    }

    /// Walking from change to change, each is a real change (the mode differs a second before
    /// and at it) and none is skipped (the mode holds between two of them). How cheap a call is
    /// is a benchmark's question, not a unit test's.
    @Test func nextModeChangeWalksEveryChangeInOrder() {
        let s = lobbySchedule()
        var t = wall(2024, 1, 1, 0, 0, in: berlin)
        var changes = 0
        for _ in 0..<200 {
            guard let next = s.nextModeChange(after: t, timeZone: berlin) else { break }
            #expect(next > t)
            #expect(s.mode(at: next.addingTimeInterval(-1), timeZone: berlin) != s.mode(at: next, timeZone: berlin))
            // Sampled every 10 minutes in between, the mode is the one it started with.
            let before = s.mode(at: t, timeZone: berlin)
            var probe = t.addingTimeInterval(600)
            while probe < next.addingTimeInterval(-1) {
                #expect(s.mode(at: probe, timeZone: berlin) == before)
                probe = probe.addingTimeInterval(600)
            }
            t = next
            changes += 1
        }
        #expect(changes == 200)
    }

    // MARK: playlist

    private func threeSteps() -> ScheduleSettings {
        var s = ScheduleSettings()
        s.playlist = [PlaylistStep(scene: .lobby, seconds: 60), PlaylistStep(scene: .gallery, seconds: 30),
                      PlaylistStep(scene: .counter, seconds: 15)]
        return s
    }

    @Test func playlistFollowsTheWallClock() throws {
        let s = threeSteps()
        let cycleStart = 105.0 * 16_000_000   // a multiple of the 105 s cycle, in 2023
        func at(_ seconds: Double) throws -> (SceneID, Int, Double) {
            let step = try #require(s.playlistScene(at: Date(timeIntervalSince1970: cycleStart + seconds)))
            return (step.scene, step.index, step.until.timeIntervalSince1970 - cycleStart)
        }
        #expect(try at(0) == (.lobby, 0, 60))
        #expect(try at(59.9) == (.lobby, 0, 60))
        #expect(try at(60) == (.gallery, 1, 90))
        #expect(try at(89) == (.gallery, 1, 90))
        #expect(try at(90) == (.counter, 2, 105))
        #expect(try at(105) == (.lobby, 0, 165))
        #expect(try at(-1) == (.counter, 2, 0))
        // Every screen, and a restarted one, shows the same step at the same time.
        #expect(try at(70 + 105 * 1000) == (.gallery, 1, 90 + 105 * 1000))
    }

    @Test func askingAgainAtUntilGivesTheNextStep() throws {
        var s = ScheduleSettings()
        s.playlist = [PlaylistStep(scene: .lobby, seconds: 12.3), PlaylistStep(scene: .gallery, seconds: 7.7),
                      PlaylistStep(scene: .lobby, seconds: 5.1)]
        var date = Date(timeIntervalSince1970: 1_718_071_234.567)
        var indices: [Int] = []
        for _ in 0..<30 {
            let step = try #require(s.playlistScene(at: date))
            #expect(step.until > date)
            indices.append(step.index)
            date = step.until
        }
        #expect(indices.dropFirst().enumerated().allSatisfy { $0.element == (indices[0] + $0.offset + 1) % 3 }, "\(indices)")
    }

    @Test func playlistOfOneStepNeverMovesOnAndNoPlaylistIsNil() {
        var s = ScheduleSettings()
        #expect(s.playlistScene(at: Date()) == nil)
        s.playlist = [PlaylistStep(scene: .gallery, seconds: 30)]
        let step = s.playlistScene(at: Date(timeIntervalSince1970: 1_718_071_234))
        #expect(step?.scene == .gallery && step?.index == 0 && step?.until == .distantFuture)
    }

    @Test func hoursReadBackAsTheFileWritesThem() {
        #expect(DailyHours([HoursRange(7, 0, 11, 30), HoursRange(13, 30, 24, 0)]).description == "07:00-11:30, 13:30-24:00")
        #expect(DailyHours.never.description == "closed")
        #expect(HoursRange(18, 30, 6, 0).crossesMidnight && !HoursRange.allDay.crossesMidnight)
    }
}
