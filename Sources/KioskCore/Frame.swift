import FoundationEssentials

/// Everything a scene needs to draw one frame; time and measurement are injected.
public struct FrameContext {
    public var width: Double
    public var height: Double
    public var now: Date
    public var content: KioskContent
    public var state: KioskState
    public var measurer: TextMeasurer
    public var images: ImageAvailability
    public let theme: Theme
    /// What kiosk.toml's schedule makes of the screen at `now`: the night palette, or off.
    public let screenMode: ScreenMode

    public init(width: Double, height: Double, now: Date, content: KioskContent, state: KioskState,
                measurer: TextMeasurer, images: ImageAvailability = AllImagesReady()) {
        self.width = width; self.height = height; self.now = now
        self.content = content; self.state = state
        self.measurer = measurer; self.images = images
        screenMode = content.settings.schedule.mode(at: now, timeZone: content.settings.displayTimeZone)
        self.theme = Theme(width: width, height: height, night: screenMode == .night)
    }

    public var labels: Labels { Labels(state.language) }
    public var timeZone: ZoneRules { content.settings.displayTimeZone }
    /// Seconds since 1970: every animation phase is a function of it, so a frame at a given
    /// instant is always the same frame.
    public var clock: Double { now.timeIntervalSince1970 }
    public func absolute(_ relativePath: String, kind: ImageKind = .picture) -> ImageRef {
        ImageRef(path: PathText.appending(relativePath, to: content.dataFolder), kind: kind)
    }
}

/// One frame: what to draw, and when the picture will next change by itself.
///
/// The picture is two layers: `commands`, which change rarely (a minute, a slide), and
/// `moving`, drawn over them, which changes every tick (the ticker). A renderer that keeps the
/// first layer while it is unchanged redraws only the strip that moves.
public struct Frame {
    public var commands: [DrawCommand] = []
    /// Drawn after `commands`; for what moves on every tick. It repaints the whole of each of
    /// `movingAreas` (each part starts by filling its area, or a scene fade's veil lies over
    /// everything) and draws nowhere else, so a renderer may redraw and send just those areas.
    public var moving: [DrawCommand] = []
    /// Where `moving` draws; empty when nothing moves.
    public var movingAreas: [Rect] = []
    /// The next instant at which time alone changes the picture (a clock minute, a slide, a
    /// ticker step). The main loop sleeps until then unless input or data arrive first.
    public var nextChange: Date
    /// Until when time alone changes only the moving layer: before it, `FrameBuilder.advance`
    /// redraws just that layer from `movingParts` instead of building the whole frame again.
    public private(set) var stillUntil: Date
    /// What the frame offers to touch; the input that follows it is hit-tested against this.
    public var interaction = InteractionMap()
    /// The pieces of the moving layer that can draw themselves again for a later instant (the
    /// ticker): a tick of the lobby costs those, not the whole lobby's layout.
    public private(set) var movingParts: [MovingPart] = []
    /// Something drew into the moving layer outside a part, so the layer cannot be redrawn from
    /// the parts alone.
    public private(set) var hasLooseMoving = false
    private var drawingPart = false
    private var restMoves = false

    public init(until nextChange: Date) {
        self.nextChange = nextChange
        stillUntil = nextChange
    }

    /// Makes `rect` touchable: a tap on it means `target`.
    public mutating func target(_ rect: Rect, _ target: TapTarget) { interaction.targets.append(HitTarget(rect, target)) }

    public mutating func add(_ command: DrawCommand) {
        if restMoves { addMoving(command) } else { commands.append(command) }
    }
    public mutating func add(_ more: [DrawCommand]) {
        if restMoves { more.forEach { addMoving($0) } } else { commands.append(contentsOf: more) }
    }
    /// From now on everything added goes into the moving layer: it lies over something that
    /// moves (the full-screen gallery's caption and controls over a crossfading photo), so it
    /// must be drawn again after it, every frame.
    public mutating func moveTheRest() { restMoves = true }
    public mutating func addMoving(_ command: DrawCommand) {
        if !drawingPart { hasLooseMoving = true }
        moving.append(command)
    }
    /// Draws a part of the moving layer now and keeps `draw` to draw it again for a later
    /// instant. `draw` must depend only on its context (the same state and content, a later
    /// `now`), add to the moving layer only, and wake with `wakeMoving`.
    public mutating func addMovingPart(_ ctx: FrameContext, _ draw: @escaping (FrameContext, inout Frame) -> Void) {
        let part = MovingPart(draw: draw)
        movingParts.append(part)
        drawPart(part, ctx)
    }
    fileprivate mutating func drawPart(_ part: MovingPart, _ ctx: FrameContext) {
        drawingPart = true
        part.draw(ctx, &self)
        drawingPart = false
    }
    /// Both layers in drawing order.
    public var allCommands: [DrawCommand] { commands + moving }
    /// Brings the next change forward to `date` if it is sooner: the whole picture may change then.
    public mutating func wake(at date: Date) {
        if date < nextChange { nextChange = date }
        if date < stillUntil { stillUntil = date }
    }
    /// Brings the next change forward for the moving layer alone (a part's next tick).
    public mutating func wakeMoving(at date: Date) { if date < nextChange { nextChange = date } }
}

