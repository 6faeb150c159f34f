import CSDL2
import Foundation
import KioskCore

/// The real screen: an SDL window and renderer, its input translated into the core's events.
/// Only the main thread touches it, except `wake()`, which any thread may call.
public final class KioskWindow {
    private var stack: RenderStack
    public var fonts: FontLibrary { stack.fonts }
    public var measurer: TextMeasurerSDL { stack.measurer }
    public var images: ImageLoader { stack.images }
    public var canvas: Canvas { stack.canvas }
    private let window: OpaquePointer
    private var renderer: OpaquePointer
    private let fullscreen: Bool
    /// Drawing straight into the window's surface with SDL's software renderer lets a ticker
    /// tick send only its strip to the display; a GPU renderer must present whole frames.
    /// Setting SDL_RENDER_DRIVER chooses SDL's renderers instead.
    public let usesWindowSurface: Bool
    private var surfaceStale = false
    private var lastDrawWasFull = true

    /// The event type registered for wake-ups; 0 until SDL is up.
    nonisolated(unsafe) private static var wakeEventType: UInt32 = 0

    public init(title: String, width: Int, height: Int, fullscreen: Bool) throws {
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear")
        // Touch is the source of truth: SDL's synthetic mouse events for touches are ignored
        // below, and mouse events must not become touches either.
        SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0")
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0")
        // The executable owns SIGTERM/SIGINT (a clean stop, not a synthetic quit event that
        // --allow-quit would decide on).
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1")
        // The window surface must be the display's own (X11 shared memory), not a texture on
        // a GPU renderer, or updating a strip of it presents a whole frame through OpenGL.
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
        guard SDL_Init(UInt32(SDL_INIT_VIDEO | SDL_INIT_EVENTS)) == 0 else { throw RenderError("SDL_Init") }
        guard IMG_Init(Int32(IMG_INIT_JPG.rawValue | IMG_INIT_PNG.rawValue | IMG_INIT_WEBP.rawValue)) != 0 else { throw RenderError("IMG_Init") }
        self.fullscreen = fullscreen
        var flags = SDL_WINDOW_SHOWN.rawValue | SDL_WINDOW_ALLOW_HIGHDPI.rawValue
        if fullscreen { flags |= SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue } else { flags |= SDL_WINDOW_RESIZABLE.rawValue }
        let centred = Int32(SDL_WINDOWPOS_CENTERED_MASK)
        guard let window = SDL_CreateWindow(title, centred, centred, Int32(width), Int32(height), flags) else {
            throw RenderError("SDL_CreateWindow")
        }
        self.window = window
        let wantsSDLRenderer = ProcessInfo.processInfo.environment["SDL_RENDER_DRIVER"].map { !$0.isEmpty } ?? false
        var chosen: OpaquePointer?
        if !wantsSDLRenderer, let surface = SDL_GetWindowSurface(window) {
            chosen = SDL_CreateSoftwareRenderer(surface)
        }
        usesWindowSurface = chosen != nil
        if chosen == nil {
            SDL_ClearError()
            chosen = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | SDL_RENDERER_PRESENTVSYNC.rawValue)
                ?? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        }
        guard let renderer = chosen else {
            let error = RenderError("SDL_CreateRenderer")
            SDL_DestroyWindow(window)
            throw error
        }
        self.renderer = renderer
        if fullscreen { SDL_ShowCursor(SDL_DISABLE) }
        SDL_StopTextInput()   // the on-screen keyboard types; no IME window over the screen
        if Self.wakeEventType == 0 { Self.wakeEventType = SDL_RegisterEvents(1) }
        stack = try RenderStack(renderer: renderer, synchronousImages: false)
        stack.canvas.persistentTarget = usesWindowSurface
    }

    /// The window surface is replaced when the window changes size: draw into the new one.
    private func refreshSurfaceIfNeeded() {
        guard usesWindowSurface, surfaceStale, let surface = SDL_GetWindowSurface(window),
              let fresh = SDL_CreateSoftwareRenderer(surface) else { return }
        stack.canvas.releaseTextures()
        SDL_DestroyRenderer(renderer)
        renderer = fresh
        stack.canvas.retarget(fresh)
        surfaceStale = false
    }

    deinit {
        stack.canvas.releaseTextures()
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
        SDL_Quit()
    }

    /// Size of the drawing surface in pixels.
    public var outputSize: (width: Int, height: Int) {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        return (Int(w), Int(h))
    }

    /// The name of the renderer SDL picked ("software", "opengl", …).
    public var rendererName: String {
        var info = SDL_RendererInfo()
        SDL_GetRendererInfo(renderer, &info)
        return info.name.map { String(cString: $0) } ?? "unknown"
    }

    /// Draws a whole frame; `present()` shows it.
    public func render(_ commands: [DrawCommand], background: Color) {
        refreshSurfaceIfNeeded()
        canvas.draw(commands, clear: background)
        lastDrawWasFull = true
    }

    /// Draws a frame whose still layer is kept while it is unchanged, so a tick of the ticker
    /// costs the moving strip, not a whole frame.
    public func render(_ still: [DrawCommand], moving: [DrawCommand], background: Color) {
        refreshSurfaceIfNeeded()
        lastDrawWasFull = canvas.draw(still: still, moving: moving, clear: background)
    }

    /// Shows what was drawn; on a window surface only `movingAreas` go to the display when
    /// nothing else changed.
    public func present(movingAreas: [Rect] = []) {
        guard usesWindowSurface else { SDL_RenderPresent(renderer); return }
        SDL_RenderFlush(renderer)
        if !lastDrawWasFull && !movingAreas.isEmpty {
            var rects = movingAreas.map(Canvas.pixels)
            SDL_UpdateWindowSurfaceRects(window, &rects, Int32(rects.count))
        } else {
            SDL_UpdateWindowSurface(window)
        }
    }

    /// Writes what was just rendered (before `present`) as a PNG, by way of a temporary name.
    public func captureScreen(to path: String) throws {
        let (w, h) = outputSize
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat")
        }
        defer { SDL_FreeSurface(surface) }
        guard SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_ARGB8888.rawValue, surface.pointee.pixels, surface.pointee.pitch) == 0 else {
            throw RenderError("SDL_RenderReadPixels")
        }
        try PNGFile.write(surface, to: path)
    }

    /// Waits for input or a wake-up at most `timeout` seconds (nil: forever), then returns every
    /// pending event in the core's vocabulary; [] when the time ran out or only a wake-up came.
    public func waitEvent(timeout: Double?) -> [InputEvent] {
        var event = SDL_Event()
        let got: Int32
        if let timeout {
            got = SDL_WaitEventTimeout(&event, Int32(min(86_400_000, (timeout * 1000).rounded(.up))))
        } else {
            got = SDL_WaitEvent(&event)
        }
        guard got != 0 else { return [] }
        var events: [InputEvent] = []
        repeat {
            if let translated = translate(event) { events.append(translated) }
        } while SDL_PollEvent(&event) != 0
        return events
    }

    /// Wakes a main loop blocked in `waitEvent`; safe from any thread.
    public static func wake() {
        guard wakeEventType != 0 else { return }
        var event = SDL_Event()
        event.type = wakeEventType
        SDL_PushEvent(&event)
    }

    private var pointerDown = false
    /// SDL_TOUCH_MOUSEID: the `which` of mouse events SDL synthesises from touches.
    private static let touchMouseID = UInt32.max

    private func translate(_ event: SDL_Event) -> InputEvent? {
        let (w, h) = outputSize
        switch SDL_EventType(event.type) {
        case SDL_QUIT:
            return .quitRequested
        case SDL_FINGERDOWN:
            return .pointerDown(x: Double(event.tfinger.x) * Double(w), y: Double(event.tfinger.y) * Double(h))
        case SDL_FINGERMOTION:
            return .pointerMoved(x: Double(event.tfinger.x) * Double(w), y: Double(event.tfinger.y) * Double(h))
        case SDL_FINGERUP:
            return .pointerUp(x: Double(event.tfinger.x) * Double(w), y: Double(event.tfinger.y) * Double(h))
        case SDL_MOUSEBUTTONDOWN where event.button.which != Self.touchMouseID && event.button.button == UInt8(SDL_BUTTON_LEFT):
            pointerDown = true
            return .pointerDown(x: scaleX(event.button.x), y: scaleY(event.button.y))
        case SDL_MOUSEMOTION where event.motion.which != Self.touchMouseID && pointerDown:
            return .pointerMoved(x: scaleX(event.motion.x), y: scaleY(event.motion.y))
        case SDL_MOUSEBUTTONUP where event.button.which != Self.touchMouseID && event.button.button == UInt8(SDL_BUTTON_LEFT):
            pointerDown = false
            return .pointerUp(x: scaleX(event.button.x), y: scaleY(event.button.y))
        case SDL_TEXTINPUT:
            var bytes = event.text.text
            let text = withUnsafeBytes(of: &bytes) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            return .text(text)
        case SDL_KEYDOWN:
            let name = String(cString: SDL_GetKeyName(event.key.keysym.sym))
            let ctrl = (UInt32(event.key.keysym.mod) & UInt32(KMOD_CTRL.rawValue)) != 0
            return .key(name, ctrl: ctrl)
        case SDL_WINDOWEVENT:
            switch SDL_WindowEventID(UInt32(event.window.event)) {
            case SDL_WINDOWEVENT_SIZE_CHANGED, SDL_WINDOWEVENT_RESIZED:
                surfaceStale = true
                return .redrawNeeded
            case SDL_WINDOWEVENT_EXPOSED, SDL_WINDOWEVENT_SHOWN:
                // The display lost the picture: the next frame must be drawn and sent whole.
                canvas.forgetStillLayer()
                return .redrawNeeded
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Mouse coordinates are in window points; drawing is in output pixels (HiDPI differs).
    private func scaleX(_ x: Int32) -> Double {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetWindowSize(window, &w, &h)
        return Double(x) * Double(outputSize.width) / Double(max(1, w))
    }

    private func scaleY(_ y: Int32) -> Double {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetWindowSize(window, &w, &h)
        return Double(y) * Double(outputSize.height) / Double(max(1, h))
    }
}
