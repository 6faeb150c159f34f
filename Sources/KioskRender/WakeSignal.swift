import CSDL2
import Foundation

/// Wakes the main loop from other threads (data watcher, image decoder, signal handler).
///
/// Two mechanisms, because SDL 2.26 can only block efficiently on some video drivers: on X11
/// and Wayland SDL_WaitEventTimeout sleeps in the window system and a pushed SDL event wakes it;
/// on offscreen, KMSDRM and dummy it would poll every millisecond, so the window instead sleeps
/// on this condition in short slices, and `wake()` signals it as well as pushing the event.
final class WakeSignal: @unchecked Sendable {
    static let shared = WakeSignal()

    private let condition = NSCondition()
    private var pending = false
    private var eventType: UInt32 = 0
    private var attached = 0

    /// Registers the wake-up event type (once per process) and lets `wake()` push it. Called
    /// after the events subsystem is up.
    func attach() -> UInt32 {
        condition.lock()
        defer { condition.unlock() }
        if eventType == 0 {
            let registered = SDL_RegisterEvents(1)
            eventType = registered == UInt32.max ? SDL_USEREVENT.rawValue : registered
        }
        attached += 1
        return eventType
    }

    /// Stops pushing events; called before the events subsystem quits, under the same lock as
    /// `wake()`, so no push can race with SDL shutting down.
    func detach() {
        condition.lock()
        attached = max(0, attached - 1)
        condition.unlock()
    }

    func wake() {
        condition.lock()
        pending = true
        if attached > 0 {
            var event = SDL_Event()
            event.type = eventType
            SDL_PushEvent(&event)   // thread-safe in SDL2; fails harmlessly if the queue is full
        }
        condition.broadcast()
        condition.unlock()
    }

    /// True once for every run of wake-ups since the last call.
    func take() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let was = pending
        pending = false
        return was
    }

    /// Sleeps up to `seconds` unless woken; true if woken (the wake is consumed).
    func sleep(seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: max(0, seconds))
        while !pending {
            if !condition.wait(until: deadline) { break }
        }
        let was = pending
        pending = false
        return was
    }
}
