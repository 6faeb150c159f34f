import Foundation
import Testing
@testable import KioskCore

/// A visitor at the full-screen gallery (1280×720) with an injected clock: every event meets
/// the frame that would be on screen at its moment.
struct GalleryVisitor: ScreenVisitor {
    var state: KioskState
    var content: KioskContent
    var now = instant("2024-06-11T09:00:01+07:00")
    let width = 1280.0, height = 720.0

    init(home: SceneID = .gallery, albums: [Album] = GalleryVisitor.albums, transition: SlideTransition = .crossfade) {
        state = KioskState(homeScene: home)
        var settings = Settings()
        settings.transition = transition
        content = KioskContent(settings: settings, albums: albums, ticker: ["Tin một"], dataFolder: "/data")
    }

    /// Two albums: three landscape photos, then two (one a portrait).
    static let albums = [
        Album(title: "Hội nghị tổng kết", photos: (1...3).map { Photo(path: "gallery/Hội nghị tổng kết/0\($0).jpg", caption: "Ảnh \($0)", width: 1920, height: 1080) }),
        Album(title: "Giao lưu", photos: [Photo(path: "gallery/Giao lưu/a.jpg", width: 1600, height: 900),
                                          Photo(path: "gallery/Giao lưu/b.jpg", width: 3000, height: 4000)]),
    ]

    func frame() -> Frame {
        FrameBuilder.build(FrameContext(width: width, height: height, now: now, content: content, state: state, measurer: FixedMeasurer()))
    }

    /// The photo on screen (the frame's own account of it).
    var shown: String { map.slideshow?.current.components(separatedBy: "/").last ?? "none" }

    mutating func swipe(dx: Double) {
        let (x, y) = (640.0, 360.0)
        send(.pointerDown(x: x, y: y))
        for i in 1...12 {
            wait(0.2 / 12)
            send(.pointerMoved(x: x + dx * Double(i) / 12, y: y))
        }
        send(.pointerUp(x: x + dx, y: y))
    }
}

@Suite struct SlideshowTests {
    /// Slides since 1970 at 8 s: 2024-06-11T09:00:01+07:00 is 1718071201 s, slot 214758900,
    /// which is photo 0 of 5 and 1 s into its turn.
    @Test func unattendedItFollowsTheClock() {
        var v = GalleryVisitor()
        #expect(v.shown == "01.jpg")
        v.wait(7)
        #expect(v.shown == "02.jpg")
        v.wait(8 * 4)
        #expect(v.shown == "01.jpg")   // five photos later, round again
    }

    @Test func aTapPausesAndASecondResumesWithTheTimeThatWasLeft() {
        var v = GalleryVisitor()
        v.tap(x: 640, y: 300)
        #expect(v.state.slideshow.isPaused)
        #expect(texts(v.frame()).contains("Đã tạm dừng"))
        v.wait(30)
        #expect(v.shown == "01.jpg")
        v.tap(.slideshow(.togglePause))
        #expect(!v.state.slideshow.isPaused)
        // It had about 6.9 s left when paused.
        v.wait(6.5)
        #expect(v.shown == "01.jpg")
        v.wait(0.5)
        #expect(v.shown == "02.jpg")
    }

    @Test func aSwipeTurnsThePhotoWithAFade() {
        var v = GalleryVisitor()
        v.swipe(dx: -300)
        #expect(v.shown == "02.jpg")
        let mid = v.frame().allCommands.compactMap { cmd -> String? in
            if case .image(let ref, _, _, let opacity) = cmd, ref.kind == .photo, opacity == 1 { ref.path } else { nil }
        }
        #expect(mid.first?.hasSuffix("01.jpg") == true, "the photo left fades out under the new one")
        v.swipe(dx: 300)
        v.swipe(dx: 300)
        #expect(v.shown == "b.jpg")   // back past the first, round to the last
        // A short nudge turns nothing.
        v.swipe(dx: -60)
        #expect(v.shown == "b.jpg")
    }

    @Test func arrowsAndKeysStepToo() {
        var v = GalleryVisitor()
        v.tap(x: 640, y: 300)   // the controls appear with a touch
        v.tap(.slideshow(.next))
        #expect(v.shown == "02.jpg")
        v.send(.key("Right", ctrl: false))
        #expect(v.shown == "03.jpg")
        v.tap(.slideshow(.previous))
        #expect(v.shown == "02.jpg")
    }

    @Test func theControlsGoAFewSecondsAfterTheLastTouch() {
        var v = GalleryVisitor()
        #expect(!v.map.targets.contains { $0.target == .slideshow(.next) })
        v.swipe(dx: -300)
        #expect(v.map.targets.contains { $0.target == .slideshow(.next) })
        #expect(v.frame().nextChange <= v.now.addingTimeInterval(5))
        v.wait(5.1)
        #expect(!v.map.targets.contains { $0.target == .slideshow(.next) })
    }