/// A piece of a frame's moving layer, kept so it can be drawn again for a later instant.
public struct MovingPart {
    let draw: (FrameContext, inout Frame) -> Void
}

/// Builds the frame of the current scene: the pure function from state and time to draw commands.
public enum FrameBuilder {
    /// Frames per second for continuous motion (ticker, crossfades).
    public static let motionInterval = 1.0 / 60.0
    /// Steps a second of the lobby's photo crossfade: a mix of two photos is the dearest thing
    /// the unattended lobby draws, and a 1.2 s fade in 36 steps looks as smooth as in 72.
    public static let panelFadeSteps = 30.0

    /// `date` rounded down to a whole step of `perSecond`, and the step after it.
    public static func step(_ date: Date, perSecond: Double) -> (start: Date, next: Date) {
        let n = (date.timeIntervalSinceReferenceDate * perSecond).rounded(.down)
        return (Date(timeIntervalSinceReferenceDate: n / perSecond), Date(timeIntervalSinceReferenceDate: (n + 1) / perSecond))
    }

    public static func build(_ ctx: FrameContext) -> Frame {
        var frame = Frame(until: ctx.now.addingTimeInterval(3600))
        if ctx.screenMode == .off {
            // Off hours: black, nothing to touch, nothing moving until the schedule says so.
            frame.add(.fill(Rect(x: 0, y: 0, width: ctx.width, height: ctx.height), Color(0, 0, 0)))
            if let on = ctx.content.settings.schedule.nextModeChange(after: ctx.now, timeZone: ctx.timeZone) { frame.nextChange = on }
            return frame
        }
        frame.interaction.tapSlop = ctx.theme.len(12)
        if let fade = ctx.state.fadeProgress(at: ctx.now) {
            // First half: the old scene darkens to the background; second half: the new one
            // appears from it. Nothing is touchable until it has.
            var shown = ctx
            if fade.progress < 0.5 { shown.state.showForFade() }
            draw(shown, into: &frame)
            let veil = 1 - abs(fade.progress - 0.5) * 2
            // The veil covers everything, the moving layer too: it is the moving layer's last
            // command, so the scene under it stays a still layer the renderer keeps for each
            // half of the fade instead of drawing the whole scene again every frame.
            let screen = Rect(x: 0, y: 0, width: ctx.width, height: ctx.height)
            frame.addMoving(.fill(screen, ctx.theme.background.withOpacity(veil)))
            frame.movingAreas.append(screen)
            frame.interaction = InteractionMap()
            frame.wake(at: ctx.now.addingTimeInterval(motionInterval))
        } else {
            draw(ctx, into: &frame)
        }
        if let idle = ctx.state.idleDeadline { frame.wake(at: idle) }
        // The night palette's start and end are not woken for here: the running screen's
        // ScheduleDirector knows the next change already, and working it out on every frame of
        // the ticker would cost more than the frame's text.
        return frame
    }

    /// `frame` at the later instant of `ctx` when only its moving layer can have changed by then
    /// (same state and content, before its `stillUntil`): the parts drawn again, the rest kept.
    /// nil when the whole frame must be built again.
    public static func advance(_ frame: Frame, to ctx: FrameContext) -> Frame? {
        guard ctx.now < frame.stillUntil, !frame.movingParts.isEmpty, !frame.hasLooseMoving else { return nil }
        var next = frame
        next.moving.removeAll(keepingCapacity: true)
        next.movingAreas.removeAll(keepingCapacity: true)
        next.nextChange = frame.stillUntil
        for part in frame.movingParts { next.drawPart(part, ctx) }
        return next
    }

    private static func draw(_ ctx: FrameContext, into frame: inout Frame) {
        frame.add(.fill(Rect(x: 0, y: 0, width: ctx.width, height: ctx.height), ctx.theme.background))
        switch ctx.state.scene {
        case .lobby:
            LobbyScene.draw(ctx, into: &frame)
        case .honours: HonoursScene.draw(ctx, into: &frame)
        case .gallery: GalleryScene.draw(ctx, into: &frame)
        case .counter: CounterScene.draw(ctx, into: &frame)
        }
        ProblemBadge.draw(ctx, into: &frame)
    }
}
