import FoundationEssentials

/// Remembers when each visitor figure last changed, so that a changed figure rolls to its new
/// value like an odometer instead of jumping.
///
/// The frame is a pure function of state and time: this is the state. The main loop shows it the
/// figures before each frame (`KioskState.apply(.figuresShown)`); a roll then depends only on
/// `now`, so a frame at a given instant is always the same frame.
public struct CounterMotion: Sendable, Hashable {
    /// How long a roll takes.
    public static let duration: TimeInterval = 0.8

    /// One figure on its way from one value to another.
    public struct Roll: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var start: Date
        public init(from: Int, to: Int, start: Date) { self.from = from; self.to = to; self.start = start }
    }

    /// The figures last shown, in the order of `CounterPanel.rows`; nil before the first frame.
    public private(set) var values: [Int]?
    /// Rolls by row, kept until the next change of that row (a finished roll draws as still).
    public private(set) var rolls: [Int: Roll] = [:]

    public init() {}

    /// Takes the figures a frame at `now` shows. A figure that differs from the one shown before
    /// starts rolling; the first figures shown, at start-up, do not roll. Returns whether a roll started.
    @discardableResult
    public mutating func observe(_ figures: [Int], at now: Date) -> Bool {
        defer { values = figures }
        guard let previous = values, previous.count == figures.count else {
            rolls = [:]
            return false
        }
        var started = false
        for index in figures.indices where figures[index] != previous[index] {
            rolls[index] = Roll(from: previous[index], to: figures[index], start: now)
            started = true
        }
        return started
    }

    /// Row `index`'s roll while it is under way at `now`, with its progress in 0..<1.
    public func roll(_ index: Int, at now: Date) -> (roll: Roll, progress: Double)? {
        guard let roll = rolls[index] else { return nil }
        let elapsed = now.timeIntervalSince(roll.start)
        guard elapsed >= 0, elapsed < Self.duration else { return nil }
        return (roll, elapsed / Self.duration)
    }
}
