import Foundation
import Testing
@testable import KioskCore

/// A visitor at a 1280×720 screen with an injected clock: every event meets the frame that
/// would be on screen at its moment, as on the real screen.
struct Visitor: ScreenVisitor {
    var state: KioskState
    var content: KioskContent
    var now = instant("2024-06-11T09:00:00+07:00")
    let width = 1280.0, height = 720.0

    init(home: SceneID = .honours, honours: [Honour] = Visitor.roll(120)) {
        state = KioskState(homeScene: home)
        content = KioskContent(honours: honours, ticker: ["Tin một"], dataFolder: "/data")
    }

    /// `count` recipients with distinct names, years 2020–2024, both kinds.
    static func roll(_ count: Int) -> [Honour] {
        let given = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hằng", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Thắng", "Uyên", "Vinh", "Xuân", "Yến"]
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"]
        let middle = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Ngọc", "Hữu"]
        return (0..<count).map { i in
            let kind: HonourKind = i % 5 == 4 ? .collective : .individual
            let name = kind == .collective ? "Chi hội \(given[i % given.count]) số \(i)"
                                           : "\(family[i % family.count]) \(middle[(i / given.count) % middle.count]) \(given[i % given.count])"
            return Honour(name: name, kind: kind, award: i % 3 == 0 ? "Giấy khen của Liên hiệp" : "Bằng khen của Chủ tịch UBND tỉnh",
                          date: HonourDate(year: 2020 + i % 5, month: 1 + i % 12, day: 1 + i % 28), unit: "Hội hữu nghị \(i % 7)",
                          source: KioskCore.SourceLocation(path: "honours.csv", line: i + 2))
        }
    }

    func frame() -> Frame {
        FrameBuilder.build(FrameContext(width: width, height: height, now: now, content: content, state: state, measurer: FixedMeasurer()))
    }

    var browser: HonoursBrowser { state.browser }
    var scrollOffset: Double {
        let area = map.scroll!
        return browser.scroll.offset(at: now, maxOffset: area.maxOffset, viewport: area.rect.height)
    }

    /// A straight drag at 60 Hz, lifting at the end without stopping.
    mutating func drag(from: (Double, Double), to: (Double, Double), seconds: Double) {
        send(.pointerDown(x: from.0, y: from.1))
        let steps = max(1, Int((seconds * 60).rounded()))
        for i in 1...steps {
            wait(seconds / Double(steps))
            let f = Double(i) / Double(steps)
            send(.pointerMoved(x: from.0 + (to.0 - from.0) * f, y: from.1 + (to.1 - from.1) * f))
        }
        send(.pointerUp(x: to.0, y: to.1))
    }

    /// A point in the list's first column, halfway down (the middle would be the gap
    /// between the columns).
    var listCentre: (Double, Double) {
        let r = map.scroll!.rect
        return (r.x + r.width / 4, r.y + r.height / 2)
    }
}

@Suite struct GestureTests {
    let t0 = instant("2024-06-11T09:00:00+07:00")

    @Test func aTouchThatStaysWithinTheSlopIsATap() {
        var g = PointerGesture(slop: 12)
        g.down(x: 100, y: 100, at: t0)
        g.move(x: 108, y: 105, at: t0.addingTimeInterval(0.05))
        #expect(g.phase == .pressed)
        #expect(g.up(x: 108, y: 105, at: t0.addingTimeInterval(0.1)) == .pressed)
    }

    @Test func leavingTheSlopMakesADragAlongItsAxisForGood() {
        var g = PointerGesture(slop: 12)
        g.down(x: 100, y: 100, at: t0)
        let moved = g.move(x: 103, y: 130, at: t0.addingTimeInterval(0.05))
        #expect(g.phase == .dragging(.vertical))
        #expect(moved.dy == 30)   // the whole way since landing, so the list does not lag
        // Coming back to where it landed does not make it a tap again.
        g.move(x: 100, y: 100, at: t0.addingTimeInterval(0.1))
        #expect(g.up(x: 100, y: 100, at: t0.addingTimeInterval(0.15)) == .dragging(.vertical))

        var h = PointerGesture(slop: 12)
        h.down(x: 100, y: 100, at: t0)
        h.move(x: 60, y: 110, at: t0.addingTimeInterval(0.05))
        #expect(h.phase == .dragging(.horizontal))
    }

