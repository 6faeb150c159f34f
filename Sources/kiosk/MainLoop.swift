import FoundationEssentials
import Glibc
import KioskCore
import KioskData
import KioskRender
import Logging

/// The one thread that owns SDL: wakes on input, data or the next deadline, draws only when
/// something changed.
final class MainLoop {
    private let options: RunCommand
    private let stateFolder: String
    private let service: DataService
    private let window: KioskWindow
    private let signals = SignalFlags([SIGUSR1, SIGHUP, SIGTERM, SIGINT])
    private let systemd = SystemdNotifier()
    private let logger = KioskLog.logger
    /// The last STATUS= line sent, so systemd hears only of changes.
    private var systemdStatus = ""
    private let mailbox = ContentMailbox()
    private var content: KioskContent
    /// The figures status.json holds.
    private var statusFigures: VisitorFigures?
    /// New content was taken whose status.json is not written yet: it is written after the
    /// frame that shows the content, so the file and its fsync never delay that frame.
    private var statusDue = false
    private var state: KioskState
    /// What the frame on screen offers to touch: input is hit-tested against it.
    private var interaction = InteractionMap()
    /// Pictures that failed to decode (found while showing them, unlike the data problems
    /// found while loading), and the loader's count when they were last read.
    private var pictureProblems: [Problem] = []
    private var pictureFailuresSeen = -1
    /// Night, off hours and the playlist.
    private var scheduler: ScheduleDirector
    /// While the screen is off, the black frame is drawn once and then nothing.
    private var offFrameShown = false
    /// When the schedule next changes the screen (for status.json).
    private var screenUntil: Date?
    /// The last status.json could not be written (a full or read-only state folder).
    private var statusFailing = false

    init(root: String, stateFolder: String, options: RunCommand) throws {
        self.options = options
        self.stateFolder = stateFolder
        service = DataService(root: root, configPath: options.common.config, stateFolder: stateFolder)
        content = service.content
        if let language = options.common.language { content.settings.language = language }
        state = KioskState(homeScene: options.scene ?? .lobby, language: content.settings.language)
        scheduler = ScheduleDirector(fixedScene: options.scene)
        state.idleSeconds = content.settings.idleSeconds
        window = try KioskWindow(title: "Kiosk", width: options.window.width, height: options.window.height,
                                 fullscreen: options.fullscreen)
        window.images.onImageReady = { KioskWindow.wake() }
    }

    func run() throws {
        let mailbox = self.mailbox
        try service.startWatching { content in
            mailbox.put(content)
            KioskWindow.wake()
        }
        defer { service.stop() }
        if let problem = systemd.problem { logger.warning("\(problem)") }
        log("showing \(content.dataFolder), state in \(stateFolder), drawing with \(window.usesWindowSurface ? "the window surface" : window.rendererName)")
        reportProblems(content.problems, previous: [])
        writeStatus()

        var nextChange = Date()
        var dirty = true
        var firstFrame = true
        var nextFiguresCheck = Date()
        // The watchdog runs on the monotonic clock (seconds of uptime), like systemd's: the
        // wall clock may be set back or forward, and the pings must not stop.
        var nextWatchdog = Double.infinity
        if let interval = systemd.watchdogInterval {
            nextWatchdog = uptime()
            log("telling systemd's watchdog every \(Digits.fixed(interval, decimals: 1)) s")
        }
        var clock = ClockJumps()
        while true {
            // From this loop and no other thread: a loop that hangs stops the pings, and
            // systemd restarts the service.
            if let interval = systemd.watchdogInterval, uptime() >= nextWatchdog {
                systemd.send("WATCHDOG=1")
                nextWatchdog = uptime() + interval
            }
            // Every deadline below is a wall-clock time computed before the jump: look again now.
            if let jump = clock.jump() {
                log("the clock jumped by \(Int(jump.rounded())) s; looking at the time again")
                nextChange = Date(); nextFiguresCheck = Date()
                state.clockJumped(by: jump)
                dirty = true
                scheduler.settingsChanged()
            }
            if signals.take(SIGTERM) { stop(); break }
            // Ctrl+C at a terminal is a keyboard shortcut like any other: it quits only when quitting is allowed.
            if signals.take(SIGINT) {
                if options.allowQuit { stop(); break }
                log("ignoring SIGINT: the screen quits by keyboard only with --allow-quit (use SIGTERM)")
            }
            if signals.take(SIGHUP) { log("reloading on SIGHUP"); service.requestReload() }
            if let fresh = mailbox.take() { accept(fresh); dirty = true }
            checkPictureFailures()
            let now = Date()
            if state.expireIdle(at: now, map: interaction) { dirty = true }
            let scheduled = scheduler.apply(at: now, settings: content.settings, state: &state)
            if scheduled.changed { dirty = true }
            if let entered = scheduled.entered { enter(entered.mode, until: entered.until, command: scheduled.command, at: now) }
            if now >= nextFiguresCheck {
                // Figures change with time alone at minute boundaries (midnight, a week, "now"'s
                // window): the counter rolls and status.json follows even when no visit arrives.
                if CounterPanel.figures(content, at: now) != statusFigures { writeStatus(at: now) }
                nextFiguresCheck = now.addingTimeInterval(DateText.secondsToNextMinute(now))
            }
            let screenshot = signals.take(SIGUSR1)
            let stillDark = scheduler.isOff && offFrameShown
            if (dirty || screenshot || now >= nextChange) && (!stillDark || screenshot) {
                nextChange = draw(at: now, screenshot: screenshot, timeOnly: !dirty && !screenshot)
                dirty = false
                offFrameShown = scheduler.isOff
                // kiosk-bench times start-up to this line.
                if firstFrame {
                    log("first frame on screen")
                    // READY only now: systemd's "started" means a picture, not a process.
                    systemdStatus = statusLine()
                    systemd.send("READY=1\nSTATUS=\(systemdStatus)")
                    firstFrame = false
                }
            }
            if statusDue { saveStatus(figures: statusFigures ?? CounterPanel.figures(content, at: now), at: now) }
            window.inputPollInterval = inputPollInterval
            // At most a minute, so a clock jump during a long still wait is noticed within one.
            let wallWait = min(nextChange, nextFiguresCheck, scheduler.nextWake).timeIntervalSinceNow
            let events = window.waitEvent(timeout: max(0, min(wallWait, nextWatchdog - uptime(), 60)))
            // Any wake-up may carry a decoded image or new data: build the whole frame again. A
            // wait that only timed out changed nothing but the time.
            if !events.isEmpty || window.wasWoken { dirty = true }
            for event in events where handle(event) == .quit { return }
        }
    }

