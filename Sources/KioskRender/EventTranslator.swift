import CSDL2
import KioskCore

/// Turns SDL events into the core's input events.
///
/// Touch is the source of truth: finger events become pointer events, and the mouse events SDL
/// synthesises from touches (`which == SDL_TOUCH_MOUSEID`) are dropped so a tap isn't seen twice.
/// A real mouse still works (a desk test, an absolute-pointer touch panel). Only one finger
/// drives the pointer at a time: a second finger on the glass doesn't make the first jump.
struct EventTranslator {
    /// What one SDL event means to the window.
    enum Meaning: Equatable {
        case input(InputEvent)
        /// A wake-up from another thread: the loop should go round, there is no input.
        case wake
        /// The renderer lost its textures; draw everything again.
        case texturesLost
        case ignored
    }

    /// SDL_TOUCH_MOUSEID ((Uint32)-1): a macro with a cast, which Swift doesn't import.
    static let touchMouseID = UInt32.max
    /// SDL_MOUSE_TOUCHID ((Sint64)-1): touches SDL synthesises from the mouse.
    static let mouseTouchID = SDL_TouchID(-1)

    var wakeEventType: UInt32 = SDL_USEREVENT.rawValue
    private var finger: SDL_FingerID?
    private var mouseDown = false

    init(wakeEventType: UInt32) { self.wakeEventType = wakeEventType }

    /// `output` is the drawing size in pixels, `window` the window's size in screen coordinates
    /// (they differ on HiDPI screens; mouse events come in the latter).
    mutating func translate(_ event: SDL_Event, output: (width: Int, height: Int), window: (width: Int, height: Int)) -> Meaning {
        let type = event.type
        if type == wakeEventType || (type >= SDL_USEREVENT.rawValue && type < SDL_LASTEVENT.rawValue) { return .wake }
        switch SDL_EventType(type) {
        case SDL_QUIT:
            return .input(.quitRequested)

        case SDL_FINGERDOWN, SDL_FINGERMOTION, SDL_FINGERUP:
            let touch = event.tfinger
            guard touch.touchId != Self.mouseTouchID else { return .ignored }
            // Normalised 0…1 over the window: scale to drawing pixels.
            let x = Double(touch.x) * Double(output.width), y = Double(touch.y) * Double(output.height)
            switch SDL_EventType(type) {
            case SDL_FINGERDOWN:
                guard finger == nil else { return .ignored }
                finger = touch.fingerId
                return .input(.pointerDown(x: x, y: y))
            case SDL_FINGERMOTION:
                guard finger == touch.fingerId else { return .ignored }
                return .input(.pointerMoved(x: x, y: y))
            default:
                guard finger == touch.fingerId else { return .ignored }
                finger = nil
                return .input(.pointerUp(x: x, y: y))
            }

        case SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP:
            let button = event.button
            guard button.which != Self.touchMouseID, button.button == UInt8(SDL_BUTTON_LEFT), finger == nil else { return .ignored }
            let (x, y) = Self.scale(button.x, button.y, output: output, window: window)
            if type == SDL_MOUSEBUTTONDOWN.rawValue {
                mouseDown = true
                return .input(.pointerDown(x: x, y: y))
            }
            guard mouseDown else { return .ignored }
            mouseDown = false
            return .input(.pointerUp(x: x, y: y))

        case SDL_MOUSEMOTION:
            let motion = event.motion
            guard motion.which != Self.touchMouseID, mouseDown else { return .ignored }
            let (x, y) = Self.scale(motion.x, motion.y, output: output, window: window)
            return .input(.pointerMoved(x: x, y: y))

        case SDL_TEXTINPUT:
            let text = withUnsafeBytes(of: event.text.text) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            return text.isEmpty ? .ignored : .input(.text(text))

        case SDL_KEYDOWN:
            let keysym = event.key.keysym
            guard let cName = SDL_GetKeyName(keysym.sym) else { return .ignored }
            let name = String(cString: cName)
            guard !name.isEmpty else { return .ignored }
            let ctrl = UInt32(keysym.mod) & KMOD_CTRL.rawValue != 0
            return .input(.key(name, ctrl: ctrl))

        case SDL_WINDOWEVENT:
            switch SDL_WindowEventID(UInt32(event.window.event)) {
            case SDL_WINDOWEVENT_EXPOSED, SDL_WINDOWEVENT_SIZE_CHANGED, SDL_WINDOWEVENT_RESIZED, SDL_WINDOWEVENT_SHOWN,
                 SDL_WINDOWEVENT_RESTORED, SDL_WINDOWEVENT_MAXIMIZED:
                return .input(.redrawNeeded)
            case SDL_WINDOWEVENT_FOCUS_LOST, SDL_WINDOWEVENT_FOCUS_GAINED:
                // A finger's release may have gone to whoever had the focus.
                finger = nil
                return .ignored
            default:
                return .ignored
            }

        case SDL_RENDER_TARGETS_RESET:
            return .input(.redrawNeeded)
        case SDL_RENDER_DEVICE_RESET:
            return .texturesLost

        default:
            return .ignored
        }
    }

    private static func scale(_ x: Int32, _ y: Int32, output: (width: Int, height: Int),
                              window: (width: Int, height: Int)) -> (Double, Double) {
        let sx = window.width > 0 ? Double(output.width) / Double(window.width) : 1
        let sy = window.height > 0 ? Double(output.height) / Double(window.height) : 1
        return (Double(x) * sx, Double(y) * sy)
    }
}