    @Test func releaseVelocityComesFromTheLastTenthOfASecond() {
        var g = PointerGesture()
        g.down(x: 0, y: 500, at: t0)
        for i in 1...12 { g.move(x: 0, y: 500 - Double(i) * 10, at: t0.addingTimeInterval(Double(i) / 60)) }
        let v = g.velocity(at: t0.addingTimeInterval(12.0 / 60))
        #expect(abs(v.y - -600) < 1)
        // A finger that stops before lifting does not fling.
        g.move(x: 0, y: 380, at: t0.addingTimeInterval(0.5))
        #expect(g.velocity(at: t0.addingTimeInterval(0.5)).y == 0)
    }
}

@Suite struct ScrollMotionTests {
    let t0 = instant("2024-06-11T09:00:00+07:00")
    func at(_ s: Double) -> Date { t0.addingTimeInterval(s) }

    @Test func aFlingDeceleratesAndStops() {
        var m = ScrollMotion(offset: 100)
        m.grab(at: t0, maxOffset: 10_000, viewport: 400)
        m.release(velocity: 2000, at: t0, maxOffset: 10_000, viewport: 400)
        var last = 100.0, lastStep = Double.infinity
        for i in 1...120 {
            let x = m.offset(at: at(Double(i) / 60), maxOffset: 10_000, viewport: 400)
            #expect(x >= last)
            #expect(x - last <= lastStep + 1e-9)   // slowing down, never speeding up
            lastStep = x - last; last = x
        }
        #expect(!m.isMoving(at: at(3), maxOffset: 10_000))
        let travel = m.offset(at: at(3), maxOffset: 10_000, viewport: 400) - 100
        // v·τ for exponential decay: 2000 × 0.35 = 700, less the last few px/s under the rest speed.
        #expect(abs(travel - 700) < 10, "travel \(travel)")
    }

    @Test func aFlingIntoTheEndBouncesBackToIt() {
        var m = ScrollMotion(offset: 250)
        m.grab(at: t0, maxOffset: 300, viewport: 400)
        m.release(velocity: 3000, at: t0, maxOffset: 300, viewport: 400)
        let path = (1...90).map { m.offset(at: at(Double($0) / 60), maxOffset: 300, viewport: 400) }
        let furthest = path.max()!
        #expect(furthest > 310 && furthest < 450, "overshoot to \(furthest)")
        #expect(m.offset(at: at(1.5), maxOffset: 300, viewport: 400) == 300)
        #expect(!m.isMoving(at: at(1.5), maxOffset: 300))
    }

    @Test func draggingPastTheTopStretchesLessThanTheFingerAndSpringsBack() {
        var m = ScrollMotion(offset: 0)
        m.grab(at: t0, maxOffset: 1000, viewport: 400)
        m.drag(by: 200)   // finger down 200 px at the top
        let shown = m.offset(at: t0, maxOffset: 1000, viewport: 400)
        #expect(shown < 0 && shown > -200)
        m.release(velocity: 0, at: t0, maxOffset: 1000, viewport: 400)
        #expect(m.isMoving(at: at(0.1), maxOffset: 1000))
        #expect(m.offset(at: at(1), maxOffset: 1000, viewport: 400) == 0)
    }

    @Test func catchingAnOverscrollKeepsItUnderTheFinger() {
        var m = ScrollMotion(offset: 0)
        m.grab(at: t0, maxOffset: 1000, viewport: 400)
        m.drag(by: 150)
        let shown = m.offset(at: t0, maxOffset: 1000, viewport: 400)
        m.release(velocity: 0, at: t0, maxOffset: 1000, viewport: 400)
        m.grab(at: t0, maxOffset: 1000, viewport: 400)
        #expect(abs(m.offset(at: t0, maxOffset: 1000, viewport: 400) - shown) < 0.01)
    }

