import FoundationEssentials

/// What one visitor has done to the honour roll: the search, the filters, the scroll position,
/// the open card. Reset when the screen falls back to its unattended scene, so the next
/// visitor starts from the whole list.
public struct HonoursBrowser: Sendable, Hashable {
    public var query = HonourQuery()
    /// The on-screen keyboard is up.
    public var keyboardOpen = false
    public var scroll = ScrollMotion()
    /// The open card, by position among the current matches.
    public var card: Int?
    /// How far (px) a finger has pulled the open card sideways; past a threshold on release
    /// it turns to the next or previous recipient.
    public var cardSwipe = 0.0
    var gesture = PointerGesture()
    /// The touch that began this gesture stopped a moving list; it must not also tap.
    var touchCaughtMotion = false
    /// The touch began inside the scrollable list (and no card covered it).
    var touchOnList = false

    public init() {}

    /// Nothing has been changed by a visitor.
    public var isPristine: Bool { self == HonoursBrowser() }

    /// How far a card must be swiped to turn, as a share of the swipe area's width.
    static let swipeShare = 0.12

    /// Applies one input; `map` is what the frame on screen offers to touch.
    mutating func handle(_ event: InputEvent, at now: Date, map: InteractionMap, language: inout DisplayLanguage) {
        let list = map.scroll
        let maxOffset = list?.maxOffset ?? 0, viewport = list?.rect.height ?? 0
        switch event {
        case .pointerDown(let x, let y):
            // A second finger (or a lost release) must not leave the list stuck to a drag.
            if scroll.isDragging { scroll.release(velocity: 0, at: now, maxOffset: maxOffset, viewport: viewport) }
            gesture.slop = map.tapSlop
            gesture.down(x: x, y: y, at: now)
            touchOnList = card == nil && list?.rect.contains(x: x, y: y) == true
            touchCaughtMotion = touchOnList && scroll.grab(at: now, maxOffset: maxOffset, viewport: viewport)
        case .pointerMoved(let x, let y):
            let (dx, dy) = gesture.move(x: x, y: y, at: now)
            switch gesture.phase {
            case .dragging(.vertical) where touchOnList: scroll.drag(by: dy)
            case .dragging(.horizontal) where card != nil: cardSwipe += dx
            default: break
            }
        case .pointerUp(let x, let y):
            let ended = gesture.up(x: x, y: y, at: now)
            let velocity = gesture.velocity(at: now)
            if touchOnList {
                // Fingers move the content the way they move: up (negative y) scrolls forward.
                let fling = ended == .dragging(.vertical) ? -velocity.y : 0
                scroll.release(velocity: fling, at: now, maxOffset: maxOffset, viewport: viewport)
            }
            if ended == .dragging(.horizontal), let card, let area = map.swipeArea {
                if cardSwipe < -area.width * Self.swipeShare { showCard(card + 1, count: map.matchCount) }
                else if cardSwipe > area.width * Self.swipeShare { showCard(card - 1, count: map.matchCount) }
            }
            cardSwipe = 0
            if ended == .pressed && !touchCaughtMotion,
               let target = map.target(atX: gesture.startX, y: gesture.startY), map.target(atX: x, y: y) == target {
                activate(target, at: now, map: map, language: &language)
            }
            touchOnList = false
            touchCaughtMotion = false
        case .text(let text):
            edit { $0 += text }
        case .key(let name, _):
            switch name {
            case "Backspace": edit { if !$0.isEmpty { $0.removeLast() } }
            case "Return", "Keypad Enter": keyboardOpen = false
            // Mid-fade the map is empty (matchCount 0): arrows wait for the card to be drawn.
            case "Left": if let card, map.matchCount > 0 { showCard(card - 1, count: map.matchCount) }
            case "Right": if let card, map.matchCount > 0 { showCard(card + 1, count: map.matchCount) }
            case "Up", "Down", "PageUp", "PageDown":
                let step = name.hasPrefix("Page") ? viewport * 0.9 : viewport * 0.25
                let sign: Double = name == "Up" || name == "PageUp" ? -1 : 1
                let from = scroll.offset(at: now, maxOffset: maxOffset, viewport: viewport)
                scroll.glide(to: from + sign * step, at: now, maxOffset: maxOffset, viewport: viewport)
            default: break
            }
        case .quitRequested, .redrawNeeded:
            break
        }
    }

    /// The honour roll was replaced by a reload: an open card is a position among the old
    /// matches and could now show someone else, so it closes.
    mutating func honoursReplaced() {
        card = nil
        cardSwipe = 0
    }

    /// Escape steps back one level; false when there was nothing left to close.
    mutating func closeTopmost() -> Bool {
        if card != nil { card = nil; return true }
        if keyboardOpen { keyboardOpen = false; return true }
        return false
    }

    private mutating func activate(_ target: TapTarget, at now: Date, map: InteractionMap, language: inout DisplayLanguage) {
        switch target {
        case .openScene, .nothing, .slideshow: break
        case .kind(let kind): refine { $0.kind = kind }
        // Touching the chosen year or award type again lets go of it.
        case .year(let year): refine { $0.year = $0.year == year ? nil : year }
        case .awardType(let type): refine { $0.awardType = $0.awardType == type ? nil : type }
        case .indexLetter(_, let offset):
            let list = map.scroll
            scroll.glide(to: offset, at: now, maxOffset: list?.maxOffset ?? 0, viewport: list?.rect.height ?? 0)
        case .searchField: keyboardOpen = true
        case .keyboard(.character(let c)): edit { $0 += c }
        case .keyboard(.backspace): edit { if !$0.isEmpty { $0.removeLast() } }
        case .keyboard(.clear): edit { $0 = "" }
        case .keyboard(.done): keyboardOpen = false
        case .recipient(let index): card = index
        case .previousCard: if let card { showCard(card - 1, count: map.matchCount) }
        case .nextCard: if let card { showCard(card + 1, count: map.matchCount) }
        case .closeCard: card = nil
        case .language(let chosen): language = chosen
        case .clearQuery: refine { $0 = HonourQuery() }
        }
    }

    private mutating func showCard(_ index: Int, count: Int) {
        guard count > 0 else { card = nil; return }
        card = min(max(0, index), count - 1)
    }

    /// A changed query shows its matches from the top.
    private mutating func refine(_ change: (inout HonourQuery) -> Void) {
        let before = query
        change(&query)
        if query != before { scroll.reset(); card = nil }
    }

    private mutating func edit(_ change: (inout String) -> Void) {
        refine { change(&$0.search) }
    }
}
