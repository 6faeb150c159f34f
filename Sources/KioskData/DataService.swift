import Foundation
import KioskCore

/// The in-process data service: loads the folder, watches it, and hands each new immutable
/// snapshot to the screen.
public final class DataService: @unchecked Sendable {
    private let loader: DataFolderLoader
    private var watcher: DataWatcher?
    private let lock = NSLock()
    private var current: KioskContent
    /// Files the watcher saw finished since the last load (guarded by `lock`).
    private var finished: Set<String> = []
    /// A slow periodic rescan catches what inotify cannot see (network file systems).
    public var rescanInterval: TimeInterval = 300
    private var timer: DispatchSourceTimer?
    /// A reload already booked for a file that was still being written (on `reloads` only).
    private var retryBooked: Date?
    /// Every reload after start runs here, one at a time, so snapshots reach the screen in the
    /// order they were read and an older one never replaces a newer one.
    private let reloads = DispatchQueue(label: "kiosk.reload")
    private var onReload: (@Sendable (KioskContent) -> Void)?

    /// `settleInterval`: how long a just-modified file that was not seen finished is given to
    /// finish before it is read anyway (see `DataFolderLoader.settleInterval`).
    /// `stateFolder`: where the visit-log checkpoint lives (see `DataFolderLoader.init`).
    public init(root: String, configPath: String? = nil, stateFolder: String? = nil, settleInterval: TimeInterval = 2) {
        loader = DataFolderLoader(root: root, configPath: configPath, stateFolder: stateFolder)
        loader.settleInterval = settleInterval
        current = loader.load(previous: nil)
    }

    public var content: KioskContent {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// Reads the folder again; what a broken or unfinished file cannot give is kept from the
    /// last good load. Only files whose stamp changed are parsed again.
    @discardableResult
    public func reload() -> KioskContent {
        lock.lock()
        let done = finished, previous = current
        finished = []
        lock.unlock()
        let fresh = loader.load(previous: previous, finished: done)
        lock.lock(); current = fresh; lock.unlock()
        return fresh
    }

    public func startWatching(onReload: @escaping @Sendable (KioskContent) -> Void) throws {
        self.onReload = onReload
        let watcher = try DataWatcher(root: loader.root) { [weak self] changes in
            guard let self else { return }
            self.lock.lock(); self.finished.formUnion(changes.finished); self.lock.unlock()
            self.requestReload()
        }
        watcher.start()
        self.watcher = watcher
        let timer = DispatchSource.makeTimerSource(queue: reloads)
        timer.schedule(deadline: .now() + rescanInterval, repeating: rescanInterval)
        timer.setEventHandler { [weak self] in self?.requestReload() }
        timer.resume()
        self.timer = timer
        // A file changed between the first load and the watch would otherwise wait for the
        // slow rescan: read once more now that every change is seen.
        requestReload()
    }

    /// Reads the folder again in the background and hands the result to the watcher's callback
    /// (SIGHUP, a change, the periodic rescan).
    public func requestReload() {
        reloads.async { [weak self] in self?.reloadAndHandOver() }
    }

    private func reloadAndHandOver() {
        guard let onReload else { return }
        onReload(reload())
        // A file was still being written: look again when it should have settled, in case the
        // writer's close is never seen (a network file system).
        guard let due = loader.retryAt else { return }
        if let booked = retryBooked, booked <= due, booked > Date() { return }
        retryBooked = due
        reloads.asyncAfter(deadline: .now() + max(0.05, due.timeIntervalSinceNow)) { [weak self] in
            guard let self else { return }
            self.retryBooked = nil
            self.reloadAndHandOver()
        }
    }

    /// Stops watching and saves the visit-log checkpoint, after any reload under way.
    public func stop() {
        watcher?.stop()
        timer?.cancel()
        reloads.sync { loader.flush() }
    }
}
