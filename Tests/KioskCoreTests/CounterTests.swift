import Foundation
import Testing
@testable import KioskCore

/// The counter on screen: rolls when a figure changes, and periods that turn over on time.
@Suite struct CounterTests {
    static let zones = ["Asia/Ho_Chi_Minh", "Asia/Kolkata", "America/New_York"].map { ZoneRules.named($0)! }

    func content(_ visits: [(String, Int)], zone: ZoneRules = hanoi, directions: Bool = false) -> KioskContent {
        var ledger = VisitorLedger()
        ledger.hasDirections = directions
        for (iso, count) in visits {
            ledger.record(at: Int64(instant(iso).timeIntervalSince1970), count: abs(count), isOut: count < 0)
        }
        var content = KioskContent(visitors: ledger, dataFolder: "/data")
        content.settings.timeZone = zone.identifier
        return content
    }

    func frame(_ content: KioskContent, _ scene: SceneID = .counter, at now: Date, motion: CounterMotion = CounterMotion()) -> Frame {
        var state = KioskState(homeScene: scene)
        state.counterMotion = motion
        return FrameBuilder.build(FrameContext(width: 1280, height: 720, now: now, content: content, state: state,
                                               measurer: FixedMeasurer()))
    }

    func stillTexts(_ frame: Frame) -> [String] {
        frame.commands.compactMap { if case .text(let s, _, _, _, _, _) = $0 { return s } else { return nil } }
    }

    func movingTexts(_ frame: Frame) -> [String] {
        frame.moving.withTapesWrittenOut.compactMap { if case .text(let s, _, _, _, _, _) = $0 { return s } else { return nil } }
    }

    // MARK: - Rolling

    @Test func theFirstFiguresDoNotRollAndAChangedOneDoes() {
        var motion = CounterMotion()
        let t0 = instant("2024-06-11T09:30:00+07:00")
        let first = motion.observe([1, 2, 3, 4, 5, 6], at: t0)
        #expect(!first && motion.roll(1, at: t0) == nil)
        let same = motion.observe([1, 2, 3, 4, 5, 6], at: t0.addingTimeInterval(1))
        let changed = motion.observe([1, 3, 4, 4, 5, 7], at: t0.addingTimeInterval(2))
        #expect(!same && changed)
        let roll = motion.roll(1, at: t0.addingTimeInterval(2.4))
        #expect(roll?.roll == CounterMotion.Roll(from: 2, to: 3, start: t0.addingTimeInterval(2)))
        #expect(abs((roll?.progress ?? 0) - 0.5) < 1e-6)
        #expect(motion.roll(0, at: t0.addingTimeInterval(2.4)) == nil, "an unchanged figure stays still")
        #expect(motion.roll(1, at: t0.addingTimeInterval(2.001 + CounterMotion.duration)) == nil, "a roll ends")
    }

    @Test func aRollingFigureMovesInItsOwnSmallAreaAndSettlesIntoTheStillLayer() {
        let now = instant("2024-06-11T09:30:00+07:00")
        let content = content([("2024-06-11T08:00:00+07:00", 1234)])
        var motion = CounterMotion()
        let figures = CounterPanel.figures(content, at: now).inDisplayOrder
        motion.observe(figures.map { $0 == 1234 ? 1229 : $0 }, at: now.addingTimeInterval(-1))
        motion.observe(figures, at: now.addingTimeInterval(-0.3))

        for scene in [SceneID.counter, .lobby] {
            let rolling = frame(content, scene, at: now, motion: motion)
            #expect(!stillTexts(rolling).contains("1.234"), "the still layer leaves the rolling figure out")
            #expect(movingTexts(rolling).contains("4") && movingTexts(rolling).contains("9"), "the units roll from 9 to 4")
            #expect(movingTexts(rolling).contains("3"), "the digits that stay are drawn in place")
            let counterAreas = rolling.movingAreas.filter { $0.height < 60 }
            #expect(counterAreas.count == 5, "today, week, month, year and total changed: one small area each \(rolling.movingAreas)")
            #expect(counterAreas.allSatisfy { $0.width * $0.height < 20_000 })
            #expect(rolling.nextChange.timeIntervalSince(now) <= FrameBuilder.motionInterval + 1e-9)

            let settled = frame(content, scene, at: now.addingTimeInterval(CounterMotion.duration), motion: motion)
            #expect(stillTexts(settled).contains("1.234"))
            #expect(settled.movingAreas.allSatisfy { $0.height >= 60 }, "only the ticker strip moves, if anything")
        }
    }

