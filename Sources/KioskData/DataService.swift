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
        let watcher = try DataWatcher(root: loader.root) { [weak self] _ in
            guard let self else { return }
            onReload(self.reload())
        }
        watcher.start()
        self.watcher = watcher
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "kiosk.rescan"))
        timer.schedule(deadline: .now() + rescanInterval, repeating: rescanInterval)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            onReload(self.reload())
        }
        timer.resume()
        self.timer = timer
    }

    public func stop() {
        watcher?.stop()
        timer?.cancel()
    }
}
