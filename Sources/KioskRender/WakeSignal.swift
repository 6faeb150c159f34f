import CSDL2
import FoundationEssentials
import KioskCore
import Glibc
import Dispatch

/// Wakes the main loop from other threads (data watcher, image decoder, signal handler).
///
/// Two mechanisms, because SDL 2.26 can only block efficiently on some video drivers: on X11
/// and Wayland SDL_WaitEventTimeout sleeps in the window system and a pushed SDL event wakes it;
/// on offscreen, KMSDRM and dummy it would poll every millisecond, so the window instead sleeps
/// on a semaphore in short slices, and `wake()` signals it as well as pushing the event.
final class WakeSignal: @unchecked Sendable {
    static let shared = WakeSignal()

    /// Guards `pending` and the SDL event push.
    private let condition = Lock()
    private let bell = DispatchSemaphore(value: 0)
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
        condition.unlock()
        bell.signal()
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
    ///
    /// On a semaphore, whose timeout runs on the monotonic clock: a condition's `wait(until:)`
    /// waits for a wall-clock time, and a clock set back an hour would stretch the sleep by an
    /// hour. A wake-up left over from one already taken only ends a sleep early; the caller
    /// goes round and sleeps again.
    func sleep(seconds: Double) -> Bool {
        if take() { return true }
        _ = bell.wait(timeout: .now() + max(0, min(seconds, 86_400)))
        return take()
    }
}