    @Test func theMainLoopsObservationStartsARollWhenContentChanges() {
        let now = instant("2024-06-11T09:30:00+07:00")
        var state = KioskState(homeScene: .counter)
        let before = content([("2024-06-11T08:00:00+07:00", 5)])
        state.apply(.figuresShown(CounterPanel.figures(before, at: now)), at: now)
        let after = content([("2024-06-11T08:00:00+07:00", 5), ("2024-06-11T09:29:00+07:00", 1)])
        state.apply(.figuresShown(CounterPanel.figures(after, at: now.addingTimeInterval(1))), at: now.addingTimeInterval(1))
        #expect(state.counterMotion.roll(1, at: now.addingTimeInterval(1.1))?.roll.to == 6)
    }

    // MARK: - Periods turning over

    /// At the last second of a day, week, month and year and at the first of the next, in three
    /// zones: the periods that ended drop to what the new one holds (0), the others keep counting.
    @Test(arguments: zones) func periodsTurnOverAtMidnightInTheConfiguredZone(zone: ZoneRules) {
        func local(_ text: String) -> Date {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone.foundation
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
            return formatter.date(from: text)!
        }
        var ledger = VisitorLedger()
        for day in ["2024-12-24", "2024-12-30", "2024-12-31"] {
            ledger.record(at: Int64(local(day + "T10:00:00").timeIntervalSince1970), count: 3, isOut: false)
        }
        ledger.record(at: Int64(local("2024-12-31T23:59:10").timeIntervalSince1970), count: 1, isOut: false)
        // Tuesday 31 December 2024, last second of the year; Monday 30th began the week.
        let last = ledger.figures(at: local("2024-12-31T23:59:59"), timeZone: zone)
        #expect(last == VisitorFigures(now: 1, today: 4, week: 7, month: 10, year: 10, total: 10))
        let first = ledger.figures(at: local("2025-01-01T00:00:00"), timeZone: zone)
        #expect(first == VisitorFigures(now: 1, today: 0, week: 7, month: 0, year: 0, total: 10))
        // Monday 6 January: a new week.
        let monday = ledger.figures(at: local("2025-01-06T00:00:00"), timeZone: zone)
        #expect(monday == VisitorFigures(now: 0, today: 0, week: 0, month: 0, year: 0, total: 10))
        // With weeks starting on Sunday, Sunday 29 December began the week of the 31st.
        let sundayWeeks = ledger.figures(at: local("2024-12-31T23:59:59"), timeZone: zone, firstWeekday: 1)
        #expect(sundayWeeks.week == 7)
        #expect(ledger.figures(at: local("2024-12-29T00:00:00"), timeZone: zone, firstWeekday: 1).week == 0)
    }

    @Test func occupancyStartsAgainAtMidnight() {
        let content = content([("2024-06-11T08:00:00+07:00", 10), ("2024-06-11T09:00:00+07:00", -4)], directions: true)
        #expect(CounterPanel.figures(content, at: instant("2024-06-11T23:59:59+07:00")).now == 6)
        #expect(CounterPanel.figures(content, at: instant("2024-06-12T00:00:00+07:00")).now == 0)
    }

    /// Nothing arrives at midnight: the screen wakes for it by itself, and the frame drawn then
    /// shows today at 0 (and the figure rolls down, since it changed).
    @Test func theScreenWakesAtMidnightAndTodayDropsToZero() {
        let content = content([("2024-06-11T20:00:00+07:00", 7)])
        let evening = instant("2024-06-11T23:59:30+07:00"), midnight = instant("2024-06-12T00:00:00+07:00")
        for scene in SceneID.allCases where scene != .gallery {
            #expect(frame(content, scene, at: evening).nextChange <= midnight, "\(scene)")
        }
        var state = KioskState(homeScene: .counter)
        state.apply(.figuresShown(CounterPanel.figures(content, at: evening)), at: evening)
        state.apply(.figuresShown(CounterPanel.figures(content, at: midnight)), at: midnight)
        #expect(CounterPanel.figures(content, at: midnight).today == 0)
        #expect(state.counterMotion.roll(1, at: midnight)?.roll == CounterMotion.Roll(from: 7, to: 0, start: midnight))
        let settled = frame(content, .counter, at: midnight.addingTimeInterval(1), motion: state.counterMotion)
        #expect(stillTexts(settled).contains("0"))
    }
}
