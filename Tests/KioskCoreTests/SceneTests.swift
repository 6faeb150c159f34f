import Foundation
import Testing
@testable import KioskCore

@Suite struct SceneTests {
    func context(_ scene: SceneID = .lobby, at iso: String = "2024-06-11T09:30:00+07:00",
                 images: ImageAvailability = AllImagesReady(), content: KioskContent = sampleContent()) -> FrameContext {
        FrameContext(width: 1280, height: 720, now: instant(iso), content: content,
                     state: KioskState(homeScene: scene), measurer: FixedMeasurer(), images: images)
    }

    @Test func lobbyShowsHeaderCounterHighlightsAndTicker() {
        let frame = FrameBuilder.build(context())
        let all = texts(frame)
        #expect(all.contains("Thứ Ba, 11 tháng 6 năm 2024 · 09:30"))
        #expect(all.contains("Đang truy cập"))
        #expect(all.contains("Tổng số"))
        #expect(all.contains("TIN NÓNG"))
        #expect(all.contains("Tin một"))
        #expect(all.contains(where: { $0.contains("Nguyễn Thị Thu Hằng") }))
    }

    @Test func sameInstantGivesSameFrame() {
        #expect(FrameBuilder.build(context()).allCommands == FrameBuilder.build(context()).allCommands)
    }

    @Test func tickerKeepsTheLoopAwakeAndTheCounterSceneSleepsToTheMinute() {
        let lobby = FrameBuilder.build(context())
        #expect(lobby.nextChange.timeIntervalSince(instant("2024-06-11T09:30:00+07:00")) <= 1.0 / 60 + 1e-9)
        var content = sampleContent()
        content.ticker = []
        let counter = FrameBuilder.build(context(.counter, at: "2024-06-11T09:30:10+07:00", content: content))
        #expect(counter.nextChange == instant("2024-06-11T09:31:00+07:00"))
    }

    @Test func crossfadeDrawsThePreviousPhotoUnderTheNext() {
        // Slot boundaries are multiples of 8 s since 1970: 09:30:00 +07 is one, so 0.6 s in is mid-fade.
        let ctx = context(.gallery, at: "2024-06-11T09:30:00.6+07:00".replacingOccurrences(of: ".6", with: ""))
        let mid = FrameContext(width: 1280, height: 720, now: ctx.now.addingTimeInterval(0.6), content: ctx.content,
                               state: ctx.state, measurer: FixedMeasurer())
        let images = FrameBuilder.build(mid).allCommands.compactMap { cmd -> (String, Double)? in
            if case .image(let ref, _, _, let opacity) = cmd, case .slide = ref.kind { return (ref.path, opacity) } else { return nil }
        }
        #expect(images.count == 2)
        #expect(images[0].1 == 1)
        #expect(images[1].1 > 0.4 && images[1].1 < 0.6)
        #expect(images[0].0 != images[1].0)
    }

    @Test func anUndecodedPhotoNeverLeavesTheScreenBlack() {
        let ctx = context(.gallery, at: "2024-06-11T09:30:05+07:00",
                          images: ReadyOnly(paths: ["/data/gallery/a/1.jpg", "/data/gallery/a/2.jpg"]))
        let pos = SlideshowPosition(count: 2, clock: ctx.clock, slideSeconds: 8, fadeSeconds: 1.2)
        let current = "/data/" + ctx.content.allPhotos[pos.current].photo.path
        let previous = "/data/" + ctx.content.allPhotos[pos.previous!].photo.path
        let notReady = context(.gallery, at: "2024-06-11T09:30:05+07:00", images: ReadyOnly(paths: [previous]))
        let drawn = FrameBuilder.build(notReady).commands.compactMap { cmd -> String? in
            if case .image(let ref, _, _, _) = cmd, case .slide = ref.kind { return ref.path } else { return nil }
        }
        #expect(drawn == [previous])
        // Photos of unknown size are shown whole: as slides composed for the screen.
        let slide = ImageKind.slide(SlideLayout(area: Rect(x: 0, y: 0, width: 1280, height: 720), veil: notReady.theme.photoBackdrop.withOpacity(0.45)))
        #expect(FrameBuilder.build(notReady).commands.contains(.prefetch(ImageRef(path: current, kind: slide), width: 1280, height: 720)))
    }

