import FoundationEssentials

/// The screens Kiosk can show.
public enum SceneID: String, Sendable, CaseIterable {
    case lobby, honours, gallery, counter
}

/// What can change the state; every change goes through `KioskState.apply`.
public enum Action: Sendable, Hashable {
    case input(InputEvent)
    case showScene(SceneID)
    case setLanguage(DisplayLanguage)
    /// The visitor figures a frame is about to show (they may start a roll, see `CounterMotion`).
    case figuresShown(VisitorFigures)
}

/// A fade from one scene to the next: the old scene fades to the background colour, then the
/// new one fades in from it.
public struct SceneFade: Sendable, Hashable {
    public var from: SceneID
    public var start: Date
    /// The honour roll as the old scene showed it, when leaving reset it: the first half of
    /// the fade must show what the visitor left, not the reset list.
    var fromBrowser: HonoursBrowser?
    var fromSlideshow: SlideshowState?
    var fromLanguage: DisplayLanguage?
    public static let seconds = 0.5
    /// 0…1 over the fade; nil once it is over.
    public func progress(at now: Date) -> Double? {
        let p = now.timeIntervalSince(start) / Self.seconds
        return p >= 0 && p < 1 ? p : nil
    }
}

/// Everything interactive about the screen, changed in one place.
public struct KioskState: Sendable, Hashable {
    /// The scene the screen returns to when nobody touches it.
    public var homeScene: SceneID
    public private(set) var scene: SceneID
    public var language: DisplayLanguage
    /// The language of kiosk.toml: a visitor's choice lasts until the screen is left alone.
    public private(set) var homeLanguage: DisplayLanguage
    /// When a person last touched the screen; nil while unattended.
    public private(set) var lastInteraction: Date?
    /// Seconds without a touch before a browsing scene falls back to the home scene.
    public var idleSeconds: Double = 60
    /// Which visitor figures are rolling to a new value.
    public var counterMotion = CounterMotion()
    /// The honour roll as the current visitor left it.
    public var browser = HonoursBrowser()
    /// The slideshow's album, pause and steps, shared by the lobby's panel and the gallery.
    public var slideshow = SlideshowState()
    /// The scene change in progress, if any.
    public private(set) var fade: SceneFade?
    /// Set when a quit was asked for; the executable decides whether it is allowed.
    public private(set) var quitRequested = false

    public init(homeScene: SceneID = .lobby, language: DisplayLanguage = .vi) {
        self.homeScene = homeScene
        self.scene = homeScene
        self.language = language
        self.homeLanguage = language
    }

    /// Applies one action at `now`; returns whether anything visible changed. `map` is what
    /// the frame on screen offers to touch (input is hit-tested against it).
    @discardableResult
    public mutating func apply(_ action: Action, at now: Date, map: InteractionMap = InteractionMap()) -> Bool {
        let before = self
        switch action {
        case .showScene(let id):
            show(id, at: now)
            lastInteraction = id == homeScene ? nil : now
        case .setLanguage(let language):
            self.language = language
            homeLanguage = language
        case .figuresShown(let figures):
            counterMotion.observe(figures.inDisplayOrder, at: now)
        case .input(let event):
            handle(event, at: now, map: map)
        }
        return before != self
    }

    /// The wall clock was set by `seconds`: the slideshow's timeline and the last touch move
    /// with it, so nothing waits the jump out (a clock set back an hour froze the slideshow).
    public mutating func clockJumped(by seconds: Double) {
        slideshow.clockJumped(by: seconds)
        lastInteraction?.addTimeInterval(seconds)
    }

    /// Falls back to the home scene, as the next visitor should find it, once the screen has
    /// been left alone long enough.
    @discardableResult
    public mutating func expireIdle(at now: Date, map: InteractionMap = InteractionMap()) -> Bool {
        guard let deadline = idleDeadline, now >= deadline else { return false }
        let (leftBrowser, leftSlideshow, leftLanguage, leftScene) = (browser, slideshow, language, scene)
        // The photo on screen stays; its album choice and pause go with the visitor.
        if let shown = map.slideshow { slideshow.pin(shown) }
        slideshow.visitorLeft(at: now)
        show(homeScene, at: now, force: true)
        fade?.fromBrowser = leftBrowser
        fade?.fromSlideshow = leftSlideshow
        fade?.fromLanguage = leftLanguage
        fade?.from = leftScene
        browser = HonoursBrowser()
        language = homeLanguage
        lastInteraction = nil
        return true
    }