    private enum Outcome { case keepGoing, quit }

    private func handle(_ event: InputEvent) -> Outcome {
        if options.allowQuit {
            switch event {
            case .quitRequested: return .quit
            case .key("Q", ctrl: true), .key("q", ctrl: true): return .quit
            case .key("Escape", _) where state.scene == state.homeScene && state.browser.card == nil && !state.browser.keyboardOpen:
                return .quit
            default: break
            }
        }
        // A touch on a dark screen wakes nothing: the hours are the staff's decision.
        if !scheduler.isOff { state.apply(.input(event), at: Date(), map: interaction) }
        return .keepGoing
    }

    /// With KIOSK_FRAME_STATS set, frames and drawing time are logged every 10 s: the first
    /// look when the screen costs more CPU than it should.
    private let frameStats = ProcessInfo.processInfo.environment["KIOSK_FRAME_STATS"] != nil
    private var statsFrames = 0
    private var statsBuild = 0.0, statsDraw = 0.0, statsPresent = 0.0
    private var statsSince = Date()

    /// The frame on screen: a tick that only moves the ticker redraws its moving layer from it.
    private var shown: Frame?

    /// Draws the frame of `now`. `timeOnly`: nothing but the time changed since the last frame,
    /// so the frame may only advance its moving layer (see `FrameBuilder.advance`).
    private func draw(at now: Date, screenshot: Bool, timeOnly: Bool) -> Date {
        let t0 = Date()
        defer { if frameStats { countFrame(t0) } }
        let size = window.outputSize
        let ctx = FrameContext(width: Double(size.width), height: Double(size.height), now: now, content: content,
                               state: state, measurer: window.measurer, images: window.images)
        let advanced = timeOnly ? shown.flatMap { FrameBuilder.advance($0, to: ctx) } : nil
        let frame = advanced ?? FrameBuilder.build(ctx)
        shown = frame
        interaction = frame.interaction
        let t1 = Date()
        window.pictureBrightness = ctx.theme.pictureBrightness
        window.render(frame.commands, moving: frame.moving, background: ctx.theme.background, stillUnchanged: advanced != nil)
        let t2 = Date()
        statsBuild += t1.timeIntervalSince(t0); statsDraw += t2.timeIntervalSince(t1)
        if screenshot { writeScreenshot() }
        let t3 = Date()
        window.present()
        statsPresent += Date().timeIntervalSince(t3)
        if traceFrames { traceFrame(at: now) }
        return frame.nextChange
    }

