import CSDL2
import FoundationEssentials
import Glibc
import KioskCore

/// The real screen: an SDL window and renderer, its input translated into the core's events.
///
/// The thread that creates it owns it and must make every call, except `wake()`, which any
/// thread may call. One window per process.
///
/// The video driver is SDL's choice unless `SDL_VIDEODRIVER` says otherwise (x11, wayland,
/// kmsdrm for a Raspberry Pi without a desktop, offscreen or dummy for tests). The renderer is
/// a GPU one where there is a real GPU and SDL's software renderer otherwise (see
/// `RendererChoice`); `SDL_RENDER_DRIVER` overrides.
public final class KioskWindow {
    public let fonts: FontLibrary
    /// Decodes pictures on a background queue; set `onImageReady` to wake the loop.
    public let images: ImageLoader
    public let canvas: Canvas
    public var measurer: TextMeasurerSDL { canvas.measurer }
    /// The video driver in use ("x11", "kmsdrm", "offscreen", …).
    public let videoDriver: String
    /// The renderer SDL picked ("opengl", "opengles2", "software", …).
    public let rendererName: String

    /// Drawing in software into the window's own surface, so a present sends only the region
    /// that changed (see `present()`); false with a GPU renderer.
    public var usesWindowSurface: Bool { canvas.isSoftware }

    private let window: OpaquePointer
    private let renderer: OpaquePointer
    private var translator: EventTranslator
    /// The window was exposed or resized: the next present must send the whole frame.
    private var fullPresentNeeded = true
    /// Drivers whose SDL_WaitEventTimeout sleeps in the window system (SDL 2.26 implements
    /// WaitEventTimeout and SendWakeupEvent for these); the others poll each millisecond.
    private let waitsNatively: Bool
    /// Whether a polling driver has input devices to poll at all: KMSDRM (and the other
    /// console drivers) read touch and keys from evdev only when pumped; offscreen and dummy
    /// have none, so they sleep until a deadline or a wake-up and cost nothing while still.
    private let pollsInput: Bool
    /// How often a polling driver looks for input while idle: touch latency against CPU. The
    /// main loop lengthens it while the screen is off and input means nothing.
    public var inputPollInterval = 0.010
    /// The last `waitEvent` ended on a wake-up (a decoded picture, new data, a signal) rather
    /// than input or its timeout: what the frame shows may have changed.
    public private(set) var wasWoken = false

