import Dispatch
import FoundationEssentials
import Glibc
import Dispatch
import KioskCore
import KioskRender

/// Unix signals turned into flags the main loop reads; each also wakes the loop.
///
/// Signal handlers may do almost nothing safely, so the signals are blocked and received by
/// dispatch sources on a queue, which set the flags and post an SDL wake-up event.
final class SignalFlags: @unchecked Sendable {
    private let lock = Lock()
    private var pending: Set<Int32> = []
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "kiosk.signals")

    init(_ signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock(); self.pending.insert(number); self.lock.unlock()
                KioskWindow.wake()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// True once for every arrival of `number` since the last call.
    func take(_ number: Int32) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return pending.remove(number) != nil
    }
}

/// The latest content from the data service's thread, waiting for the main loop to pick it up.
final class ContentMailbox: @unchecked Sendable {
    private let lock = Lock()
    private var latest: KioskContent?
    func put(_ box: KioskContent) { lock.lock(); latest = box; lock.unlock() }
    func take() -> KioskContent? { lock.lock(); defer { latest = nil; lock.unlock() }; return latest }
}
