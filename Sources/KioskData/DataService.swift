import Foundation
import KioskCore

/// The in-process data service: loads the folder, watches it, and hands each new immutable
/// snapshot to the screen.
public final class DataService: @unchecked Sendable {
    private let loader: DataFolderLoader
    private var watcher: DataWatcher?
    private let lock = NSLock()
    private var current: KioskContent
    /// A slow periodic rescan catches what inotify cannot see (network file systems).
    public var rescanInterval: TimeInterval = 300
    private var timer: DispatchSourceTimer?
    /// Every reload after start runs here, one at a time, so snapshots reach the screen in the
    /// order they were read and an older one never replaces a newer one.
    private let reloads = DispatchQueue(label: "kiosk.reload")
    private var onReload: (@Sendable (KioskContent) -> Void)?

    public init(root: String, configPath: String? = nil) {
        loader = DataFolderLoader(root: root, configPath: configPath)
        current = loader.load(previous: nil)
    }

    public var content: KioskContent {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// Reads the folder again; what a broken file cannot give is kept from the last good load.
    @discardableResult
    public func reload() -> KioskContent {
        let fresh = loader.load(previous: content)
        lock.lock(); current = fresh; lock.unlock()
        return fresh
    }

    public func startWatching(onReload: @escaping @Sendable (KioskContent) -> Void) throws {
        self.onReload = onReload
        let watcher = try DataWatcher(root: loader.root) { [weak self] _ in self?.requestReload() }
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
        reloads.async { [weak self] in
            guard let self, let onReload = self.onReload else { return }
            onReload(self.reload())
        }
    }

    public func stop() {
        watcher?.stop()
        timer?.cancel()
    }
}
