import FoundationEssentials
import KioskCore
#if canImport(Glibc)
import Glibc
#endif

/// One debounced batch of what the watcher saw.
public struct DataChanges: Sendable, Equatable {
    /// Paths relative to the data folder that changed; "" means anything may have changed
    /// (events were lost, or the folder itself was replaced).
    public var paths: Set<String> = []
    /// The files among them whose writer has finished: closed after writing, or renamed into place.
    public var finished: Set<String> = []
    /// The paths among them that are complete the moment the event arrives, reported without
    /// waiting for the burst to settle: a file renamed into place, an append to a visit log.
    public var immediate: Set<String> = []

    public init(paths: Set<String> = [], finished: Set<String> = [], immediate: Set<String> = []) {
        self.paths = paths; self.finished = finished; self.immediate = immediate
    }

    mutating func formUnion(_ other: DataChanges) {
        paths.formUnion(other.paths); finished.formUnion(other.finished); immediate.formUnion(other.immediate)
    }
    var isEmpty: Bool { paths.isEmpty }

    /// Splits off the immediate paths (with their finished marks) from those that wait to settle.
    func splitImmediate() -> (now: DataChanges, later: DataChanges) {
        let later = paths.subtracting(immediate)
        return (DataChanges(paths: immediate, finished: finished.intersection(immediate), immediate: immediate),
                DataChanges(paths: later, finished: finished.intersection(later)))
    }
}

/// Watches the data folder and every folder below it with inotify, on a thread of its own.
///
/// It reacts to finished writes and renames, not to every write: an editor's temporary file
/// and a half-written file in progress do not trigger a reload. Visit logs are the exception
/// (IN_MODIFY), because an entrance appends a line without closing the file. Bursts of events
/// (an rsync run, a spreadsheet save) are debounced into one callback with every changed path.
///
/// Two kinds of change are complete the moment they are seen and are reported at once, without
/// the debounce (which took most of the visit counter's 50 ms budget): a file renamed into place
/// (IN_MOVED_TO: the writer finished it under another name) and an append to a visit log
/// (`visitors/*.log`: the ingest reads whole lines only and keeps a partial last line for
/// later). Everything else still waits for its burst to settle, and a pending change is not
/// hurried by an immediate one: between an editor's "rename the old file away" and "write the
/// new one" the folder is in between, and only the settled batch reads it.
///
/// The data folder may be a symbolic link that a deploy tool switches to a new release folder:
/// the folder holding the link is watched too, the link's target is checked every couple of
/// seconds, and on a switch everything is watched afresh and reported as changed.
public final class DataWatcher: @unchecked Sendable {
    public let root: String
    private let debounce: TimeInterval
    private let onChange: @Sendable (DataChanges) -> Void
    private let fd: Int32
    private var stopPipe: [Int32] = [-1, -1]
    private var watches: [Int32: String] = [:]   // watch descriptor → folder relative to root ("" is root)
    private var parentWatch: Int32 = -1
    /// Where the root led when it was last watched (the target of a symbolic link).
    private var watchedRealRoot: String?
    /// How often the root's real path is compared with the watched one.
    static let rootCheckInterval: TimeInterval = 2

