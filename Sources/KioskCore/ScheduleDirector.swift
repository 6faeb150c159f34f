import FoundationEssentials

/// kiosk.toml's `[schedule]` applied to a running screen, step by step on its clock: day, night
/// (Chế độ ban đêm) or off, the off/on commands due at the changes, and the playlist of
/// unattended scenes.
///
/// Frames follow the hours by themselves (`FrameContext.screenMode`), so `kiosk render --at`
/// draws the same picture; this adds what only a running screen does: a state reset when the
/// screen goes dark, the commands, the playlist's moves and when to look again. Pure, so the
/// transitions are tested with an injected clock; the executable runs the commands it returns.
public struct ScheduleDirector: Sendable {
    /// The mode the screen is in; nil before the first look.
    public private(set) var mode: ScreenMode?
    /// When to look at the hours again.
    private var nextCheck = Date.distantPast
    /// When the playlist moves on.
    private var nextStep = Date.distantPast
    /// The instant of the last look: a clock now before it was set back, and every deadline
    /// computed since is an hour (or whatever the jump was) too late.
    private var lastLook = Date.distantPast
    /// The playlist's next move cuts to its scene instead of fading: the first picture after
    /// starting or after the screen comes back on has nothing to fade from.
    private var cutToScene = true
    /// `--scene` was given: it stays the home scene and the playlist is not followed.
    public let fixedScene: SceneID?

    public init(fixedScene: SceneID? = nil) { self.fixedScene = fixedScene }

    /// What one look at the schedule did.
    public struct Outcome: Sendable {
        /// The picture changed (a new mode, or the playlist's next scene).
        public var changed = false
        /// The mode the screen just entered, with when it ends (nil: not within a week).
        public var entered: (mode: ScreenMode, until: Date?)?
        /// A command of kiosk.toml's to run now: `off_command` or `on_command`, and its text.
        public var command: (key: String, text: String)?
    }

    /// The next instant something scheduled happens.
    public var nextWake: Date { min(nextCheck, nextStep) }

    public var isOff: Bool { mode == .off }

    /// New settings may bring new hours or a new playlist: look again at once.
    public mutating func settingsChanged() { nextCheck = .distantPast; nextStep = .distantPast }

    /// Brings `state` to what the schedule asks at `now`.
    public mutating func apply(at now: Date, settings: Settings, state: inout KioskState) -> Outcome {
        var outcome = Outcome()
        let schedule = settings.schedule
        if now < lastLook { settingsChanged() }
        lastLook = now
        if now >= nextCheck {
            let zone = settings.displayTimeZone
            let fresh = schedule.mode(at: now, timeZone: zone)
            let change = schedule.nextModeChange(after: now, timeZone: zone)
            // A minute at most: a backstop for a clock that moved without a look in between
            // (a clock set back is caught by `lastLook` above).
            nextCheck = min(change ?? .distantFuture, now.addingTimeInterval(60))
            if fresh != mode {
                let old = mode
                mode = fresh
                outcome.changed = true
                outcome.entered = (fresh, change)
                if fresh == .off {
                    state.screenTurnedOff(at: now)
                    // Also on starting in off hours: the display may have been left on.
                    if let command = schedule.offCommand { outcome.command = ("off_command", command) }
                } else if old == .off || old == nil {
                    // Also on starting in open hours: a power cut in the night may have left the
                    // display in standby.
                    if let command = schedule.onCommand { outcome.command = ("on_command", command) }
                    nextStep = .distantPast   // on the playlist's scene for this moment
                    cutToScene = true
                }
            }
        }
        if now >= nextStep {
            nextStep = .distantFuture
            if fixedScene == nil, mode != .off {
                // Without a playlist (or once it is removed) the lobby is the unattended scene.
                let step = schedule.playlistScene(at: now)
                if state.followPlaylist(step?.scene ?? .lobby, at: now, fade: !cutToScene) { outcome.changed = true }
                cutToScene = false
                nextStep = step?.until ?? .distantFuture
            }
        }
        return outcome
    }
}