    @Test func glidingReachesItsTargetAndStaysInTheList() {
        var m = ScrollMotion(offset: 0)
        m.glide(to: 640, at: t0, maxOffset: 5000, viewport: 400)
        #expect(m.offset(at: at(2), maxOffset: 5000, viewport: 400) == 640)
        m.glide(to: 9000, at: at(2), maxOffset: 5000, viewport: 400)
        #expect(m.offset(at: at(4), maxOffset: 5000, viewport: 400) == 5000)
    }

    @Test func theSamePhaseAndTimeGiveTheSamePosition() {
        var m = ScrollMotion(offset: 10)
        m.grab(at: t0, maxOffset: 900, viewport: 400)
        m.release(velocity: -4000, at: t0, maxOffset: 900, viewport: 400)
        #expect(m.offset(at: at(0.3), maxOffset: 900, viewport: 400) == m.offset(at: at(0.3), maxOffset: 900, viewport: 400))
    }
}

@Suite struct BrowsingTests {
    @Test func touchingTheLobbyOpensTheHonourRollWithAFade() {
        var v = Visitor(home: .lobby)
        v.tap(x: 1000, y: 300)
        #expect(v.state.scene == .honours)
        #expect(v.frame().interaction.targets.isEmpty)   // mid-fade nothing is touchable
        v.wait(0.6)
        #expect(v.state.fadeProgress(at: v.now) == nil)
        #expect(!v.map.targets.isEmpty)
    }

    @Test func aDragScrollsTheListAndOpensNothing() {
        var v = Visitor()
        let (x, y) = v.listCentre
        v.drag(from: (x, y + 100), to: (x, y - 200), seconds: 0.5)
        #expect(v.browser.card == nil)
        // The list followed the finger exactly, then flew on at the finger's speed.
        #expect(abs(v.scrollOffset - 300) < 1, "offset \(v.scrollOffset)")
        v.wait(2)
        #expect(v.scrollOffset > 400, "offset \(v.scrollOffset)")
    }

    @Test func aQuickDragFlingsFurtherThanTheFingerWent() {
        var v = Visitor()
        let (x, y) = v.listCentre
        v.drag(from: (x, y + 100), to: (x, y - 100), seconds: 0.1)
        v.wait(3)
        #expect(v.scrollOffset > 600, "offset \(v.scrollOffset)")
        #expect(!v.browser.scroll.isMoving(at: v.now, maxOffset: v.map.scroll!.maxOffset))
    }

    @Test func aTouchThatCatchesAFlingDoesNotOpenACard() {
        var v = Visitor()
        let (x, y) = v.listCentre
        v.drag(from: (x, y + 100), to: (x, y - 100), seconds: 0.1)
        v.wait(0.1)
        v.tap(x: x, y: y)
        #expect(v.browser.card == nil)
        let stopped = v.scrollOffset
        v.wait(1)
        #expect(v.scrollOffset == stopped)
        // The next tap, on a still list, opens the card under it.
        v.tap(x: x, y: y)
        #expect(v.browser.card != nil)
    }

    @Test func theListBouncesAtItsEnd() {
        var v = Visitor(honours: Visitor.roll(20))
        let (x, y) = v.listCentre
        var furthest = 0.0
        v.drag(from: (x, y + 150), to: (x, y - 150), seconds: 0.08)
        let maxOffset = v.map.scroll!.maxOffset
        for _ in 0..<90 { v.wait(1.0 / 60); furthest = max(furthest, v.scrollOffset) }
        #expect(furthest > maxOffset + 2, "furthest \(furthest), end \(maxOffset)")
        #expect(v.scrollOffset == maxOffset)
    }

