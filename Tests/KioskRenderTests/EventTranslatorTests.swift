import CSDL2
import KioskCore
@testable import KioskRender
import Testing

/// SDL events in, the core's input out, without a window.
@Suite struct EventTranslatorTests {
    let output = (width: 1920, height: 1080)
    let window = (width: 960, height: 540)   // HiDPI: two pixels a point

    func finger(_ type: SDL_EventType, id: Int64, x: Float, y: Float, touch: Int64 = 3) -> SDL_Event {
        var event = SDL_Event()
        event.type = type.rawValue
        event.tfinger.touchId = touch
        event.tfinger.fingerId = id
        event.tfinger.x = x
        event.tfinger.y = y
        return event
    }

    func mouse(_ type: SDL_EventType, x: Int32, y: Int32, which: UInt32 = 0, button: Int32 = SDL_BUTTON_LEFT) -> SDL_Event {
        var event = SDL_Event()
        event.type = type.rawValue
        if type == SDL_MOUSEMOTION {
            event.motion.which = which
            event.motion.x = x
            event.motion.y = y
        } else {
            event.button.which = which
            event.button.button = UInt8(button)
            event.button.x = x
            event.button.y = y
        }
        return event
    }

    @Test func fingersScaleToTheOutputAndOneFingerLeads() {
        var t = EventTranslator(wakeEventType: SDL_USEREVENT.rawValue)
        #expect(t.translate(finger(SDL_FINGERDOWN, id: 7, x: 0.5, y: 0.25), output: output, window: window)
                == .input(.pointerDown(x: 960, y: 270)))
        // A second finger doesn't move the pointer.
        #expect(t.translate(finger(SDL_FINGERDOWN, id: 8, x: 0.9, y: 0.9), output: output, window: window) == .ignored)
        #expect(t.translate(finger(SDL_FINGERMOTION, id: 8, x: 0.8, y: 0.8), output: output, window: window) == .ignored)
        #expect(t.translate(finger(SDL_FINGERMOTION, id: 7, x: 0.75, y: 0.5), output: output, window: window)
                == .input(.pointerMoved(x: 1440, y: 540)))
        #expect(t.translate(finger(SDL_FINGERUP, id: 8, x: 0.8, y: 0.8), output: output, window: window) == .ignored)
        #expect(t.translate(finger(SDL_FINGERUP, id: 7, x: 1, y: 1), output: output, window: window)
                == .input(.pointerUp(x: 1920, y: 1080)))
        // Touches synthesised from the mouse are not touches.
        #expect(t.translate(finger(SDL_FINGERDOWN, id: 1, x: 0.1, y: 0.1, touch: -1), output: output, window: window) == .ignored)
    }

    @Test func mouseFromTouchIsIgnoredRealMouseWorks() {
        var t = EventTranslator(wakeEventType: SDL_USEREVENT.rawValue)
        #expect(t.translate(mouse(SDL_MOUSEBUTTONDOWN, x: 10, y: 10, which: EventTranslator.touchMouseID), output: output, window: window) == .ignored)
        #expect(t.translate(mouse(SDL_MOUSEMOTION, x: 20, y: 20), output: output, window: window) == .ignored, "no drag without a press")
        #expect(t.translate(mouse(SDL_MOUSEBUTTONDOWN, x: 100, y: 50), output: output, window: window)
                == .input(.pointerDown(x: 200, y: 100)))
        #expect(t.translate(mouse(SDL_MOUSEMOTION, x: 110, y: 60, which: EventTranslator.touchMouseID), output: output, window: window) == .ignored)
        #expect(t.translate(mouse(SDL_MOUSEMOTION, x: 110, y: 60), output: output, window: window)
                == .input(.pointerMoved(x: 220, y: 120)))
        #expect(t.translate(mouse(SDL_MOUSEBUTTONUP, x: 120, y: 70, button: SDL_BUTTON_RIGHT), output: output, window: window) == .ignored)
        #expect(t.translate(mouse(SDL_MOUSEBUTTONUP, x: 120, y: 70), output: output, window: window)
                == .input(.pointerUp(x: 240, y: 140)))
    }

    @Test func keysTextQuitAndWindowEvents() {
        var t = EventTranslator(wakeEventType: 0x8001)
        var key = SDL_Event()
        key.type = SDL_KEYDOWN.rawValue
        key.key.keysym.sym = SDL_Keycode(SDLK_ESCAPE.rawValue)
        #expect(t.translate(key, output: output, window: window) == .input(.key("Escape", ctrl: false)))
        key.key.keysym.sym = SDL_Keycode(SDLK_q.rawValue)
        key.key.keysym.mod = UInt16(KMOD_LCTRL.rawValue)
        #expect(t.translate(key, output: output, window: window) == .input(.key("Q", ctrl: true)))
        key.key.keysym.sym = SDL_Keycode(SDLK_BACKSPACE.rawValue)
        key.key.keysym.mod = 0
        #expect(t.translate(key, output: output, window: window) == .input(.key("Backspace", ctrl: false)))

        var text = SDL_Event()
        text.type = SDL_TEXTINPUT.rawValue
        withUnsafeMutableBytes(of: &text.text.text) { raw in
            for (i, byte) in "Hằng".utf8.enumerated() { raw[i] = byte }
        }
        #expect(t.translate(text, output: output, window: window) == .input(.text("Hằng")))

        var quit = SDL_Event()
        quit.type = SDL_QUIT.rawValue
        #expect(t.translate(quit, output: output, window: window) == .input(.quitRequested))

        var exposed = SDL_Event()
        exposed.type = SDL_WINDOWEVENT.rawValue
        exposed.window.event = UInt8(SDL_WINDOWEVENT_EXPOSED.rawValue)
        #expect(t.translate(exposed, output: output, window: window) == .input(.redrawNeeded))
        exposed.window.event = UInt8(SDL_WINDOWEVENT_FOCUS_LOST.rawValue)
        #expect(t.translate(exposed, output: output, window: window) == .ignored)

        var wake = SDL_Event()
        wake.type = 0x8001
        #expect(t.translate(wake, output: output, window: window) == .wake)
        var reset = SDL_Event()
        reset.type = SDL_RENDER_DEVICE_RESET.rawValue
        #expect(t.translate(reset, output: output, window: window) == .texturesLost)
    }

    @Test func aFingerWhoseReleaseWasLostWithTheFocusNoLongerBlocksTheNext() {
        var t = EventTranslator(wakeEventType: SDL_USEREVENT.rawValue)
        _ = t.translate(finger(SDL_FINGERDOWN, id: 7, x: 0.5, y: 0.5), output: output, window: window)
        var focus = SDL_Event()
        focus.type = SDL_WINDOWEVENT.rawValue
        focus.window.event = UInt8(SDL_WINDOWEVENT_FOCUS_LOST.rawValue)
        #expect(t.translate(focus, output: output, window: window) == .ignored)
        #expect(t.translate(finger(SDL_FINGERDOWN, id: 9, x: 0.25, y: 0.5), output: output, window: window)
                == .input(.pointerDown(x: 480, y: 540)))
    }
}