    public init(title: String, width: Int, height: Int, fullscreen: Bool) throws {
        try SDLLibraries.start()
        // Signals are the app's business (it turns SIGTERM into a clean stop); SDL would turn
        // SIGINT/SIGTERM into SDL_QUIT, which a kiosk without --allow-quit ignores.
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1")
        // A lobby screen stays up when something else briefly takes focus.
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0")
        // The mouse must not pretend to be a finger (touches are the source of truth).
        SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0")
        guard SDL_InitSubSystem(UInt32(SDL_INIT_VIDEO | SDL_INIT_EVENTS)) == 0 else { throw RenderError("SDL_InitSubSystem") }
        var cleanup: [() -> Void] = [{ SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO | SDL_INIT_EVENTS)) }]
        func fail(_ error: RenderError) -> RenderError {
            for step in cleanup.reversed() { step() }
            return error
        }
        videoDriver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? "unknown"
        waitsNatively = ["x11", "wayland", "windows", "cocoa"].contains(videoDriver)
        pollsInput = !waitsNatively && !["offscreen", "dummy"].contains(videoDriver)

        var flags = SDL_WINDOW_SHOWN.rawValue | SDL_WINDOW_ALLOW_HIGHDPI.rawValue
        flags |= fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue : SDL_WINDOW_RESIZABLE.rawValue
        // SDL_WINDOWPOS_CENTERED is a function-like macro Swift doesn't import.
        let centred = Int32(bitPattern: SDL_WINDOWPOS_CENTERED_MASK)
        guard let window = SDL_CreateWindow(title, centred, centred, Int32(clamping: max(1, width)), Int32(clamping: max(1, height)), flags) else {
            throw fail(RenderError("SDL_CreateWindow", context: "driver \(videoDriver)"))
        }
        cleanup.append { SDL_DestroyWindow(window) }
        guard let renderer = RendererChoice.create(for: window, videoDriver: videoDriver) else {
            throw fail(RenderError("SDL_CreateRenderer", context: "driver \(videoDriver)"))
        }
        cleanup.append { SDL_DestroyRenderer(renderer) }
        var info = SDL_RendererInfo()
        rendererName = SDL_GetRendererInfo(renderer, &info) == 0 && info.name != nil ? String(cString: info.name) : "unknown"

        do { fonts = try FontLibrary() } catch {
            throw fail(error as? RenderError ?? RenderError(call: "FontLibrary", message: "\(error)"))
        }
        self.window = window
        self.renderer = renderer
        if fullscreen { SDL_ShowCursor(SDL_DISABLE) }
        SDL_StartTextInput()   // a physical keyboard may type into the search field
        images = ImageLoader(synchronous: false)
        // The software renderer draws into the window's surface: the canvas works on it directly.
        canvas = Canvas(renderer: renderer, fonts: fonts, imageLoader: images, screen: { SDL_GetWindowSurface(window) })
        translator = EventTranslator(wakeEventType: WakeSignal.shared.attach())
    }

    deinit {
        canvas.detach()
        WakeSignal.shared.detach()
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
        SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO | SDL_INIT_EVENTS))
    }

    /// Size of the drawing surface in pixels (the layout's size).
    public var outputSize: (width: Int, height: Int) {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        return (Int(w), Int(h))
    }

    private var windowSize: (width: Int, height: Int) {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetWindowSize(window, &w, &h)
        return (Int(w), Int(h))
    }

    /// Draws a frame into the back buffer; `present()` shows it.
    public func render(_ commands: [DrawCommand], background: Color) {
        canvas.draw(commands, clear: background)
    }

    /// Photos' brightness, 0…1 (the night palette's `Theme.pictureBrightness`).
    public var pictureBrightness: Double {
        get { canvas.pictureBrightness }
        set { canvas.pictureBrightness = newValue }
    }

    /// Draws a frame whose still layer is kept in a texture while it is unchanged, so a tick of
    /// the ticker costs one copy of the layer and the moving strip, not a whole frame.
    /// `stillUnchanged`: only the moving layer advanced since the last frame (see `FrameBuilder.advance`).
    public func render(_ still: [DrawCommand], moving: [DrawCommand], background: Color, stillUnchanged: Bool = false) {
        canvas.draw(still: still, moving: moving, clear: background, stillUnchanged: stillUnchanged)
    }

    /// Shows the frame. On the software renderer only the region the frame changed goes to the
    /// screen (a ticker strip instead of 1920×1080: under X11 a full present costs ~17 ms of
    /// CPU); a frame that changed nothing isn't sent at all. The canvas works the region out
    /// from the commands it drew, and leaves out a moving region drawn as in the last frame
    /// (the frame's `movingAreas` would send it again, so they are not added).
    public func present() {
        if canvas.isSoftware, !fullPresentNeeded, let regions = canvas.damageRegions {
            SDL_RenderFlush(renderer)
            if !regions.isEmpty && SDL_UpdateWindowSurfaceRects(window, regions, Int32(regions.count)) != 0 {
                SDL_ClearError()
                SDL_RenderPresent(renderer)
            }
        } else {
            SDL_RenderPresent(renderer)
        }
        fullPresentNeeded = false
    }

    /// Writes what was just rendered (call before `present`, which may discard the back buffer)
    /// as a PNG, atomically.
    public func captureScreen(to path: String) throws {
        let (w, h) = outputSize
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "\(w)×\(h) capture")
        }
        defer { SDL_FreeSurface(surface) }
        guard SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_RGB888.rawValue, surface.pointee.pixels, surface.pointee.pitch) == 0 else {
            throw RenderError("SDL_RenderReadPixels")
        }
        try SurfacePNG.write(surface, to: path)
    }

    /// Waits up to `timeout` seconds (nil: until something happens) for input or a wake-up, then
    /// returns every pending input event in the core's vocabulary. [] when the time ran out or
    /// only a wake-up came. Events that mean nothing to the core (a hovering mouse) don't end
    /// the wait.
    public func waitEvent(timeout: Double?) -> [InputEvent] {
        // On the monotonic clock: a wall clock set back an hour must not stretch the wait.
        let deadline = timeout.map { ProcessInfo.processInfo.systemUptime + max(0, $0) }
        wasWoken = true
        while true {
            var (inputs, woken) = drain()
            if WakeSignal.shared.take() { woken = true }
            if !inputs.isEmpty || woken { return inputs }
            let remaining = deadline.map { $0 - ProcessInfo.processInfo.systemUptime }
            if let remaining, remaining <= 0 {
                wasWoken = false
                return []
            }
            if waitsNatively {
                var event = SDL_Event()
                let got: Int32
                if let remaining {
                    got = SDL_WaitEventTimeout(&event, Int32(min(86_400_000, (remaining * 1000).rounded(.up))))
                } else {
                    got = SDL_WaitEvent(&event)
                }
                if got != 0 {
                    switch handle(event) {
                    case .input(let input)?: inputs.append(input)
                    case .wake?: woken = true
                    default: break
                    }
                    let (more, wokenToo) = drain()
                    inputs += more
                    if !inputs.isEmpty || woken || wokenToo {
                        _ = WakeSignal.shared.take()
                        return inputs
                    }
                }
            } else {
                let slice = pollsInput ? inputPollInterval : 86_400
                _ = WakeSignal.shared.sleep(seconds: min(remaining ?? slice, slice))
                // Going round pumps SDL's events and sees the wake-up, if that was it.
                if WakeSignal.shared.take() {
                    let (more, _) = drain()
                    return more
                }
            }
        }
    }

    /// Wakes a main loop blocked in `waitEvent`. Safe from any thread, and before a window
    /// exists or after it's gone (then it only marks a wake-up pending).
    public static func wake() { WakeSignal.shared.wake() }

    /// Every queued SDL event, translated.
    private func drain() -> (inputs: [InputEvent], woken: Bool) {
        var inputs: [InputEvent] = []
        var woken = false
        var event = SDL_Event()
        while SDL_PollEvent(&event) != 0 {
            switch handle(event) {
            case .input(let input)?:
                // One redraw request a batch is enough.
                if input != .redrawNeeded || !inputs.contains(.redrawNeeded) { inputs.append(input) }
            case .wake?: woken = true
            default: break
            }
        }
        return (inputs, woken)
    }

    private func handle(_ event: SDL_Event) -> EventTranslator.Meaning? {
        let meaning = translator.translate(event, output: outputSize, window: windowSize)
        switch meaning {
        case .texturesLost:
            canvas.texturesLost()
            return .input(.redrawNeeded)
        case .ignored:
            return nil
        case .input(.redrawNeeded):
            fullPresentNeeded = true
            canvas.invalidateScreen()
            return meaning
        default:
            return meaning
        }
    }
}