    @Test func kindAndYearChipsFilterAndAChosenYearLetsGoWhenTouchedAgain() {
        var v = Visitor()
        v.tap(.kind(.individual))
        #expect(v.browser.query.kind == .individual)
        v.tap(.year(2023))
        #expect(v.browser.query.year == 2023)
        let shown = v.content.catalog.matches(v.browser.query).map { v.content.catalog.honours[$0] }
        #expect(!shown.isEmpty && shown.allSatisfy { $0.kind == .individual && $0.date.year == 2023 })
        v.tap(.year(2023))
        #expect(v.browser.query.year == nil)
        v.tap(.awardType("Giấy khen"))
        #expect(v.browser.query.awardType == "Giấy khen")
    }

    @Test func theOnScreenKeyboardTypesAndEveryKeyUpdatesTheResults() {
        var v = Visitor()
        v.tap(.searchField)
        #expect(v.browser.keyboardOpen)
        var counts: [Int] = []
        for letter in "thang" {
            v.tap(.keyboard(.character(String(letter))))
            counts.append(v.map.matchCount)
        }
        #expect(v.browser.query.search == "thang")
        #expect(counts.last! > 0 && counts.last! < counts.first!)
        let names = v.content.catalog.matches(v.browser.query).map { v.content.catalog.honours[$0].name }
        #expect(names.allSatisfy { $0.contains("Thắng") })
        v.tap(.keyboard(.backspace))
        #expect(v.browser.query.search == "than")
        v.tap(.keyboard(.done))
        #expect(!v.browser.keyboardOpen && v.browser.query.search == "than")
    }

    @Test func aLetterOfTheIndexGlidesToItsFirstRecipient() throws {
        var v = Visitor()
        let hit = try #require(v.map.targets.first { if case .indexLetter("T", _) = $0.target { true } else { false } })
        guard case .indexLetter(_, let offset) = hit.target else { return }
        v.tap(x: hit.rect.x + 5, y: hit.rect.y + 5)
        v.wait(2)
        #expect(v.scrollOffset == min(offset, v.map.scroll!.maxOffset))
        let top = v.map.targets.first { if case .recipient = $0.target { true } else { false } }
        guard case .recipient(let index)? = top?.target else { Issue.record("no row on screen"); return }
        let catalog = v.content.catalog
        #expect(catalog.indexLetters[catalog.matches(v.browser.query)[index]] == "T")
    }

    @Test func aCardTurnsBySwipeArrowsAndKeysAndClosesWithItsButton() {
        var v = Visitor()
        v.tap(.recipient(2))
        #expect(v.browser.card == 2)
        let (x, y) = (640.0, 360.0)
        v.drag(from: (x + 200, y), to: (x - 200, y), seconds: 0.2)
        #expect(v.browser.card == 3)
        v.drag(from: (x - 200, y), to: (x + 200, y), seconds: 0.2)
        #expect(v.browser.card == 2)
        v.tap(.nextCard)
        #expect(v.browser.card == 3)
        v.send(.key("Left", ctrl: false))
        #expect(v.browser.card == 2)
        // A short sideways nudge does not turn the card.
        v.drag(from: (x, y), to: (x - 40, y), seconds: 0.2)
        #expect(v.browser.card == 2)
        v.tap(.closeCard)
        #expect(v.browser.card == nil)
    }

    @Test func afterAMinuteAloneTheScreenFadesHomeAndForgetsTheVisitor() {
        var v = Visitor(home: .lobby)
        v.tap(x: 1000, y: 300)
        v.wait(1)
        v.tap(.language(.en))
        v.tap(.searchField)
        v.tap(.keyboard(.character("a")))
        #expect(v.state.language == .en)
        v.wait(59)
        #expect(v.state.scene == .honours)   // a minute from the last touch, not the first
        v.wait(1)
        #expect(v.state.scene == .lobby)
        #expect(v.state.fadeProgress(at: v.now) != nil)
        #expect(v.browser.isPristine && v.state.language == .vi && v.state.idleDeadline == nil)
    }