    @Test func theAlbumPickerShowsOneAlbumOrAll() {
        var v = GalleryVisitor()
        v.swipe(dx: -300)
        v.tap(.slideshow(.openAlbums))
        #expect(texts(v.frame()).contains("Chọn album ảnh"))
        #expect(texts(v.frame()).contains("2 ảnh"))
        v.tap(.slideshow(.album("Giao lưu")))
        #expect(!v.state.slideshow.pickerOpen)
        #expect(v.shown == "a.jpg")
        v.wait(8)
        #expect(v.shown == "b.jpg")
        v.wait(8)
        #expect(v.shown == "a.jpg")   // only that album
        v.tap(x: 640, y: 300)
        v.tap(.slideshow(.openAlbums))
        v.tap(.slideshow(.album(nil)))
        #expect(v.state.slideshow.album == nil)
    }

    @Test func aNewPhotoJoinsTheRotationWithoutMovingTheOneOnScreen() {
        var v = GalleryVisitor()
        v.wait(8)
        #expect(v.shown == "02.jpg")
        let map = v.map
        // A photo that sorts first arrives: by index the screen would jump to another photo.
        var albums = GalleryVisitor.albums
        albums[0].photos.insert(Photo(path: "gallery/Hội nghị tổng kết/00.jpg", width: 1920, height: 1080), at: 0)
        v.content.albums = albums
        v.state.photosMayHaveChanged(map: map)
        #expect(v.shown == "02.jpg")
        v.wait(7.5)
        #expect(v.shown == "03.jpg")   // its turn ends when it would have
        var seen: Set<String> = []
        for _ in 0..<6 { v.wait(8); seen.insert(v.shown) }
        #expect(seen.contains("00.jpg"))
    }

    @Test func aDeletedPhotoLeavesTheRotationAndItsNeighbourTakesItsPlace() {
        var v = GalleryVisitor()
        v.wait(8)
        let map = v.map
        var albums = GalleryVisitor.albums
        albums[0].photos.remove(at: 1)   // 02.jpg, on screen
        v.content.albums = albums
        v.state.photosMayHaveChanged(map: map)
        #expect(v.shown == "03.jpg")
        var seen: Set<String> = []
        for _ in 0..<8 { v.wait(8); seen.insert(v.shown) }
        #expect(!seen.contains("02.jpg") && seen.count == 4)
        // Every photo gone: a calm message, not a crash or a black screen.
        v.content.albums = []
        #expect(texts(v.frame()).contains("Chưa có ảnh"))
    }

    @Test func whenTheVisitorLeavesTheAlbumAndPauseAreForgottenButThePhotoStays() {
        var v = GalleryVisitor(home: .lobby)
        v.tap(x: 300, y: 300)   // the lobby's photos
        #expect(v.state.scene == .gallery)
        v.wait(1)
        v.tap(x: 640, y: 300)
        v.tap(.slideshow(.openAlbums))
        v.tap(.slideshow(.album("Giao lưu")))
        #expect(v.state.slideshow.isPaused)
        let photo = v.shown
        v.wait(60)
        #expect(v.state.scene == .lobby)
        #expect(v.state.slideshow.isPristine)
        v.wait(1)
        #expect(v.shown == photo)
    }

    @Test func theHomeButtonLeavesTheGallery() {
        var v = GalleryVisitor(home: .lobby)
        v.tap(x: 300, y: 300)
        v.wait(1)
        v.tap(x: 640, y: 300)
        v.tap(.openScene(.lobby))
        #expect(v.state.scene == .lobby)
    }

    @Test func portraitsAreShownWholeOverABlurredCopyAndLandscapesFill() {
        let screen = Rect(x: 0, y: 0, width: 1280, height: 720)
        #expect(SlideshowPanel.fillsWithoutBands(Photo(path: "a", width: 1920, height: 1080), screen))
        #expect(!SlideshowPanel.fillsWithoutBands(Photo(path: "a", width: 3000, height: 4000), screen))
        #expect(!SlideshowPanel.fillsWithoutBands(Photo(path: "a", width: 3000, height: 2000), screen))   // 3:2 loses 16 %
        #expect(!SlideshowPanel.fillsWithoutBands(Photo(path: "a"), screen))   // size unknown: whole
        var v = GalleryVisitor()
        v.wait(8 * 4 + 0.5)   // past the fade from the photo before
        #expect(v.shown == "b.jpg")
        let images = v.frame().commands.compactMap { cmd -> (ImageKind, ImageFit)? in
            if case .image(let ref, _, let fit, _) = cmd { (ref.kind, fit) } else { nil }
        }
        // One picture, composed once: the photo whole over its blurred, veiled self.
        #expect(images.count == 1 && images.first?.1 == .cover, "\(images)")
        guard case .slide(let layout)? = images.first?.0 else { Issue.record("not a slide: \(images)"); return }
        #expect(layout.area == screen && layout.veil.a == 115)
    }

