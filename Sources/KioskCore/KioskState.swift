import Foundation

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

/// Everything interactive about the screen, changed in one place.
public struct KioskState: Sendable, Hashable {
    /// The scene the screen returns to when nobody touches it.
    public var homeScene: SceneID
    public private(set) var scene: SceneID
    public var language: DisplayLanguage
    /// When a person last touched the screen; nil while unattended.
    public private(set) var lastInteraction: Date?
    /// Seconds without a touch before a browsing scene falls back to the home scene.
    public var idleSeconds: Double = 60
    /// Which visitor figures are rolling to a new value.
    public var counterMotion = CounterMotion()
    /// Set when a quit was asked for; the executable decides whether it is allowed.
    public private(set) var quitRequested = false

    public init(homeScene: SceneID = .lobby, language: DisplayLanguage = .vi) {
        self.homeScene = homeScene
        self.scene = homeScene
        self.language = language
    }

    /// Applies one action at `now`; returns whether anything visible changed.
    @discardableResult
    public mutating func apply(_ action: Action, at now: Date) -> Bool {
        let before = self
        switch action {
        case .showScene(let id):
            scene = id
            lastInteraction = id == homeScene ? nil : now
        case .setLanguage(let language):
            self.language = language
        case .figuresShown(let figures):
            counterMotion.observe(figures.inDisplayOrder, at: now)
        case .input(let event):
            handle(event, at: now)
        }
        return before != self
    }

    /// Falls back to the home scene once the screen has been left alone long enough.
    @discardableResult
    public mutating func expireIdle(at now: Date) -> Bool {
        guard scene != homeScene, let last = lastInteraction, now.timeIntervalSince(last) >= idleSeconds else { return false }
        scene = homeScene
        lastInteraction = nil
        return true
    }

    /// When `expireIdle` will next have something to do.
    public var idleDeadline: Date? {
        guard scene != homeScene, let last = lastInteraction else { return nil }
        return last.addingTimeInterval(idleSeconds)
    }

    private mutating func handle(_ event: InputEvent, at now: Date) {
        switch event {
        case .pointerUp:
            lastInteraction = now
            // A touch on the unattended lobby opens the honour roll; elsewhere it only keeps the
            // scene awake (browsing itself grows with the honour-roll issue).
            if scene == .lobby { scene = .honours }
        case .pointerDown, .pointerMoved, .text:
            if scene != homeScene { lastInteraction = now }
        case .key(let name, _):
            if name == "Escape" && scene != homeScene { scene = homeScene; lastInteraction = nil }
            else if scene != homeScene { lastInteraction = now }
        case .quitRequested:
            quitRequested = true
        case .redrawNeeded:
            break
        }
    }
}
