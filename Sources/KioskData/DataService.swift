import FoundationEssentials
import Dispatch
import KioskCore

/// The in-process data service: loads the folder, watches it, and hands each new immutable
/// snapshot to the screen.
public final class DataService: @unchecked Sendable {
    private let loader: DataFolderLoader
    private var watcher: DataWatcher?
    private let lock = Lock()
    private var current: KioskContent
    /// Files the watcher saw finished since the last load (guarded by `lock`).
    private var finished: Set<String> = []
    /// Paths changed since the last load, and whether everything must be read (guarded by `lock`).
    private var changed: Set<String> = []
    private var everything = false
    /// A reload is queued and has not started: later changes join it instead of queueing
    /// another (guarded by `lock`). A burst (rsync renaming 500 photos into place one by one)
    /// then costs a reload or two, not one a file.
    private var reloadQueued = false
    /// A slow periodic rescan catches what inotify cannot see (network file systems).
    public var rescanInterval: TimeInterval = 300
    private var timer: DispatchSourceTimer?
    /// A reload already booked for a file that was still being written (on `reloads` only).
    private var retryBooked: Date?
    /// Every reload after start runs here, one at a time, so snapshots reach the screen in the
    /// order they were read and an older one never replaces a newer one.
    private let reloads = DispatchQueue(label: "kiosk.reload")
    private var onReload: (@Sendable (KioskContent) -> Void)?
    /// Snapshots handed to the screen since start (guarded by `lock`): status.json reports it, so
    /// a soak run or a monitoring script can tell how many reloads a process survived.
    private var handedOver = 0

    /// How many reloads have reached the screen since `startWatching`.
    public var reloadCount: Int {
        lock.lock(); defer { lock.unlock() }
        return handedOver
    }

    /// `settleInterval`: how long a just-modified file that was not seen finished is given to
    /// finish before it is read anyway (see `DataFolderLoader.settleInterval`).
    /// `stateFolder`: where the visit-log checkpoint lives (see `DataFolderLoader.init`).
    public init(root: String, configPath: String? = nil, stateFolder: String? = nil, settleInterval: TimeInterval = 2) {
        loader = DataFolderLoader(root: root, configPath: configPath, stateFolder: stateFolder)
        loader.settleInterval = settleInterval
        current = loader.load(previous: nil)
        // From now on the counts reach the screen first and the checkpoint is saved after.
        loader.defersCheckpointSaves = true
    }

    public var content: KioskContent {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// The loader, for tests that look at what a reload read.
    var folderLoader: DataFolderLoader { loader }

    /// Reads the folder again; what a broken or unfinished file cannot give is kept from the
    /// last good load. Only files whose stamp changed are parsed again.
    @discardableResult
    public func reload() -> KioskContent {
        lock.lock(); everything = true; lock.unlock()
        return reloadChanged()
    }

    /// Reads again what changed since the last load (every section when asked to, or when
    /// nothing says what changed), and the sections whose retry is due.
    @discardableResult
    private func reloadChanged() -> KioskContent {
        lock.lock()
        let done = finished, previous = current
        let paths: Set<String>? = everything ? nil : changed
        finished = []; changed = []; everything = false
        reloadQueued = false
        lock.unlock()
        let fresh = loader.load(previous: previous, finished: done, changed: paths)
        lock.lock(); current = fresh; lock.unlock()
        return fresh
    }

    public func startWatching(onReload: @escaping @Sendable (KioskContent) -> Void) throws {
        self.onReload = onReload
        let watcher = try DataWatcher(root: loader.root) { [weak self] changes in
            self?.requestReload(changes)
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

    /// Reads the whole folder again in the background and hands the result to the watcher's
    /// callback (SIGHUP, the periodic rescan).
    public func requestReload() {
        lock.lock(); everything = true; lock.unlock()
        queueReload()
    }

    /// Reads what the watcher saw change, in the background.
    func requestReload(_ changes: DataChanges) {
        lock.lock()
        finished.formUnion(changes.finished)
        changed.formUnion(changes.paths)
        lock.unlock()
        queueReload()
    }

    private func queueReload() {
        lock.lock()
        let queued = reloadQueued
        reloadQueued = true
        lock.unlock()
        if !queued { reloads.async { [weak self] in self?.reloadAndHandOver() } }
    }

    private func reloadAndHandOver() {
        guard let onReload else { return }
        let fresh = reloadChanged()
        lock.lock(); handedOver += 1; lock.unlock()
        onReload(fresh)
        // A state folder that filled up or became read-only (or was mended) shows in the next
        // snapshot's problems, not a reload later, whenever that comes.
        if loader.saveDue() { requestReload(DataChanges(paths: ["visitors"])) }
        // A file was still being written: look again when it should have settled, in case the
        // writer's close is never seen (a network file system).
        guard let due = loader.retryAt else { return }
        if let booked = retryBooked, booked <= due, booked > Date() { return }
        retryBooked = due
        reloads.asyncAfter(deadline: .now() + max(0.05, due.timeIntervalSinceNow)) { [weak self] in
            guard let self else { return }
            self.retryBooked = nil
            // Nothing new by itself: the loader reads the sections whose retry is due.
            self.queueReload()
        }
    }

    /// Stops watching and saves the visit-log checkpoint, after any reload under way.
    public func stop() {
        watcher?.stop()
        timer?.cancel()
        reloads.sync { loader.flush() }
    }
}
