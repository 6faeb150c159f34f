import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KioskCore
import KioskData
import KioskRender

/// `kiosk-bench frames`: the time of every frame of every scene and transition, as the running
/// screen would draw them (build, draw through the still layer, flush), on SDL's software
/// renderer into an offscreen surface at 1920×1080 and 3840×2160.
///
/// Each scenario plays a visitor's touches (or none) at 60 Hz and draws a frame only when the
/// main loop would: an input arrived or the frame's own next change came. Photos decode on the
/// loader's background queue as on screen; the bench waits for them between frames (a decode
/// is not a frame's work), but the texture upload that follows is.
enum FrameBench {
    /// A visitor's session in one scene, and which of its frames are the figure's.
    struct Scenario {
        let name: String
        let scene: SceneID
        let seconds: Double
        /// Touches, as (seconds from the start, event); taps may name a target instead of a point.
        var steps: [(Double, Step)] = []
        /// Which drawn frames count (all, by default): e.g. only those of a crossfade.
        var counts: (Frame) -> Bool = { _ in true }
        /// Settings changed for this scenario (Ken Burns).
        var settings: (inout Settings) -> Void = { _ in }
        /// Offset of the start from the bench's base instant (to land a slide change inside).
        var startOffset: Double = 0
        /// Only the frames of a scene fade count (the scenes before and after have figures of their own).
        var fadeOnly = false
    }

    enum Step {
        case tapTarget((TapTarget) -> Bool)
        case tapAt(x: Double, y: Double)
        case drag(fromX: Double, fromY: Double, toX: Double, toY: Double, seconds: Double)
        case type(String)
        case visit
    }

    /// A frame's moving layer holds a photo: a crossfade is under way.
    static func fading(_ frame: Frame) -> Bool {
        frame.moving.contains { if case .image = $0 { true } else { false } }
    }

    /// KIOSK_BENCH_TRACE set: every drawn frame is printed with its time and layers.
    static let traceFrames = ProcessInfo.processInfo.environment["KIOSK_BENCH_TRACE"] != nil

    static func scenarios(width: Double, height: Double) -> [Scenario] {
        let x = width / 2, top = height * 0.3, bottom = height * 0.8
        return [
            Scenario(name: "lobby: ticker", scene: .lobby, seconds: 20, counts: { !fading($0) && $0.movingAreas.count == 1 }),
            Scenario(name: "lobby: photo crossfade", scene: .lobby, seconds: 20, counts: fading),
            // Away from a slide change, so the frames are the roll's (and the ticker's) alone.
            Scenario(name: "lobby: counter roll", scene: .lobby, seconds: 1.5, steps: [(0.2, .visit)],
                     counts: { $0.movingAreas.count > 1 && !fading($0) }, startOffset: 4),
            // The honour roll's target is the whole lobby under the photo panel's: a tap beside
            // the panel (on the highlights) opens it, a tap on the panel the gallery.
            Scenario(name: "scene fade: lobby → honours", scene: .lobby, seconds: 1.5,
                     steps: [(0.1, .tapAt(x: width - 40, y: height * 0.75))], fadeOnly: true),
            Scenario(name: "scene fade: lobby → gallery", scene: .lobby, seconds: 1.5,
                     steps: [(0.1, .tapTarget { $0 == .openScene(.gallery) })], fadeOnly: true),
            Scenario(name: "honours: drag scroll", scene: .honours, seconds: 2.5,
                     steps: [(0.2, .drag(fromX: x, fromY: bottom, toX: x, toY: top, seconds: 1.5))]),
            Scenario(name: "honours: fling", scene: .honours, seconds: 4,
                     steps: [(0.2, .drag(fromX: x, fromY: bottom, toX: x, toY: top, seconds: 0.12))]),
            Scenario(name: "honours: card opens", scene: .honours, seconds: 1.5,
                     steps: [(0.2, .tapTarget { if case .recipient = $0 { true } else { false } })]),
            Scenario(name: "honours: search keystrokes", scene: .honours, seconds: 2,
                     steps: [(0.1, .tapTarget { $0 == .searchField }), (0.6, .type("nguyen"))]),
            Scenario(name: "gallery: crossfade", scene: .gallery, seconds: 20),
            Scenario(name: "gallery: Ken Burns", scene: .gallery, seconds: 12, settings: { $0.transition = .kenburns }),
            Scenario(name: "gallery: album picker", scene: .gallery, seconds: 1.5,
                     steps: [(0.1, .tapAt(x: x, y: height / 2)), (0.4, .tapTarget { $0 == .slideshow(.openAlbums) })]),
            Scenario(name: "counter: ticker", scene: .counter, seconds: 5),
        ]
    }

