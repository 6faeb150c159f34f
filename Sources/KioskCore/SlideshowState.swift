import FoundationEssentials

/// The photos a slideshow runs through: every album's, or the one album a visitor chose.
public struct SlideshowPlaylist {
    public let entries: [(album: Album, photo: Photo)]
    public let paths: [String]

    public init(_ content: KioskContent, album: String?) {
        if let album, let chosen = content.albums.first(where: { $0.title == album }) {
            entries = chosen.photos.map { (chosen, $0) }
            paths = chosen.photos.map(\.path)
        } else {
            // Shared with the content: no copy on each frame.
            entries = content.allPhotos
            paths = content.allPhotoPaths
        }
    }

    public var count: Int { entries.count }
}

/// Which photo is on screen at an instant, how far the crossfade into it has got and how far
/// into its time it is (Ken Burns moves with that).
public struct SlideshowPosition: Equatable {
    public var current: Int
    /// The photo fading out, or nil when the current one came on without a fade.
    public var previous: Int?
    /// 0…1 while fading from `previous` into `current`; 1 once the fade is over.
    public var fade: Double
    /// When the current photo's turn began.
    public var slideStart: Date
    /// When the next photo's turn starts; nil while paused.
    public var nextSlideAt: Date?
    /// Seconds into the current photo's turn (frozen while paused).
    public var elapsed: Double

    /// The clock's own schedule, used until a visitor or a change of photos sets an anchor:
    /// slides since 1970, so the lobby panel and the full-screen gallery agree and a frame at a
    /// given instant is always the same frame.
    public init(count: Int, clock: Double, slideSeconds: Double, fadeSeconds: Double) {
        precondition(count > 0)
        let slot = (clock / slideSeconds).rounded(.down)
        current = Int(slot.truncatingRemainder(dividingBy: Double(count)))
        previous = count > 1 ? (current + count - 1) % count : nil
        elapsed = clock - slot * slideSeconds
        slideStart = Date(timeIntervalSince1970: slot * slideSeconds)
        nextSlideAt = Date(timeIntervalSince1970: (slot + 1) * slideSeconds)
        fade = previous != nil && fadeSeconds > 0 ? min(1, elapsed / fadeSeconds) : 1
    }

    init(current: Int, previous: Int?, fade: Double, slideStart: Date, nextSlideAt: Date?, elapsed: Double) {
        self.current = current; self.previous = previous; self.fade = fade
        self.slideStart = slideStart; self.nextSlideAt = nextSlideAt; self.elapsed = elapsed
    }
}

/// What a visitor (or a change of photos) has done to the slideshow: the album chosen, a pause,
/// a step forward or back. Everything else about the slideshow is a function of the clock.
public struct SlideshowState: Sendable, Hashable {
    /// The album a visitor chose; nil runs through every album.
    public var album: String?
    /// The album picker is open.
    public var pickerOpen = false
    /// When paused, since when.
    public private(set) var pausedAt: Date?
    /// The controls stay on screen until then after a touch.
    public var controlsUntil: Date?
    /// How far a finger has pulled the photo sideways.
    public var swipe = 0.0
    var gesture = PointerGesture()
    /// What lay under the finger when it landed.
    var touchedTarget: TapTarget?

    /// The timeline restarts at this photo at `start`. The photo is named by path so that a
    /// photo added or removed elsewhere does not change which one is on screen; `index` is the
    /// fallback when the photo itself is gone.
    struct Anchor: Sendable, Hashable {
        var path: String?
        var index: Int
        var start: Date
        /// The photo to fade from into the anchor's (a step or a new album); nil cuts.
        var fadeFrom: String?
    }
    var anchor: Anchor?

    public init() {}

    public var isPaused: Bool { pausedAt != nil }
    /// Nothing has been changed by a visitor (an anchor set by new photos does not count).
    public var isPristine: Bool { album == nil && !pickerOpen && pausedAt == nil && swipe == 0 }

