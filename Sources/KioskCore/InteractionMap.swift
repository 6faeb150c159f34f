/// What a touch on a drawn element does. The scene that draws an element says what touching it
/// means, so hit-testing uses exactly the layout that is on screen.
public enum TapTarget: Sendable, Hashable {
    /// A part of the unattended lobby: open that scene.
    case openScene(SceneID)
    /// A kind chip (nil: every kind).
    case kind(HonourKind?)
    /// A year chip (nil: every year).
    case year(Int?)
    /// An award-type chip (nil: every type).
    case awardType(String?)
    /// A letter of the A–Z index, and the scroll offset where its first recipient is.
    case indexLetter(String, offset: Double)
    /// The search field: opens the on-screen keyboard.
    case searchField
    /// A key of the on-screen keyboard.
    case keyboard(KeyboardKey)
    /// A recipient, by position among the current matches: opens its card.
    case recipient(Int)
    case previousCard, nextCard, closeCard
    case language(DisplayLanguage)
    /// A surface that takes a touch and does nothing (the card, over the list's targets).
    case nothing
    /// Shows every recipient again (the "no results" screen's way out).
    case clearQuery
    /// A control of the full-screen slideshow.
    case slideshow(SlideshowControl)
}

/// What the slideshow's controls do.
public enum SlideshowControl: Sendable, Hashable {
    case previous, next, togglePause, openAlbums, closeAlbums
    /// Show one album (nil: every album).
    case album(String?)
}

/// A key of the on-screen keyboard.
public enum KeyboardKey: Sendable, Hashable {
    case character(String)
    case backspace, clear, done
}

/// A touchable area of the frame and what touching it does.
public struct HitTarget: Sendable, Hashable {
    public var rect: Rect
    public var target: TapTarget
    public init(_ rect: Rect, _ target: TapTarget) { self.rect = rect; self.target = target }
}

/// The part of the frame a finger can scroll, and how far.
public struct ScrollArea: Sendable, Hashable {
    public var rect: Rect
    /// The largest offset: content height minus the visible height, at least 0.
    public var maxOffset: Double
    public init(rect: Rect, maxOffset: Double) { self.rect = rect; self.maxOffset = max(0, maxOffset) }
}

/// What a frame offers to touch: built with the frame, used for the input that follows it.
public struct InteractionMap: Sendable, Hashable {
    /// Later targets are on top (a card over the list): hit-testing looks from the end.
    public var targets: [HitTarget] = []
    public var scroll: ScrollArea?
    /// Where a horizontal swipe turns the card (nil when no card is open).
    public var swipeArea: Rect?
    /// How many recipients match the current query (the last card's position + 1).
    public var matchCount = 0
    /// How far (px) a touch may move and still be a tap; scaled with the screen.
    public var tapSlop: Double = 12
    /// The slideshow's photo on screen, so a pause or a step acts on what the visitor saw.
    public var slideshow: SlideshowOnScreen?

    public init() {}

    /// The topmost target under a point.
    public func target(atX x: Double, y: Double) -> TapTarget? {
        targets.last(where: { $0.rect.contains(x: x, y: y) })?.target
    }
}