    static func run(_ options: Options, data: String) {
        var content = DataFolderLoader(root: data, configPath: nil).load(previous: nil)
        print("frames: \(data): \(content.honours.count) honours, \(content.allPhotos.count) photos, \(options.runs) runs; software renderer, offscreen")
        let base = Date(timeIntervalSince1970: 1_763_434_800)   // a Tuesday, 10:00 in Hà Nội
        for size in options.sizes {
            guard let offscreen = try? OffscreenFrame(width: size.width, height: size.height, synchronousImages: false) else {
                fail("no offscreen SDL renderer")
            }
            let label = "\(size.width)×\(size.height)"
            for scenario in scenarios(width: Double(size.width), height: Double(size.height))
            where options.only.map({ scenario.name.contains($0) }) ?? true {
                var p50s: [Double] = [], p99s: [Double] = [], cpu50s: [Double] = [], cpu99s: [Double] = [], counted = 0
                var settings = content.settings
                scenario.settings(&settings)
                let original = content.settings
                content.settings = settings
                // One run to decode and cache what the scenario shows, as on a screen that has run a while.
                _ = play(scenario, content: content, on: offscreen, from: base)
                let redrawsBefore = offscreen.canvas.layerRedraws
                for _ in 0..<options.runs {
                    let (times, cpu) = play(scenario, content: content, on: offscreen, from: base)
                    guard !times.isEmpty else { continue }
                    let summary = Summary(times), cpuSummary = Summary(cpu)
                    p50s.append(summary.median * 1000); p99s.append(summary.p99 * 1000)
                    cpu50s.append(cpuSummary.median * 1000); cpu99s.append(cpuSummary.p99 * 1000)
                    counted = times.count
                }
                content.settings = original
                print("  \(scenario.name), \(label): still layer drawn \(offscreen.canvas.layerRedraws - redrawsBefore) times in \(p99s.count) runs")
                guard !p99s.isEmpty else {
                    print("  \(scenario.name), \(label): no frame drawn (nothing to measure)")
                    continue
                }
                let budget: Double? = size.width == 1920 ? 8 : nil
                BenchReport.add(Figure("frame p50, \(scenario.name), \(label) (\(counted) frames)", unit: "ms", runs: p50s))
                BenchReport.add(Figure("frame p99, \(scenario.name), \(label) (\(counted) frames)", unit: "ms", runs: p99s, budget: budget))
                // The main thread's CPU time for the same frames: what a frame costs when the two
                // cores are not shared with other work (the wall-clock figures above include
                // waiting for a core while other programs run).
                BenchReport.add(Figure("frame CPU p50, \(scenario.name), \(label)", unit: "ms", runs: cpu50s))
                BenchReport.add(Figure("frame CPU p99, \(scenario.name), \(label)", unit: "ms", runs: cpu99s))
            }
        }
    }

