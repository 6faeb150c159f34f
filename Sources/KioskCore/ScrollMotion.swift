import FoundationEssentials
import Glibc

/// A vertical scroll position that follows a finger, flings with deceleration, springs back
/// from past either end, and glides to a chosen offset (a letter of the index).
///
/// The position is a pure function of the motion's start and the time asked for, so a frame
/// at a given instant is always the same frame and tests need no clock. The furthest offset
/// is passed in wherever a position is asked for: the layout knows it, the state does not.
public struct ScrollMotion: Sendable, Hashable {
    /// Seconds for a fling's speed to fall to 1/e: 2,000 px/s travels about 700 px.
    public static let decayTime = 0.35
    /// Angular frequency of the critically damped spring that pulls an overscroll back to the
    /// end and glides to a target: settled in about 0.4 s.
    public static let springRate = 14.0
    /// Below this speed (px/s), in bounds, the motion has ended.
    static let restSpeed = 8.0
    /// Integration step; fixed so the same start and time always give the same position.
    static let step = 1.0 / 240.0
    /// The longest a motion runs before it is taken as settled (a safety net).
    static let longest = 6.0

    enum Phase: Sendable, Hashable {
        case resting(offset: Double)
        /// A finger holds the list: `offset` is where it would be without the rubber band.
        case dragging(offset: Double)
        /// Free motion from `offset` at `velocity` px/s since `start`; with a `target`, a
        /// spring pulls towards it instead of friction slowing it.
        case moving(offset: Double, velocity: Double, start: Date, target: Double?)
    }

    var phase: Phase = .resting(offset: 0)
    /// Where the list last stood still before the motion under way (unclamped): the screen keeps
    /// the list drawn there in its still layer while the motion is drawn over it, so starting a
    /// drag or a fling does not redraw the whole screen.
    public private(set) var lastRest: Double = 0

    public init(offset: Double = 0) {
        phase = .resting(offset: offset)
        lastRest = offset
    }

    /// Where the list is at `now`, between a rubber-banded overscroll above 0 and below
    /// `maxOffset`; `viewport` (the visible height) sets how far the rubber band stretches.
    public func offset(at now: Date, maxOffset: Double, viewport: Double) -> Double {
        switch phase {
        case .resting(let offset):
            return min(max(offset, 0), max(0, maxOffset))
        case .dragging(let offset):
            return Self.rubberBand(offset, maxOffset: max(0, maxOffset), viewport: viewport)
        case .moving(let offset, let velocity, let start, let target):
            return simulate(offset, velocity, seconds: now.timeIntervalSince(start), target: target,
                            maxOffset: max(0, maxOffset)).offset
        }
    }

    /// Whether the position still changes by itself after `now` (the screen keeps drawing).
    public func isMoving(at now: Date, maxOffset: Double) -> Bool {
        guard case .moving(let offset, let velocity, let start, let target) = phase else { return false }
        return !simulate(offset, velocity, seconds: now.timeIntervalSince(start), target: target,
                         maxOffset: max(0, maxOffset)).settled
    }

    public var isDragging: Bool { if case .dragging = phase { return true } else { return false } }

    /// A finger lands: the list stops where it is (a moving list is caught) and follows it.
    /// Returns whether it was moving, so the touch that caught it is not also a tap.
    @discardableResult
    public mutating func grab(at now: Date, maxOffset: Double, viewport: Double) -> Bool {
        let wasMoving = isMoving(at: now, maxOffset: maxOffset)
        let current = offset(at: now, maxOffset: maxOffset, viewport: viewport)
        // A caught motion keeps the rest it started from: that is what the still layer shows.
        if !wasMoving && !isDragging { lastRest = current }
        // Keep an overscroll where it is under the finger: store its un-banded equivalent.
        phase = .dragging(offset: Self.unRubberBand(current, maxOffset: max(0, maxOffset), viewport: viewport))
        return wasMoving
    }

    /// The finger moved by `delta` pixels (up is negative: the list scrolls forward).
    public mutating func drag(by delta: Double) {
        if case .dragging(let offset) = phase { phase = .dragging(offset: offset - delta) }
    }

