import FoundationEssentials

/// Tells a tap from a drag for one finger (or the mouse), and how fast a drag was moving when
/// the finger lifted.
///
/// A touch is a tap until it has moved further than `slop` from where it landed; after that it
/// is a drag along the axis it first moved on, and it can never become a tap again, so a
/// visitor scrolling the list does not open a card by accident.
public struct PointerGesture: Sendable, Hashable {
    /// Which way a drag goes, decided when it leaves the slop.
    public enum Axis: Sendable, Hashable { case vertical, horizontal }

    /// What the pointer is doing after an event.
    public enum Phase: Sendable, Hashable {
        case idle
        /// Down and still within the slop: may yet be a tap.
        case pressed
        case dragging(Axis)
    }

    /// Where the pointer went down.
    public private(set) var startX = 0.0, startY = 0.0
    public private(set) var startTime = Date(timeIntervalSince1970: 0)
    /// Where it is now.
    public private(set) var x = 0.0, y = 0.0
    public private(set) var phase: Phase = .idle
    /// Recent positions, for the release velocity; a handful is enough.
    private var samples: [Sample] = []

    struct Sample: Sendable, Hashable { var time: Date; var x: Double; var y: Double }

    /// How far (px) a touch may wander and still be a tap.
    public var slop: Double

    /// Only motion this recent counts towards the release velocity: a finger that stopped
    /// before lifting does not fling.
    static let velocityWindow = 0.1

    public init(slop: Double = 12) { self.slop = slop }

    public mutating func down(x: Double, y: Double, at now: Date) {
        startX = x; startY = y; self.x = x; self.y = y; startTime = now
        phase = .pressed
        samples = [Sample(time: now, x: x, y: y)]
    }

    /// Returns how far the pointer moved since the last event while dragging (0 until it drags).
    @discardableResult
    public mutating func move(x: Double, y: Double, at now: Date) -> (dx: Double, dy: Double) {
        guard phase != .idle else { return (0, 0) }
        let before = (x: self.x, y: self.y)
        self.x = x; self.y = y
        record(Sample(time: now, x: x, y: y))
        switch phase {
        case .pressed:
            let dx = x - startX, dy = y - startY
            guard dx * dx + dy * dy > slop * slop else { return (0, 0) }
            phase = .dragging(abs(dy) >= abs(dx) ? .vertical : .horizontal)
            // The whole movement since landing goes to the drag, so the content does not
            // lag the finger by the slop.
            return (dx, dy)
        case .dragging:
            return (x - before.x, y - before.y)
        case .idle:
            return (0, 0)
        }
    }

    /// The pointer lifts. Returns the phase it ended in (a `.pressed` ending is a tap).
    @discardableResult
    public mutating func up(x: Double, y: Double, at now: Date) -> Phase {
        if phase != .idle { move(x: x, y: y, at: now) }
        let ended = phase
        phase = .idle
        return ended
    }

    /// Pixels per second over the last `velocityWindow` before `now` (positive: right, down).
    public func velocity(at now: Date) -> (x: Double, y: Double) {
        let recent = samples.filter { now.timeIntervalSince($0.time) <= Self.velocityWindow + 1e-9 }
        guard let first = recent.first, let last = recent.last else { return (0, 0) }
        let dt = last.time.timeIntervalSince(first.time)
        guard dt >= 0.008 else { return (0, 0) }
        return ((last.x - first.x) / dt, (last.y - first.y) / dt)
    }

    private mutating func record(_ sample: Sample) {
        samples.append(sample)
        if samples.count > 12 { samples.removeFirst(samples.count - 12) }
    }
}