    /// kiosk.toml's playlist asks for `scene` as the unattended scene now. It becomes the home
    /// scene at once; the screen fades to it only when nobody is using it. A visitor keeps what
    /// they are looking at, and the idle timeout brings the screen back to the playlist.
    /// `fade: false` cuts straight to it (the first picture after starting or a dark night).
    /// Returns whether the screen changed.
    @discardableResult
    public mutating func followPlaylist(_ scene: SceneID, at now: Date, fade: Bool = true) -> Bool {
        guard scene != homeScene else { return false }
        let unattended = lastInteraction == nil && self.scene == homeScene
        homeScene = scene
        guard unattended else { return false }
        if fade { show(scene, at: now) } else { self.scene = scene; self.fade = nil }
        return true
    }

    /// The schedule turned the screen off: whoever was using it has gone, and the screen comes
    /// back on as the next visitor should find it, with no fade from the night before.
    public mutating func screenTurnedOff(at now: Date) {
        slideshow.visitorLeft(at: now)
        browser = HonoursBrowser()
        language = homeLanguage
        lastInteraction = nil
        scene = homeScene
        fade = nil
    }

    /// A reload brought a different honour roll (the catalog was rebuilt).
    public mutating func honoursReplaced() { browser.honoursReplaced() }

    /// A reload may have added or removed photos: the one on screen (per `map`, the frame on
    /// screen) keeps its place and the time it has left, instead of the rotation jumping.
    public mutating func photosMayHaveChanged(map: InteractionMap) {
        if let shown = map.slideshow { slideshow.pin(shown) }
    }

    /// When `expireIdle` will next have something to do.
    public var idleDeadline: Date? {
        guard let last = lastInteraction else { return nil }
        return last.addingTimeInterval(idleSeconds)
    }

    /// The fade in progress at `now`.
    public func fadeProgress(at now: Date) -> (from: SceneID, progress: Double)? {
        guard let fade, let p = fade.progress(at: now) else { return nil }
        return (fade.from, p)
    }

    /// The state a fade draws its first half with: the scene being left, as it was left.
    mutating func showForFade() {
        guard let fade else { return }
        scene = fade.from
        if let left = fade.fromBrowser { browser = left }
        if let left = fade.fromSlideshow { slideshow = left }
        if let left = fade.fromLanguage { language = left }
    }

    /// The lobby's panel has no controls: a pause or an album chosen in the gallery would leave
    /// it frozen or narrowed, so they go with the visitor who leaves the gallery.
    private mutating func leaveGallery(map: InteractionMap, at now: Date) {
        if let shown = map.slideshow { slideshow.pin(shown) }
        slideshow.visitorLeft(at: now)
    }

    /// `force` fades even into the same scene: the idle reset of a browsing home scene.
    private mutating func show(_ id: SceneID, at now: Date, force: Bool = false) {
        guard id != scene || force else { return }
        fade = SceneFade(from: scene, start: now)
        scene = id
    }

    private mutating func handle(_ event: InputEvent, at now: Date, map: InteractionMap) {
        switch event {
        case .quitRequested:
            quitRequested = true
            return
        case .redrawNeeded:
            return
        default:
            break
        }
        lastInteraction = now
        switch (scene, event) {
        case (.lobby, .pointerUp(let x, let y)):
            // A touch on the unattended lobby opens what it touched (the honour roll, most of it).
            if case .openScene(let id)? = map.target(atX: x, y: y) { show(id, at: now) }
        case (_, .key("Escape", _)):
            if scene == .honours && browser.closeTopmost() { break }
            if scene == .gallery && slideshow.pickerOpen { slideshow.pickerOpen = false; break }
            if scene == .gallery && scene != homeScene { leaveGallery(map: map, at: now) }
            if scene != homeScene { show(homeScene, at: now) }
        case (.honours, _):
            browser.handle(event, at: now, map: map, language: &language)
        case (.gallery, _):
            if case .openScene(let id)? = slideshow.handle(event, at: now, map: map) {
                leaveGallery(map: map, at: now)
                show(id, at: now)
            }
        default:
            break
        }
        if scene == homeScene && browser.isPristine && slideshow.isPristine && language == homeLanguage { lastInteraction = nil }
    }
}