    /// IN_ATTRIB: a file made readable again (chmod) or touched is worth a look.
    static let folderMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_MODIFY
                                   | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    static let parentMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR)

    public init(root: String, debounce: TimeInterval = 0.04, onChange: @escaping @Sendable (DataChanges) -> Void) throws {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.debounce = debounce
        self.onChange = onChange
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError("inotify_init1", errno) }
        guard pipe(&stopPipe) == 0 else { close(fd); throw WatchError("pipe", errno) }
        // Not inherited by the off/on commands the screen runs (pipe2 is not imported into Swift).
        for end in stopPipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let parent = PathText.parent(of: self.root)
        parentWatch = inotify_add_watch(fd, parent.isEmpty ? "/" : parent, Self.parentMask)
        watchAll()
    }

    deinit {
        close(fd)
        close(stopPipe[0]); close(stopPipe[1])
    }

    public func start() {
        // The running thread keeps the watcher alive until `stop`; the watcher does not keep the
        // thread, or the two would hold each other (and the inotify descriptor) forever after
        // it: valgrind found the pair definitely lost at every exit.
        DetachedThread.start { [self] in run() }
    }

    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe[1], &byte, 1)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Drops every folder watch and watches the tree under the root again, wherever it leads now.
    private func watchAll() {
        for wd in watches.keys { inotify_rm_watch(fd, wd) }
        watches.removeAll()
        watchedRealRoot = Self.realPath(root)
        addTree("")
    }

    /// Watches `relative` and every folder under it (new folders arrive with their files).
    private func addTree(_ relative: String) {
        let path = relative.isEmpty ? root : root + "/" + relative
        let wd = inotify_add_watch(fd, path, Self.folderMask)
        // inotify gives a folder already watched its existing descriptor: reached again through a
        // symbolic link. Stop there, or two links to `..` would make the walk exponential.
        guard wd >= 0, watches[wd] == nil else { return }
        watches[wd] = relative
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where !TemporaryNames.isIgnored(name) {
            var isDir = false
            let child = relative.isEmpty ? name : relative + "/" + name
            if FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &isDir), isDir {
                addTree(child)
            }
        }
    }

    /// Stops watching a folder that moved away (its watch would report under its old name).
    private func removeTree(_ relative: String) {
        for (wd, folder) in watches where folder == relative || folder.hasPrefix(relative + "/") {
            inotify_rm_watch(fd, wd)
            watches[wd] = nil
        }
    }

    private func run() {
        var pending = DataChanges()
        var deadline: Date?
        var nextRootCheck = Date().addingTimeInterval(Self.rootCheckInterval)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)]
            let wake = min(deadline ?? nextRootCheck, nextRootCheck)
            let timeout = max(0, Int32((wake.timeIntervalSinceNow * 1000).rounded(.up)))
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno == EINTR { continue }
            if fds[1].revents != 0 { return }
            var changed = DataChanges()
            if fds[0].revents != 0 { changed = drain(buffer) }
            if Date() >= nextRootCheck {
                nextRootCheck = Date().addingTimeInterval(Self.rootCheckInterval)
                // A symbolic link switched without an event we could see (another folder, NFS).
                if Self.realPath(root) != watchedRealRoot { watchAll(); changed.paths.insert("") }
            }
            if !changed.isEmpty {
                let (now, later) = changed.splitImmediate()
                if !now.isEmpty { onChange(now) }
                if !later.isEmpty {
                    pending.formUnion(later)
                    deadline = Date().addingTimeInterval(debounce)
                }
            }
            if let due = deadline, due <= Date() {
                let batch = pending
                pending = DataChanges()
                deadline = nil
                onChange(batch)
            }
        }
    }

    /// `visitors/NAME.log`: appended a line at a time, read a whole line at a time.
    static func isVisitLog(_ relative: String) -> Bool {
        relative.hasPrefix("visitors/") && relative.hasSuffix(".log") && !relative.dropFirst("visitors/".count).contains("/")
    }

    /// Reads every queued event; returns what changed, relative to the root.
    private func drain(_ buffer: UnsafeMutableRawPointer) -> DataChanges {
        var changed = DataChanges()
        let rootName = PathText.lastComponent(of: root)
        while true {
            let count = read(fd, buffer, 64 * 1024)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let event = buffer.advanced(by: offset).assumingMemoryBound(to: inotify_event.self).pointee
                let nameLength = Int(event.len)
                var name = ""
                if nameLength > 0 {
                    let namePointer = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(to: CChar.self)
                    name = String(cString: namePointer)
                }
                offset += MemoryLayout<inotify_event>.size + nameLength
                let mask = event.mask
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost: watch everything again and reload everything.
                    watchAll()
                    changed.paths.insert("")
                    continue
                }
                if event.wd == parentWatch {
                    // The data folder itself was created, removed, renamed or its link switched.
                    if name == rootName { watchAll(); changed.paths.insert("") }
                    continue
                }
                guard let folder = watches[event.wd] else { continue }
                if mask & UInt32(IN_IGNORED) != 0 { watches[event.wd] = nil; continue }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { changed.paths.insert(folder); continue }
                guard !name.isEmpty, !TemporaryNames.isIgnored(name) else { continue }
                let relative = folder.isEmpty ? name : folder + "/" + name
                let isFolder = mask & UInt32(IN_ISDIR) != 0
                if isFolder && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { addTree(relative) }
                if isFolder && mask & UInt32(IN_MOVED_FROM) != 0 { removeTree(relative) }
                // A plain write in progress is not a change yet, except an append to a visit log.
                if mask & UInt32(IN_MODIFY) != 0 && !relative.hasPrefix("visitors/") { continue }
                if mask & UInt32(IN_CREATE) != 0 && !isFolder { continue }
                changed.paths.insert(relative)
                if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 && !isFolder { changed.finished.insert(relative) }
                if !isFolder && (mask & UInt32(IN_MOVED_TO) != 0 || (mask & UInt32(IN_MODIFY | IN_CLOSE_WRITE) != 0 && Self.isVisitLog(relative))) {
                    changed.immediate.insert(relative)
                }
            }
        }
        return changed
    }
}

/// A failed system call of the watcher, with errno's text.
public struct WatchError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    init(_ call: String, _ code: Int32) { self.call = call; self.code = code }
    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}