    /// `<state>/screen.png`, written beside and renamed into place once it reads back whole:
    /// on a full state folder SDL_image reported success for an empty file.
    private func writeScreenshot() {
        let path = stateFolder + "/screen.png", temporary = stateFolder + "/.screen.png.tmp-\(getpid())"
        do {
            try window.captureScreen(to: temporary)
            guard PNGFile.read(temporary) != nil else {
                throw AtomicFileError(step: "write \(temporary) whole (it does not read back)", code: statfsFull(stateFolder) ? ENOSPC : EIO)
            }
            guard rename(temporary, path) == 0 else { throw AtomicFileError(step: "rename \(temporary) to \(path)", code: errno) }
            log("screen written to \(path)")
        } catch {
            unlink(temporary)
            logger.error("could not write \(path): \(error)")
        }
    }

    /// True when the file system holding `folder` has no block left.
    private func statfsFull(_ folder: String) -> Bool {
        var info = statvfs()
        return statvfs(folder, &info) == 0 && info.f_bavail == 0
    }

    /// With KIOSK_TRACE_FRAMES set, each presented frame is logged with the monotonic time and
    /// what it shows, so `kiosk-bench latency` can tell when a change on disk reached the screen.
    private let traceFrames = ProcessInfo.processInfo.environment["KIOSK_TRACE_FRAMES"] != nil

    private func traceFrame(at now: Date) {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        let seconds = Digits.fixed(Double(t.tv_sec) + Double(t.tv_nsec) / 1e9, decimals: 6)
        let visits = CounterPanel.figures(content, at: now).total
        log("frame t=\(seconds) honours=\(content.honours.count) photos=\(content.allPhotos.count) ticker=\(content.ticker.count) visits=\(visits)")
    }

    private func countFrame(_ start: Date) {
        statsFrames += 1
        let elapsed = Date().timeIntervalSince(statsSince)
        guard elapsed >= 10 else { return }
        func ms(_ total: Double) -> String { Digits.fixed(total * 1000 / Double(statsFrames), decimals: 2) }
        func mib(_ bytes: Int) -> String { Digits.fixed(Double(bytes) / 1_048_576, decimals: 1) }
        let pictures = window.images.statistics, texts = window.canvas.statistics
        log("\(statsFrames) frames in \(Int(elapsed)) s on \(window.rendererName): build \(ms(statsBuild)) ms, draw \(ms(statsDraw)) ms, present \(ms(statsPresent)) ms a frame; "
            + "holding \(pictures.residentImages) pictures (\(mib(pictures.residentBytes)) MiB), \(texts.textTextures) texts (\(mib(texts.textBytes)) MiB)")
        statsFrames = 0; statsBuild = 0; statsDraw = 0; statsPresent = 0; statsSince = Date()
    }

    private func accept(_ fresh: KioskContent) {
        reportProblems(fresh.problems, previous: content.problems)
        let languageBefore = content.settings.language
        if fresh.catalog !== content.catalog { state.honoursReplaced() }
        if fresh.settings != content.settings { scheduler.settingsChanged() }
        if fresh.albums != content.albums {
            state.photosMayHaveChanged(map: interaction)
            pictureFailuresSeen = -1   // a broken photo may have been deleted or mended
        }
        content = fresh
        // A photo replaced under its own name leaves the frame's commands as they were, so the
        // canvas would keep its still layer and never ask for the picture again.
        window.images.filesMayHaveChanged()
        state.idleSeconds = content.settings.idleSeconds
        if let language = options.common.language { content.settings.language = language }
        // Staff switching kiosk.toml's language expect the screen to follow.
        if content.settings.language != languageBefore { state.apply(.setLanguage(content.settings.language), at: Date()) }
        showFigures(at: Date())
        statusDue = true
    }

    /// A photo that cannot be decoded is skipped on screen; staff learn of it once in the
    /// journal and for as long as it stays broken in status.json.
    private func checkPictureFailures() {
        let generation = window.images.failureGeneration
        guard generation != pictureFailuresSeen else { return }
        pictureFailuresSeen = generation
        let root = content.dataFolder.hasSuffix("/") ? content.dataFolder : content.dataFolder + "/"
        // A broken photo deleted since is no longer a problem.
        let problems = window.images.failedPictures.filter { $0.key.hasPrefix(root) && FileManager.default.fileExists(atPath: $0.key) }.map { path, error in
            Problem(path: String(path.dropFirst(root.count)), severity: .error,
                    // The problem names the file already; the decoder's message may too.
                    message: "\(error.message.replacing(path + ": ", with: "")); not shown until the file changes")
        }.sorted { $0.path < $1.path }
        guard problems != pictureProblems else { return }
        reportProblems(problems, previous: pictureProblems)
        pictureProblems = problems
        writeStatus()
    }

