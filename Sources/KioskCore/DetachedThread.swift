import Glibc

/// A thread of its own for a long-running loop (the data folder's watcher): Foundation's Thread
/// lives in Foundation proper, which the kiosk no longer loads (Package.swift says why).
public enum DetachedThread {
    /// Starts `body` on a new detached thread, or returns false when the system refuses one.
    @discardableResult
    public static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard started == 0 else { Unmanaged<ThreadBody>.fromOpaque(context).release(); return false }
        pthread_detach(thread)
        return true
    }
}

/// The closure a new thread runs, boxed to pass through pthread_create's one pointer.
private final class ThreadBody {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