    @Test func kenBurnsZoomsAndPansInsideThePhotoAndDecodesForTheLargestZoom() {
        let screen = Rect(x: 0, y: 0, width: 1280, height: 720)
        for path in ["a.jpg", "b.jpg", "c.jpg", "d.jpg"] {
            let start = KenBurns.frame(of: screen, photoPath: path, progress: 0)
            let end = KenBurns.frame(of: screen, photoPath: path, progress: 1)
            #expect(start != end)
            for p in stride(from: 0.0, through: 1.0, by: 0.1) {
                let r = KenBurns.frame(of: screen, photoPath: path, progress: p)
                // Always covers the screen: no edge of the photo ever shows.
                #expect(r.x <= 0.0001 && r.y <= 0.0001 && r.maxX >= 1279.999 && r.maxY >= 719.999)
                #expect(r.width <= 1280 * SlideshowPanel.maxZoom + 0.001)
            }
        }
        var v = GalleryVisitor(transition: .kenburns)
        let first = v.frame()
        #expect(first.allCommands.contains(.prefetch(ImageRef(path: "/data/gallery/Hội nghị tổng kết/02.jpg", kind: .photo),
                                                  width: 1434, height: 807)))
        #expect(first.nextChange <= v.now.addingTimeInterval(1.0 / 30 + 0.001))
        v.wait(2)
        #expect(first.allCommands != v.frame().allCommands)
    }

    @Test func theLobbysPhotosOpenTheGalleryAndTheRestTheHonourRoll() {
        var v = GalleryVisitor(home: .lobby)
        v.tap(x: 1000, y: 300)
        #expect(v.state.scene == .honours)
        var w = GalleryVisitor(home: .lobby)
        w.tap(x: 300, y: 300)
        #expect(w.state.scene == .gallery)
    }

    @Test func theNextPhotoIsAskedForAheadAndNothingMore() {
        let v = GalleryVisitor()
        let asked = v.frame().allCommands.compactMap { cmd -> ImageRef? in
            if case .prefetch(let ref, _, _) = cmd { ref } else { nil }
        }
        #expect(asked == [ImageRef(path: "/data/gallery/Hội nghị tổng kết/02.jpg", kind: .photo)])
    }

    // Review findings.

    @Test func theFirstTouchMeansWhatWasOnScreenWhenItLanded() {
        var v = GalleryVisitor()
        // Where the "›" appears once the controls are up: this first touch only pauses.
        v.tap(x: 1230, y: 360)
        #expect(v.shown == "01.jpg" && v.state.slideshow.isPaused)
        v.tap(x: 1230, y: 360)
        #expect(v.shown == "02.jpg")
    }

    @Test func resumingAfterAStepDoesNotReplayItsFade() {
        var v = GalleryVisitor()
        v.tap(x: 640, y: 300)
        v.tap(.slideshow(.next))
        v.wait(3)
        v.tap(.slideshow(.togglePause))
        let photos = v.frame().commands.compactMap { cmd -> String? in
            if case .image(let ref, _, _, _) = cmd, ref.kind == .photo { ref.path } else { nil }
        }
        #expect(photos.count == 1 && photos[0].hasSuffix("02.jpg"), "\(photos)")
    }

    @Test func leavingTheGalleryByHomeLetsTheLobbyPanelRunOn() {
        var v = GalleryVisitor(home: .lobby)
        v.tap(x: 300, y: 300)
        v.wait(1)
        v.tap(x: 640, y: 300)
        #expect(v.state.slideshow.isPaused)
        v.tap(.openScene(.lobby))
        #expect(v.state.scene == .lobby && v.state.slideshow.isPristine)
    }

    @Test func withoutACaptionTheBottomOfTheScreenSaysNothing() {
        var v = GalleryVisitor(albums: [Album(title: "Giao lưu", photos: [Photo(path: "gallery/Giao lưu/IMG_0001.jpg", width: 1920, height: 1080)])])
        v.wait(3)
        let all = texts(v.frame())
        // The album's title at the top only: once, with its shadow.
        #expect(all.filter { $0 == "Giao lưu" }.count == 2, "\(all)")
        #expect(!all.contains { $0.contains("IMG_0001") })
    }
}