    /// Plays `scenario` once; returns the duration of each counted frame and the main thread's
    /// CPU time in it, in seconds.
    static func play(_ scenario: Scenario, content: KioskContent, on offscreen: OffscreenFrame, from base: Date) -> (wall: [Double], cpu: [Double]) {
        let size = (Double(offscreen.width), Double(offscreen.height))
        var content = content
        var state = KioskState(homeScene: scenario.scene, language: content.settings.language)
        state.idleSeconds = content.settings.idleSeconds
        let start = base.addingTimeInterval(scenario.startOffset)
        state.apply(.figuresShown(CounterPanel.figures(content, at: start)), at: start)
        var events = timeline(scenario.steps)
        var interaction = InteractionMap()
        var nextChange = start
        var times: [Double] = [], cpu: [Double] = []
        var shown: Frame?
        var generation = -1
        var tick = 0
        offscreen.canvas.invalidateScreen()
        while Double(tick) / 60 <= scenario.seconds {
            let now = start.addingTimeInterval(Double(tick) / 60)
            tick += 1
            var dirty = false
            while let (at, step) = events.first, at <= now.timeIntervalSince(start) {
                events.removeFirst()
                dirty = true
                switch step {
                case .event(let event): state.apply(.input(event), at: now, map: interaction)
                case .tap(let matches):
                    guard let hit = interaction.targets.last(where: { matches($0.target) }) else { continue }
                    let point = (hit.rect.x + hit.rect.width / 2, hit.rect.y + hit.rect.height / 2)
                    state.apply(.input(.pointerDown(x: point.0, y: point.1)), at: now, map: interaction)
                    state.apply(.input(.pointerUp(x: point.0, y: point.1)), at: now, map: interaction)
                case .visit:
                    content.visitors.record(at: Int64(now.timeIntervalSince1970), count: 1, isOut: false)
                    state.apply(.figuresShown(CounterPanel.figures(content, at: now)), at: now)
                }
            }
            if state.expireIdle(at: now, map: interaction) { dirty = true }
            guard dirty || now >= nextChange else { continue }
            waitForDecodes(offscreen.images)
            let began = monotonic(), cpuBegan = threadCPU()
            let ctx = FrameContext(width: size.0, height: size.1, now: now, content: content, state: state,
                                   measurer: offscreen.measurer, images: offscreen.images)
            // As the main loop does: a tick with nothing but the time changed advances the moving layer.
            let advanced = dirty || decoded(offscreen.images, since: &generation) ? nil : shown.flatMap { FrameBuilder.advance($0, to: ctx) }
            let frame = advanced ?? FrameBuilder.build(ctx)
            offscreen.pictureBrightness = ctx.theme.pictureBrightness
            offscreen.render(frame.commands, moving: frame.moving, background: ctx.theme.background, stillUnchanged: advanced != nil)
            let elapsed = monotonic() - began, used = threadCPU() - cpuBegan
            if traceFrames {
                // KIOSK_BENCH_TRACE=1: each drawn frame, to find which ones make a p99.
                let at = String(format: "%.3f", now.timeIntervalSince(start))
                print("    frame t=\(at)s \(String(format: "%.2f", elapsed * 1000)) ms (CPU \(String(format: "%.2f", used * 1000))) "
                      + "\(advanced != nil ? "advanced" : "built") still \(frame.commands.count) moving \(frame.moving.count) "
                      + "layer redraws \(offscreen.canvas.layerRedraws)\(state.fadeProgress(at: now) != nil ? " fading" : "")")
                if ProcessInfo.processInfo.environment["KIOSK_BENCH_TRACE"] == "2" {
                    for command in frame.commands + frame.moving {
                        switch command {
                        case .image(let ref, _, _, let opacity): print("      image \((ref.path as NSString).lastPathComponent) \(ref.kind) \(opacity)")
                        case .prefetch(let ref, _, _): print("      prefetch \((ref.path as NSString).lastPathComponent) \(ref.kind)")
                        default: break
                        }
                    }
                }
                if let old = shown?.commands, old != frame.commands {
                    // What made the still layer change: the first command that differs.
                    let i = (0..<min(old.count, frame.commands.count)).first { old[$0] != frame.commands[$0] } ?? min(old.count, frame.commands.count)
                    print("      still differs at \(i): \(i < old.count ? "\(old[i])" : "-") → \(i < frame.commands.count ? "\(frame.commands[i])" : "-")")
                }
            }
            shown = frame
            interaction = frame.interaction
            nextChange = frame.nextChange
            if scenario.counts(frame) && (!scenario.fadeOnly || state.fadeProgress(at: now) != nil) {
                times.append(elapsed)
                cpu.append(used)
            }
        }
        waitForDecodes(offscreen.images)
        return (times, cpu)
    }

    private enum Timed {
        case event(InputEvent)
        case tap((TapTarget) -> Bool)
        case visit
    }

    /// The scenario's steps as timed events, in order.
    private static func timeline(_ steps: [(Double, Step)]) -> [(Double, Timed)] {
        var events: [(Double, Timed)] = []
        for (at, step) in steps {
            switch step {
            case .tapTarget(let matches): events.append((at, .tap(matches)))
            case .tapAt(let x, let y):
                events.append((at, .event(.pointerDown(x: x, y: y))))
                events.append((at + 0.08, .event(.pointerUp(x: x, y: y))))
            case .visit: events.append((at, .visit))
            case .type(let text):
                for (i, character) in text.enumerated() { events.append((at + Double(i) * 0.12, .event(.text(String(character))))) }
            case .drag(let x0, let y0, let x1, let y1, let seconds):
                events.append((at, .event(.pointerDown(x: x0, y: y0))))
                let moves = max(1, Int(seconds * 60))
                for i in 1...moves {
                    let f = Double(i) / Double(moves)
                    events.append((at + seconds * f, .event(.pointerMoved(x: x0 + (x1 - x0) * f, y: y0 + (y1 - y0) * f))))
                }
                events.append((at + seconds, .event(.pointerUp(x: x1, y: y1))))
            }
        }
        return events.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }

    /// A picture finished decoding since the last look: the window would have been woken, and
    /// the whole frame is built again.
    private static func decoded(_ images: ImageLoader, since generation: inout Int) -> Bool {
        let now = images.generation
        defer { generation = now }
        return now != generation
    }

    /// Waits (untimed) until the background decoder has nothing in hand.
    private static func waitForDecodes(_ images: ImageLoader) {
        var waited = 0
        while images.statistics.pending > 0 && waited < 5000 {
            usleep(1000)
            waited += 1
        }
    }

    private static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private static func monotonic() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