    @Test func aBrokenPhotoIsPassedOverNotShownAsADarkPanel() {
        let ctx = context(.gallery, at: "2024-06-11T09:30:05+07:00")
        let pos = SlideshowPosition(count: 2, clock: ctx.clock, slideSeconds: 8, fadeSeconds: 1.2)
        let current = "/data/" + ctx.content.allPhotos[pos.current].photo.path
        let previous = "/data/" + ctx.content.allPhotos[pos.previous!].photo.path
        let frame = FrameBuilder.build(context(.gallery, at: "2024-06-11T09:30:05+07:00",
                                               images: ReadyOnly(paths: [previous], failed: [current])))
        let drawn = frame.allCommands.compactMap { cmd -> String? in
            if case .image(let ref, _, _, _) = cmd, case .slide = ref.kind { return ref.path } else { return nil }
        }
        #expect(drawn == [previous])
        #expect(texts(frame).contains(ctx.content.allPhotos[pos.previous!].photo.caption.isEmpty
                                      ? ctx.content.allPhotos[pos.previous!].album.title : ctx.content.allPhotos[pos.previous!].photo.caption))
    }

    @Test func captionFallsBackToTheAlbumTitleNeverTheFileName() {
        var content = sampleContent()
        content.albums = [Album(title: "Giao lưu hữu nghị", photos: [Photo(path: "gallery/x/IMG_0001.jpg")])]
        let all = texts(FrameBuilder.build(context(.gallery, content: content)))
        #expect(all.contains("Giao lưu hữu nghị"))
        #expect(!all.contains(where: { $0.contains("IMG_0001") }))
    }

    @Test func slideshowPositionIsAFunctionOfTheClock() {
        let p = SlideshowPosition(count: 3, clock: 8 * 4 + 0.3, slideSeconds: 8, fadeSeconds: 1.2)
        #expect(p.current == 1)
        #expect(p.previous == 0)
        #expect(abs(p.fade - 0.25) < 1e-9)
        #expect(p.nextSlideAt == Date(timeIntervalSince1970: 40))
    }

    @Test func dataProblemsShowADiscreetBadge() {
        var content = sampleContent()
        content.problems = [Problem(path: "honours.csv", line: 3, column: 4, severity: .error, message: "bad date")]
        #expect(texts(FrameBuilder.build(context(content: content))).contains("1 lỗi dữ liệu"))
    }
}

@Suite struct StateTests {
    @Test func touchOpensTheHonourRollAndIdleReturnsToTheLobby() {
        var state = KioskState()
        let t0 = Date(timeIntervalSince1970: 1000)
        state.apply(.input(.pointerDown(x: 10, y: 10)), at: t0)
        // With nothing on screen to touch, a touch does nothing.
        state.apply(.input(.pointerUp(x: 10, y: 10)), at: t0)
        #expect(state.scene == .lobby)
        var map = InteractionMap()
        map.targets.append(HitTarget(Rect(x: 0, y: 0, width: 100, height: 100), .openScene(.honours)))
        state.apply(.input(.pointerUp(x: 10, y: 10)), at: t0, map: map)
        #expect(state.scene == .honours)
        #expect(state.idleDeadline == t0.addingTimeInterval(60))
        let early = state.expireIdle(at: t0.addingTimeInterval(59))
        #expect(!early)
        let due = state.expireIdle(at: t0.addingTimeInterval(60))
        #expect(due)
        #expect(state.scene == .lobby)
    }

    @Test func textWrapsAtSpacesAndKeepsTheRestOnTheLastLine() {
        let lines = TextLayout.wrap("một hai ba bốn năm sáu", font: FontSpec(size: 10), width: 40, maxLines: 2, measurer: FixedMeasurer())
        #expect(lines == ["một hai", "ba bốn năm sáu"])
        #expect(Problem(path: "a.csv", line: 2, column: 5, severity: .error, message: "x").description == "a.csv:2:5: error: x")
        #expect(Problem(path: "a.toml", severity: .warning, message: "y").description == "a.toml: warning: y")
    }
}