    @Test func theIdleDeadlineWakesTheScreen() {
        var v = Visitor(home: .lobby)
        v.tap(x: 1000, y: 300)
        v.wait(1)
        #expect(v.frame().nextChange <= v.now.addingTimeInterval(60))
    }

    @Test func onlyTheRowsInViewAreDrawn() {
        let small = Visitor(honours: Visitor.roll(10)).frame().commands.count
        let large = Visitor(honours: Visitor.roll(10_000)).frame().commands.count
        // The same screenful, plus the letters that light up in the index.
        #expect(large <= small + 60, "\(small) commands for 10 recipients, \(large) for 10,000")
    }

    @Test func noMatchesOffersAWayBack() {
        var v = Visitor()
        v.tap(.searchField)
        for letter in "zzq" { v.tap(.keyboard(.character(String(letter)))) }
        #expect(v.map.matchCount == 0)
        v.tap(.keyboard(.done))
        v.tap(.clearQuery)
        #expect(v.browser.query.isEmpty && v.map.matchCount == 120)
    }

    // Review findings on the first version of the honour roll.

    @Test func aWindowShrunkToNothingStillBuildsAFrame() {
        for (w, h) in [(0.0, 0.0), (1.0, 1.0), (2.0, 300.0), (300.0, 2.0)] {
            for state in [HonoursBrowser(), { var b = HonoursBrowser(); b.card = 0; return b }(),
                          { var b = HonoursBrowser(); b.keyboardOpen = true; return b }()] {
                var v = Visitor()
                v.state.browser = state
                let frame = FrameBuilder.build(FrameContext(width: w, height: h, now: v.now, content: v.content,
                                                            state: v.state, measurer: FixedMeasurer()))
                #expect(frame.nextChange > v.now)
            }
        }
    }

    @Test func aReloadWithAnotherHonourRollClosesTheCard() {
        var v = Visitor()
        v.tap(.recipient(3))
        #expect(v.browser.card == 3)
        v.content = KioskContent(honours: Visitor.roll(2), ticker: [], dataFolder: "/data")
        v.state.honoursReplaced()
        #expect(v.browser.card == nil)
    }

    @Test func aSecondTouchDuringADragLetsTheListGo() {
        var v = Visitor()
        let (x, y) = v.listCentre
        v.send(.pointerDown(x: x, y: y))
        v.wait(0.05)
        v.send(.pointerMoved(x: x, y: y - 80))
        #expect(v.browser.scroll.isDragging)
        // The release of the first finger never arrives; a new touch begins elsewhere.
        v.send(.pointerDown(x: 20, y: 20))
        #expect(!v.browser.scroll.isDragging)
    }

    @Test func arrowKeysDuringAFadeKeepTheCard() {
        var v = Visitor()
        v.tap(.recipient(4))
        // Mid-fade the frame offers nothing to touch and counts no matches.
        v.state.apply(.input(.key("Right", ctrl: false)), at: v.now, map: InteractionMap())
        #expect(v.browser.card == 4)
    }

    @Test func theIdleFadeShowsWhatTheVisitorLeftBeforeTheReset() {
        var v = Visitor(home: .lobby)
        v.tap(x: 1000, y: 300)
        v.wait(1)
        v.tap(.searchField)
        v.tap(.keyboard(.character("a")))
        v.tap(.keyboard(.done))
        v.wait(60)
        #expect(v.state.scene == .lobby && v.browser.isPristine)
        // A quarter into the fade the old scene is still fading out, search and all.
        v.now = v.now.addingTimeInterval(SceneFade.seconds / 4)
        let texts = v.frame().commands.compactMap { if case .text(let s, _, _, _, _, _) = $0 { s } else { nil } }
        #expect(texts.contains("a"), "the fading honour roll shows the visitor's search")
    }

    @Test func aBrowsingHomeSceneFadesAsItResets() {
        var v = Visitor(home: .honours)
        v.tap(.recipient(1))
        v.wait(60)
        #expect(v.browser.isPristine)
        #expect(v.state.fadeProgress(at: v.now) != nil)
    }
}