    /// Writes status.json; its figures are also shown to the counter, which rolls those that changed.
    private func writeStatus(at now: Date = Date()) {
        saveStatus(figures: showFigures(at: now), at: now)
    }

    /// Hands the counter the figures of `now` (it rolls those that changed); they are also what
    /// status.json reports.
    @discardableResult
    private func showFigures(at now: Date) -> VisitorFigures {
        let figures = CounterPanel.figures(content, at: now)
        statusFigures = figures
        state.apply(.figuresShown(figures), at: now)
        return figures
    }

    private func saveStatus(figures: VisitorFigures, at now: Date) {
        statusDue = false
        var reported = content
        reported.problems += pictureProblems
        let screen = ScreenReport(mode: scheduler.mode.map { "\($0)" } ?? "day", scene: state.scene.rawValue, until: screenUntil)
        do {
            try StatusFile.write(reported, figures: figures, screen: screen, reloads: service.reloadCount, to: stateFolder, at: now)
            if statusFailing { log("\(stateFolder)/status.json written again") }
            statusFailing = false
        } catch {
            // Once until it works again: a full state folder must not flood the journal with a
            // line per visit.
            if !statusFailing { logger.error("could not write \(stateFolder)/status.json: \(error); the screen goes on without it") }
            statusFailing = true
        }
        updateSystemdStatus()
    }

    /// Each problem goes to the journal once, when it first appears, not on every reload.
    private func reportProblems(_ problems: [Problem], previous: [Problem]) {
        let old = Set(previous)
        for problem in problems where !old.contains(problem) {
            if problem.severity == .error { logger.error("\(problem.description)") }
            else { logger.warning("\(problem.description)") }
        }
    }

    /// How often a driver that cannot wait for input (KMSDRM) is asked for it while nothing
    /// else wakes the loop: each look costs about 60 µs, so 100 a second is 0.6 % of a core.
    /// A visitor's fingers are followed every 10 ms; an unattended screen notices a first touch
    /// within 30 ms; a dark one, where a touch means nothing, four times a second.
    private var inputPollInterval: Double {
        if scheduler.isOff { return 0.25 }
        return state.lastInteraction == nil ? 0.030 : 0.010
    }

    /// The schedule turned the screen off, on, or to night or day.
    private func enter(_ mode: ScreenMode, until: Date?, command: (key: String, text: String)?, at now: Date) {
        let zone = content.settings.displayTimeZone
        let end = until.map { " until \(InstantText.weekdayAndTime($0, offsetSeconds: zone.secondsFromGMT(for: $0)))" } ?? ""
        switch mode {
        case .off: log("screen off\(end), by kiosk.toml's schedule")
        case .night: log("night mode (Chế độ ban đêm)\(end)")
        case .day: log("day mode\(end)")
        }
        if let command { ShellCommand.start(command.text, purpose: command.key, logger: logger) }
        offFrameShown = false
        screenUntil = until
        writeStatus(at: now)
    }

    private func uptime() -> Double { ProcessInfo.processInfo.systemUptime }

    private func stop() {
        log("stopping")
        systemd.send("STOPPING=1")
    }

    /// systemd's one-line summary (`systemctl status kiosk`): what is shown and what is wrong.
    private func statusLine() -> String {
        let photos = content.allPhotos.count
        let problems = content.problems.count + pictureProblems.count
        let errors = content.problems.filter { $0.severity == .error }.count + pictureProblems.count
        var line = "\(content.honours.count) honours, \(photos) photos in \(content.albums.count) albums, "
        line += problems == 0 ? "no problems" : "\(problems) problem\(problems == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s"); see status.json)"
        switch scheduler.mode {
        case .off?: line += "; screen off by the schedule"
        case .night?: line += "; night mode"
        default: break
        }
        return line
    }

    /// Tells systemd the summary when it has changed (after the first frame; before it, READY carries it).
    private func updateSystemdStatus() {
        let line = statusLine()
        guard systemdStatus != "", line != systemdStatus else { return }
        systemdStatus = line
        systemd.send("STATUS=\(line)")
    }

    private func log(_ message: String) { logger.info("\(message)") }
}

/// Notices the wall clock being set (NTP stepping it, staff changing the time): the difference
/// between wall-clock and monotonic time moves only then.
struct ClockJumps {
    private var offset = ClockJumps.currentOffset()

    private static func currentOffset() -> Double {
        Date().timeIntervalSince1970 - ProcessInfo.processInfo.systemUptime
    }

    /// The size of a jump since the last call, when over two seconds (NTP slews smaller drifts).
    mutating func jump() -> Double? {
        let now = Self.currentOffset()
        defer { offset = now }
        let moved = now - offset
        return abs(moved) > 2 ? moved : nil
    }
}