    /// The finger lifts while the list moves at `velocity` px/s (positive: towards the end).
    public mutating func release(velocity: Double, at now: Date, maxOffset: Double, viewport: Double) {
        guard isDragging else { return }
        let from = offset(at: now, maxOffset: maxOffset, viewport: viewport)
        if from >= 0 && from <= max(0, maxOffset) && abs(velocity) < Self.restSpeed {
            phase = .resting(offset: from)
        } else {
            phase = .moving(offset: from, velocity: velocity, start: now, target: nil)
        }
    }

    /// Glides to `target` (clamped to the list), as when a letter of the index is touched.
    public mutating func glide(to target: Double, at now: Date, maxOffset: Double, viewport: Double) {
        let from = offset(at: now, maxOffset: maxOffset, viewport: viewport)
        let velocity = currentVelocity(at: now, maxOffset: maxOffset)
        if !isMoving(at: now, maxOffset: maxOffset) && !isDragging { lastRest = from }
        phase = .moving(offset: from, velocity: velocity, start: now, target: min(max(target, 0), max(0, maxOffset)))
    }

    /// Jumps to `offset` at once (a new search starts at the top).
    public mutating func reset(to offset: Double = 0) {
        phase = .resting(offset: offset)
        lastRest = offset
    }

    /// Whether the list moves at `now`: a finger holds it or it still glides.
    public func isInMotion(at now: Date, maxOffset: Double) -> Bool {
        isDragging || isMoving(at: now, maxOffset: maxOffset)
    }

    private func currentVelocity(at now: Date, maxOffset: Double) -> Double {
        guard case .moving(let offset, let velocity, let start, let target) = phase else { return 0 }
        return simulate(offset, velocity, seconds: now.timeIntervalSince(start), target: target,
                        maxOffset: max(0, maxOffset)).velocity
    }

    /// Fixed-step integration: friction in bounds, a critically damped spring beyond an end
    /// (or towards a target). Deterministic, and cheap: a fling lasts a couple of seconds.
    func simulate(_ start: Double, _ startVelocity: Double, seconds: Double, target: Double?,
                  maxOffset: Double) -> (offset: Double, velocity: Double, settled: Bool) {
        var x = start, v = startVelocity
        let k = Self.springRate * Self.springRate, damping = 2 * Self.springRate
        let friction = exp(-Self.step / Self.decayTime)
        var elapsed = 0.0
        let until = min(max(0, seconds), Self.longest)
        while true {
            let anchor: Double? = target ?? (x < 0 ? 0 : x > maxOffset ? maxOffset : nil)
            if let anchor {
                if abs(x - anchor) < 0.5 && abs(v) < Self.restSpeed { return (anchor, 0, true) }
            } else if abs(v) < Self.restSpeed {
                return (x, 0, true)
            }
            if elapsed >= until { return (x, v, seconds >= Self.longest) }
            let dt = min(Self.step, until - elapsed)
            if let anchor {
                // Semi-implicit Euler: stable for this stiffness at this step.
                v += (-k * (x - anchor) - damping * v) * dt
                x += v * dt
            } else {
                v *= dt == Self.step ? friction : exp(-dt / Self.decayTime)
                x += v * dt
                // A fast fling that crosses an end keeps its speed into the spring, which
                // stops it a little way past the end and brings it back: the bounce.
            }
            elapsed += dt
        }
    }

    /// Past an end the list follows the finger less and less, the way a rubber band resists.
    static func rubberBand(_ offset: Double, maxOffset: Double, viewport: Double) -> Double {
        let d = max(1, viewport)
        func resist(_ excess: Double) -> Double { (1 - 1 / (excess * 0.55 / d + 1)) * d }
        if offset < 0 { return -resist(-offset) }
        if offset > maxOffset { return maxOffset + resist(offset - maxOffset) }
        return offset
    }

    /// The inverse of `rubberBand`, so a caught overscroll stays under the finger.
    static func unRubberBand(_ shown: Double, maxOffset: Double, viewport: Double) -> Double {
        let d = max(1, viewport)
        func stretch(_ banded: Double) -> Double {
            let b = min(banded, d * 0.999)
            return (1 / (1 - b / d) - 1) * d / 0.55
        }
        if shown < 0 { return -stretch(-shown) }
        if shown > maxOffset { return maxOffset + stretch(shown - maxOffset) }
        return shown
    }
}