    /// Where the slideshow of `paths` is at `now`.
    public func position(_ paths: [String], at now: Date, slideSeconds: Double, fadeSeconds: Double) -> SlideshowPosition? {
        let count = paths.count
        guard count > 0, slideSeconds > 0 else { return nil }
        guard let anchor else {
            var clocked = SlideshowPosition(count: count, clock: (pausedAt ?? now).timeIntervalSince1970,
                                            slideSeconds: slideSeconds, fadeSeconds: fadeSeconds)
            if pausedAt != nil { clocked.nextSlideAt = nil }
            return clocked
        }
        let first = anchor.path.flatMap { paths.firstIndex(of: $0) } ?? min(max(0, anchor.index), count - 1)
        let since = max(0, (pausedAt ?? now).timeIntervalSince(anchor.start))
        let slot = (since / slideSeconds).rounded(.down)
        let current = (first + Int(slot.truncatingRemainder(dividingBy: Double(count)))) % count
        var previous: Int? = slot == 0 ? anchor.fadeFrom.flatMap { paths.firstIndex(of: $0) } : (current + count - 1) % count
        if previous == current { previous = nil }
        let elapsed = since - slot * slideSeconds
        // A pause freezes the turn, not a fade that was under way: that one finishes.
        let fadeTime = elapsed + (pausedAt.map { now.timeIntervalSince($0) } ?? 0)
        let fade = previous != nil && fadeSeconds > 0 ? min(1, max(0, fadeTime / fadeSeconds)) : 1
        let slideStart = anchor.start.addingTimeInterval(slot * slideSeconds)
        return SlideshowPosition(current: current, previous: previous, fade: fade, slideStart: slideStart,
                                 nextSlideAt: pausedAt == nil ? slideStart.addingTimeInterval(slideSeconds) : nil,
                                 elapsed: elapsed)
    }

    /// The wall clock was set by `seconds` (NTP, staff): the instants this state keeps move with
    /// it, so the photo on screen keeps the time it had left. Without this, a clock set back an
    /// hour left a pinned slideshow waiting an hour for its next turn.
    public mutating func clockJumped(by seconds: Double) {
        anchor?.start.addTimeInterval(seconds)
        pausedAt?.addTimeInterval(seconds)
        controlsUntil?.addTimeInterval(seconds)
    }

    /// Pins the timeline to what is on screen, so that a change to the list of photos leaves the
    /// current photo where it is, with the time it has left.
    mutating func pin(_ shown: SlideshowOnScreen) {
        let fadeFrom = anchor.flatMap { shown.slideStart == $0.start ? $0.fadeFrom : nil } ?? shown.fadingFrom
        anchor = Anchor(path: shown.current, index: shown.index, start: shown.slideStart, fadeFrom: fadeFrom)
    }

    /// Goes one photo forward or back from what is on screen, fading from it.
    mutating func step(_ direction: Int, from shown: SlideshowOnScreen, at now: Date) {
        let target = direction > 0 ? shown.next : shown.previous
        anchor = Anchor(path: target, index: shown.index + direction, start: now, fadeFrom: shown.current)
        if pausedAt != nil { pausedAt = now }
    }

    mutating func togglePause(_ shown: SlideshowOnScreen, at now: Date) {
        if let pausedAt {
            // The turn resumes with the time it had left; its fade ran on during the pause and
            // must not run again.
            anchor?.start.addTimeInterval(now.timeIntervalSince(pausedAt))
            anchor?.fadeFrom = nil
            self.pausedAt = nil
        } else {
            pin(shown)
            pausedAt = now
        }
    }

    /// Starts `album` (nil: every album) at its first photo, fading from the photo on screen.
    mutating func choose(album: String?, from shown: SlideshowOnScreen?, at now: Date) {
        self.album = album
        pickerOpen = false
        anchor = Anchor(path: nil, index: 0, start: now, fadeFrom: shown?.current)
        if pausedAt != nil { pausedAt = now }
    }

    /// The visitor has gone: the slideshow runs on through every album from the photo on screen.
    mutating func visitorLeft(at now: Date) {
        if let pausedAt {
            anchor?.start.addTimeInterval(now.timeIntervalSince(pausedAt))
            anchor?.fadeFrom = nil
        }
        pausedAt = nil
        touchedTarget = nil
        album = nil
        pickerOpen = false
        controlsUntil = nil
        swipe = 0
        gesture = PointerGesture()
    }
}

/// What a frame's slideshow showed, so input acts on the photo the visitor saw.
public struct SlideshowOnScreen: Sendable, Hashable {
    public var current: String
    public var index: Int
    public var slideStart: Date
    public var next: String
    public var previous: String
    /// The photo fading out under it, while the crossfade runs.
    public var fadingFrom: String? = nil
}
