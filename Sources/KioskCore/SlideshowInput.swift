import FoundationEssentials

extension SlideshowState {
    /// How long the controls stay after a touch.
    static let controlsSeconds = 5.0
    /// How far a photo must be swiped to turn, as a share of the screen's width.
    static let swipeShare = 0.12

    /// Applies one input to the full-screen slideshow; returns a target that leaves it (a scene
    /// to open), for the state to act on.
    mutating func handle(_ event: InputEvent, at now: Date, map: InteractionMap) -> TapTarget? {
        controlsUntil = now.addingTimeInterval(Self.controlsSeconds)
        switch event {
        case .pointerDown(let x, let y):
            gesture.slop = map.tapSlop
            gesture.down(x: x, y: y, at: now)
            // The controls appear with this touch: it means what the visitor saw when it landed,
            // not a button drawn under the finger since.
            touchedTarget = map.target(atX: x, y: y)
        case .pointerMoved(let x, let y):
            let (dx, _) = gesture.move(x: x, y: y, at: now)
            if gesture.phase == .dragging(.horizontal) && !pickerOpen { swipe += dx }
        case .pointerUp(let x, let y):
            let ended = gesture.up(x: x, y: y, at: now)
            defer { swipe = 0 }
            if ended == .dragging(.horizontal), let shown = map.slideshow, let area = map.swipeArea {
                // Fingers move the photo the way they move: to the left brings the next one.
                if swipe < -area.width * Self.swipeShare { step(1, from: shown, at: now) }
                else if swipe > area.width * Self.swipeShare { step(-1, from: shown, at: now) }
                return nil
            }
            guard ended == .pressed, let target = touchedTarget else { return nil }
            touchedTarget = nil
            return activate(target, at: now, map: map)
        case .key(let name, _):
            guard let shown = map.slideshow else { return nil }
            switch name {
            case "Left": step(-1, from: shown, at: now)
            case "Right": step(1, from: shown, at: now)
            case "Space": togglePause(shown, at: now)
            default: break
            }
        case .text, .quitRequested, .redrawNeeded:
            break
        }
        return nil
    }

    private mutating func activate(_ target: TapTarget, at now: Date, map: InteractionMap) -> TapTarget? {
        guard case .slideshow(let control) = target else { return target }
        switch control {
        case .previous: if let shown = map.slideshow { step(-1, from: shown, at: now) }
        case .next: if let shown = map.slideshow { step(1, from: shown, at: now) }
        case .togglePause: if let shown = map.slideshow { togglePause(shown, at: now) }
        case .openAlbums: pickerOpen = true
        case .closeAlbums: pickerOpen = false
        case .album(let title):
            if title != album { choose(album: title, from: map.slideshow, at: now) } else { pickerOpen = false }
        }
        return nil
    }

    /// The controls are on screen: after a touch, while paused, while choosing an album.
    public func showsControls(at now: Date) -> Bool {
        isPaused || pickerOpen || (controlsUntil.map { now < $0 } ?? false)
    }
}
