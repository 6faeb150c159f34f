import CSDL2
import Dispatch
import Foundation
import KioskCore

/// A picture decoded and scaled for the screen, owned until the loader evicts it.
final class DecodedImage: @unchecked Sendable {
    let surface: UnsafeMutablePointer<SDL_Surface>
    init(_ surface: UnsafeMutablePointer<SDL_Surface>) { self.surface = surface }
    deinit { SDL_FreeSurface(surface) }
    var width: Int { Int(surface.pointee.w) }
    var height: Int { Int(surface.pointee.h) }
}

/// Decodes pictures off the main thread, scaled no larger than where they are shown, and keeps
/// only a few at a time so memory stays flat however many photos the gallery holds.
///
/// A picture that cannot be decoded is remembered as failed and not retried until the file
/// changes; it counts as "ready" so a crossfade never waits for it, and nothing is drawn.
public final class ImageLoader: ImageAvailability, @unchecked Sendable {
    private struct Entry {
        var image: DecodedImage?
        var failed = false
        var decoding = false
        var width: Int
        var height: Int
        var fileStamp: FileStamp?
        var lastUse: UInt64
        var lastChecked: TimeInterval
    }

    /// Called on the decoding thread when a picture becomes ready; the window wakes its loop.
    public var onImageReady: (@Sendable () -> Void)?
    /// How many decoded pictures are kept.
    public let capacity: Int
    private let synchronous: Bool
    private let queue = DispatchQueue(label: "kiosk.image-decode", qos: .userInitiated)
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var useClock: UInt64 = 0
    private var failures: [String: String] = [:]
    private var finished = 0

    /// Counts finished decodes: a picture that became ready changes what a frame shows even
    /// when its draw commands are the same.
    public var generation: Int {
        lock.lock(); defer { lock.unlock() }
        return finished
    }

    /// `synchronous` decodes inline: `kiosk render` and tests get complete, deterministic frames.
    public init(synchronous: Bool, capacity: Int = 6) {
        self.synchronous = synchronous
        self.capacity = max(2, capacity)
    }

    public func isReady(_ image: ImageRef) -> Bool {
        if synchronous { return true }
        lock.lock(); defer { lock.unlock() }
        guard let entry = entries[image.path] else { return false }
        return entry.image != nil || entry.failed
    }

    public func hasFailed(_ image: ImageRef) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return entries[image.path]?.failed ?? false
    }

    /// Decode failures so far, by path: what a status report would list.
    public var failedPaths: [String: String] {
        lock.lock(); defer { lock.unlock() }
        return failures
    }

    /// How many decoded pictures are held now.
    public var decodedCount: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.values.filter { $0.image != nil }.count
    }

    /// Asks for `image` at up to `width`×`height`; decodes it unless it is decoded, failed or on its way.
    public func request(_ image: ImageRef, width: Int, height: Int) {
        let now = Date().timeIntervalSince1970
        lock.lock()
        useClock += 1
        var needsDecode = false
        if var entry = entries[image.path] {
            entry.lastUse = useClock
            // A bigger showing than what was decoded, or a changed file (checked once a second),
            // needs a new decode.
            let bigger = !entry.failed && (width > entry.width + entry.width / 8 || height > entry.height + entry.height / 8)
            var changed = false
            if !entry.decoding && now - entry.lastChecked >= 1 {
                entry.lastChecked = now
                changed = FileStamp(path: image.path) != entry.fileStamp
            }
            if !entry.decoding && (bigger || changed) {
                entry.decoding = true
                entry.width = max(width, entry.width); entry.height = max(height, entry.height)
                needsDecode = true
            }
            entries[image.path] = entry
        } else {
            entries[image.path] = Entry(decoding: true, width: width, height: height, lastUse: useClock, lastChecked: now)
            needsDecode = true
        }
        let target = (entries[image.path]!.width, entries[image.path]!.height)
        lock.unlock()
        guard needsDecode else { return }
        if synchronous { decode(image.path, width: target.0, height: target.1) }
        else { queue.async { [weak self] in self?.decode(image.path, width: target.0, height: target.1) } }
    }

    /// The decoded picture, if there is one.
    func decoded(_ image: ImageRef) -> DecodedImage? {
        lock.lock(); defer { lock.unlock() }
        return entries[image.path]?.image
    }

    private func decode(_ path: String, width: Int, height: Int) {
        let stamp = FileStamp(path: path)
        let result = Result { try ImageDecoder.decode(path: path, maxWidth: width, maxHeight: height) }
        lock.lock()
        if var entry = entries[path] {
            entry.decoding = false
            entry.fileStamp = stamp
            switch result {
            case .success(let image): entry.image = image; entry.failed = false; failures[path] = nil
            case .failure(let error): entry.image = nil; entry.failed = true; failures[path] = "\(error)"
            }
            entries[path] = entry
        }
        evictBeyondCapacity()
        finished += 1
        lock.unlock()
        onImageReady?()
    }

    /// Keeps the `capacity` most recently used decoded pictures (called with the lock held).
    private func evictBeyondCapacity() {
        let decoded = entries.filter { $0.value.image != nil }
        guard decoded.count > capacity else { return }
        for (path, _) in decoded.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(decoded.count - capacity) {
            entries[path] = nil
        }
    }
}

/// Size and modification time: enough to notice a photo replaced under the same name.
struct FileStamp: Equatable {
    let size: Int64
    let modified: Int64
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
