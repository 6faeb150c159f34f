import CSDL2
import Dispatch
import FoundationEssentials
import Glibc
import Dispatch
import KioskCore
import KioskData

/// Decodes pictures for one canvas: off the main thread on a serial background queue (or inline,
/// for `kiosk render` and tests, so a frame is complete and the same every time), scaled to no
/// more than the size they are shown at.
///
/// Memory stays flat however many photos the gallery holds. Slideshow photos and slides
/// (`ImageKind.photo`, `.slide`: screen-sized) are kept only while a frame uses them: the one on
/// screen, the one fading out and the next, asked for ahead. Other pictures (portraits) are kept up to
/// `maxImages` and `maxBytes`, least recently used first out, except that a picture drawn in the
/// current frame is never evicted (a frame that shows more pictures than the bound would
/// otherwise decode its own pictures again on every frame).
///
/// A file that fails to decode is remembered as failed and not tried again until its size or
/// modification time changes. It counts as "ready", so a crossfade never waits for it; nothing
/// is drawn for it.
///
/// The main thread calls everything except `onImageReady`, which runs on the decoding thread.
public final class ImageLoader: ImageAvailability, @unchecked Sendable {
    /// What the loader holds, for tests, benchmarks and status reports.
    public struct Statistics: Sendable, Equatable {
        /// Pictures with pixels (a surface here or a texture in the canvas).
        public var residentImages: Int
        /// Of those, slideshow photos and slides (at most three: current, previous, next).
        public var residentPhotos: Int
        public var residentBytes: Int
        /// Decodes queued or running.
        public var pending: Int
        /// Files remembered as undecodable.
        public var failed: Int
        /// Decodes run so far, successful or not.
        public var decodeAttempts: Int
    }

    /// Decodes inline instead of on the background queue.
    public let synchronous: Bool
    /// Called on the decoding thread whenever a decode finishes (not in synchronous mode); the
    /// app pushes an event that wakes its main loop.
    public var onImageReady: (@Sendable () -> Void)? {
        get { locked { readyHandler } }
        set { locked { readyHandler = newValue } }
    }
    /// How many decoded pictures are kept (besides those on screen in the current frame).
    public var maxImages: Int {
        get { locked { imageLimit } }
        set { locked { imageLimit = max(1, newValue) } }
    }
    /// How many bytes of decoded pixels are kept (besides those on screen in the current frame).
    public var maxBytes: Int {
        get { locked { byteLimit } }
        set { locked { byteLimit = max(1, newValue) } }
    }
    /// The renderer's largest texture side (0: no limit): no picture is decoded larger.
    public var maxSide: Int {
        get { locked { maxTextureSide } }
        set { locked { maxTextureSide = max(0, newValue) } }
    }
    /// Pictures over these are refused before they are decoded (kiosk.toml's max_photo_*).
    public var limits: PictureLimits {
        get { locked { pictureLimits } }
        set { locked { pictureLimits = newValue } }
    }
    /// How often, at most, a file's size and modification time are checked to notice a
    /// replaced photo or a repaired file that failed before.
    public var recheckInterval: Double {
        get { locked { recheckSeconds } }
        set { locked { recheckSeconds = newValue } }
    }

    /// One picture's state. Reference type so a decode can tell whether its entry is still the
    /// one in the table when it finishes (it may have been evicted and asked for again).
    private final class Entry {
        let ref: ImageRef
        var path: String { ref.path }
        /// The largest areas it has been asked to fill, cropped and whole.
        var box = DecodeBox()
        var decodedBox = DecodeBox()
        var inFlight = false
        /// Decoded and not yet turned into a texture by the canvas.
        var picture: DecodedPicture?
        /// Counts decodes that succeeded, so the canvas knows its texture is stale.
        var generation = 0
        /// The loader's count of finished decodes when this one last succeeded: unlike
        /// `generation`, never the same for two decodes, even of an entry evicted and asked for again.
        var decodedAt = 0
        var resident = false
        var width = 0, height = 0, bytes = 0
        var sourceWidth = 0, sourceHeight = 0
        var stamp: FileStamp?
        var checkedAt: Double
        var lastUse: UInt64 = 0
        var lastFrame: UInt64 = 0
        var lastError: RenderError?
        init(ref: ImageRef, now: Double) { self.ref = ref; checkedAt = now }
    }

    private struct Failure {
        var stamp: FileStamp?
        var error: RenderError
        var checkedAt: Double
        var order: UInt64
    }

    private let queue = DispatchQueue(label: "kiosk.image-decode", qos: .userInitiated)
    private let lock = Lock()
    private var entries: [ImageRef: Entry] = [:]
    private var failures: [String: Failure] = [:] { didSet { failureChanges += 1 } }
    private var readyHandler: (@Sendable () -> Void)?
    private var imageLimit: Int
    private var byteLimit: Int
    private var recheckSeconds = 2.0
    private var maxTextureSide = 0
    private var pictureLimits = PictureLimits()
    private var useClock: UInt64 = 0
    private var frame: UInt64 = 1
    private var attempts = 0
    private var failureChanges = 0
    private var finished = 0
    private static let maxFailuresRemembered = 2048

    public init(synchronous: Bool, maxImages: Int = 6, maxBytes: Int = 24 << 20) {
        self.synchronous = synchronous
        imageLimit = max(1, maxImages)
        byteLimit = max(1, maxBytes)
    }

    deinit {
        for entry in entries.values { if let picture = entry.picture { SDL_FreeSurface(picture.surface) } }
    }

    /// Decoded (or failed for good). In synchronous mode always: a draw decodes inline.
    /// A slide not yet composed for its area is ready when the same photo's slide for another
    /// area is (see `standIn(for:)`).
    public func isReady(_ image: ImageRef) -> Bool {
        if synchronous { return true }
        return locked {
            if failures[image.path] != nil { return true }
            guard let entry = entries[image] else { return standInLocked(for: image) != nil }
            // Asked about for this frame: keep it.
            entry.lastFrame = frame
            return entry.resident || standInLocked(for: image) != nil
        }
    }

    /// The same photo's slide composed for another area (the lobby's panel, when the gallery
    /// opens full screen), drawn in its place until its own is composed: the photo shows at
    /// once, a little soft, instead of an empty panel for the ~100 ms a composition takes.
    /// Kept for this frame.
    func standIn(for image: ImageRef) -> ImageRef? {
        locked { standInLocked(for: image) }
    }

    private func standInLocked(for image: ImageRef) -> ImageRef? {
        guard case .slide(let wanted) = image.kind else { return nil }
        for (ref, entry) in entries where entry.resident && ref.path == image.path && ref != image {
            // A slide for a slide, a surround (no photo: Ken Burns moves it over) for a surround.
            if case .slide(let layout) = ref.kind, layout.showsPhoto == wanted.showsPhoto {
                entry.lastFrame = frame
                return ref
            }
        }
        return nil
    }

    /// The picture could not be decoded (it is "ready" all the same, and nothing is drawn for
    /// it): a slideshow passes over it and keeps the photo before it on screen.
    public func hasFailed(_ image: ImageRef) -> Bool {
        locked { failures[image.path] != nil }
    }

    /// Why `image` could not be decoded, if it could not.
    public func failure(for image: ImageRef) -> RenderError? {
        locked { failures[image.path]?.error ?? entries[image]?.lastError }
    }

    /// Every picture that could not be decoded, by path, with why: for the journal and
    /// status.json. A picture is listed until its file changes and decodes.
    public var failedPictures: [String: RenderError] { locked { failures.mapValues(\.error) } }
    /// Changes whenever `failedPictures` may have: the main loop compares it before asking.
    public var failureGeneration: Int { locked { failureChanges } }

    /// Counts finished decodes: a picture that became ready changes what a frame shows even
    /// when its draw commands are the same (the canvas redraws its still layer then).
    public var generation: Int { locked { finished } }

    /// What a draw of each picture would show, as a number that changes whenever that does: a
    /// decode that succeeded (when it finished, counted in decodes), none yet (0), none at all
    /// (-1 failed, -2 not asked for). The canvas keeps its still layer while the pictures in it
    /// keep theirs.
    func drawStates(of refs: [ImageRef]) -> [Int] {
        guard !refs.isEmpty else { return [] }
        return locked {
            refs.map { ref in
                if let entry = entries[ref] { return entry.resident ? entry.decodedAt : 0 }
                return failures[ref.path] != nil ? -1 : -2
            }
        }
    }

    public var statistics: Statistics {
        locked {
            let resident = entries.values.filter(\.resident)
            return Statistics(residentImages: resident.count, residentPhotos: resident.filter { $0.ref.kind.isScreenSized }.count,
                              residentBytes: resident.reduce(0) { $0 + $1.bytes },
                              pending: entries.values.filter(\.inFlight).count, failed: failures.count,
                              decodeAttempts: attempts)
        }
    }

    /// Asks for `image` to fill `width`×`height` pixels (`fit` .contain: to be shown whole inside
    /// them, which for a portrait on a landscape screen needs far fewer pixels): starts a decode
    /// unless one is decoded big enough, running, or failed for this version of the file.
    public func request(_ image: ImageRef, width: Int, height: Int, fit: ImageFit = .cover) {
        let path = image.path
        let now = Self.now()
        lock.lock()
        useClock += 1
        if var failure = failures[path] {
            guard now - failure.checkedAt >= recheckSeconds else { lock.unlock(); return }
            failure.checkedAt = now
            guard FileStamp(path: path) != failure.stamp else { failures[path] = failure; lock.unlock(); return }
            failures[path] = nil   // the file changed: worth another try
        }
        let entry: Entry
        if let existing = entries[image] { entry = existing } else {
            entry = Entry(ref: image, now: now)
            entries[image] = entry
        }
        entry.lastUse = useClock
        entry.lastFrame = frame
        entry.box.include(width: width, height: height, fit: fit)
        var decode = false
        if !entry.inFlight {
            if !entry.resident {
                decode = true
            } else if needsBigger(entry) {
                decode = true
            } else if now - entry.checkedAt >= recheckSeconds {
                // A photo replaced under the same name: decode the new one, keep showing the old
                // until it's ready.
                entry.checkedAt = now
                decode = FileStamp(path: path) != entry.stamp
            }
        }
        let box = decode ? markInFlight(entry) : nil
        lock.unlock()
        if let box { start(entry, box: box) }
    }

    /// Marks `entry` as being decoded at the size asked for now and returns that size, capped
    /// at the texture limit. The lock must be held.
    private func markInFlight(_ entry: Entry) -> DecodeBox {
        entry.inFlight = true
        entry.decodedBox = entry.box
        var box = entry.box
        box.maxSide = maxTextureSide   // the lock is held: the field, not the property
        return box
    }

    /// Decodes `entry` here (synchronous loader) or on the decode queue. The lock must not be held.
    private func start(_ entry: Entry, box: DecodeBox) {
        if synchronous { run(entry, box: box) } else { queue.async { [weak self] in self?.run(entry, box: box) } }
    }

    /// Shown noticeably bigger than it was decoded for, and the file has more pixels to give.
    /// The data folder changed: every picture held is stat'ed now, and one whose file was
    /// replaced or rewritten is decoded again (the old one stays shown until the new is ready),
    /// as is a failed one whose file changed. `request`'s own check runs only for frames that
    /// lay out their pictures anew, so a screen that stands still (one photo in an album, a
    /// still layer kept for minutes) would otherwise show a replaced photo's old pixels until
    /// something else moved.
    public func filesMayHaveChanged() {
        let now = Self.now()
        var decodes: [(Entry, DecodeBox)] = []
        lock.lock()
        for (path, failure) in failures where FileStamp(path: path) != failure.stamp { failures[path] = nil }
        for entry in entries.values where !entry.inFlight && entry.resident {
            entry.checkedAt = now
            guard FileStamp(path: entry.path) != entry.stamp else { continue }
            decodes.append((entry, markInFlight(entry)))
            // (One in flight checks its file again when it finishes: see `run`.)
        }
        lock.unlock()
        for (entry, box) in decodes { start(entry, box: box) }
    }

    private func needsBigger(_ entry: Entry) -> Bool {
        // By the size the boxes ask for, not the boxes: asked ahead to cover its own shape and
        // then drawn whole in the panel, a portrait needs the same pixels both ways.
        guard entry.box.exceeds(entry.decodedBox, by: 1.1), entry.width < entry.sourceWidth, entry.height < entry.sourceHeight else { return false }
        var box = entry.box
        box.maxSide = maxTextureSide
        let target = box.target(sourceWidth: entry.sourceWidth, sourceHeight: entry.sourceHeight)
        return Double(target.width) > Double(entry.width) * 1.1 || Double(target.height) > Double(entry.height) * 1.1
    }

    private func run(_ entry: Entry, box: DecodeBox) {
        guard locked({ entries[entry.ref] === entry }) else { return }   // evicted while queued
        let stamp = FileStamp(path: entry.path)
        let result = Result {
            switch entry.ref.kind {
            case .picture, .photo:
                return try ImageDecoder.decode(path: entry.path, box: box, limits: limits)
            case .slide(let layout):
                // Composed at the size its layout says, whatever the box asked.
                return try SlideComposer.compose(path: entry.path, layout: layout, limits: limits, maxSide: box.maxSide)
            }
        }
        let now = Self.now()
        lock.lock()
        attempts += 1
        finished += 1
        var unwanted: DecodedPicture?
        if entries[entry.ref] === entry {
            entry.inFlight = false
            entry.stamp = stamp
            entry.checkedAt = now
            switch result {
            case .success(let picture):
                unwanted = entry.picture   // an earlier decode the canvas never picked up
                entry.picture = picture
                entry.generation += 1
                entry.decodedAt = finished
                entry.resident = true
                entry.width = picture.width
                entry.height = picture.height
                entry.bytes = picture.bytes
                entry.sourceWidth = picture.sourceWidth
                entry.sourceHeight = picture.sourceHeight
                entry.lastError = nil
            case .failure(let error):
                entry.lastError = error as? RenderError ?? RenderError(call: "decode", message: "\(error)")
                if !entry.resident {
                    entries[entry.ref] = nil
                    failures[entry.path] = Failure(stamp: stamp, error: entry.lastError!, checkedAt: now, order: useClock)
                    trimFailures()
                }
                // A picture already shown stays shown (say, a half-copied replacement); its new
                // stamp keeps it from being retried until the file changes again.
            }
        } else if case .success(let picture) = result {
            unwanted = picture
        }
        // Replaced or rewritten while it was being decoded: what was decoded may be the old file
        // (or part of it), and on a screen that stands still nothing would ask again. Decode
        // the file as it is now.
        var again: DecodeBox?
        if entries[entry.ref] === entry && !entry.inFlight && !synchronous && FileStamp(path: entry.path) != stamp {
            again = markInFlight(entry)
        }
        let notify = readyHandler
        lock.unlock()
        if let again { start(entry, box: again) }
        if let unwanted { SDL_FreeSurface(unwanted.surface) }
        // A decode allocates and frees tens of megabytes (a 12-megapixel PNG is 36–48 MB before
        // it's halved; even the scaled decode of a 24-megapixel JPEG, about 30 MB). glibc raises
        // its mmap threshold after such frees and then keeps later big buffers in its heap; hand
        // the freed pages back so memory stays flat.
        malloc_trim(0)
        if !synchronous { notify?() }
    }

    // MARK: - The canvas's side (main thread)

    /// Counts `refs` as used by this frame without asking for them again: the canvas kept its
    /// still layer, so the pictures in it (and a decode asked for ahead) are still wanted.
    func markUsed(_ refs: [ImageRef]) {
        locked {
            for ref in refs { entries[ref]?.lastFrame = frame }
        }
    }

    /// A freshly decoded picture for `path`, handed over with its generation: the caller makes
    /// a texture of it and frees the surface.
    func takeUpload(_ ref: ImageRef) -> (picture: DecodedPicture, generation: Int)? {
        locked {
            guard let entry = entries[ref], let picture = entry.picture else { return nil }
            entry.picture = nil
            return (picture, entry.generation)
        }
    }

    /// The canvas could not make a texture: treat the picture as failed so it isn't retried
    /// every frame.
    func uploadFailed(_ ref: ImageRef, error: RenderError) {
        locked {
            guard let entry = entries.removeValue(forKey: ref) else { return }
            failures[ref.path] = Failure(stamp: entry.stamp, error: error, checkedAt: Self.now(), order: useClock)
            trimFailures()
        }
    }

    /// Ends a frame: forgets decodes nobody asked for in it, drops photos it did not use, evicts
    /// least recently used pictures beyond the bounds, and returns the pictures whose textures the
    /// canvas must destroy.
    func endFrame() -> [ImageRef] {
        locked {
            let current = frame
            frame += 1
            var evicted: [ImageRef] = []
            for (ref, entry) in entries where entry.lastFrame != current && (!entry.resident || ref.kind.isScreenSized) {
                // A decode still running will see it's gone and drop the result.
                entries[ref] = nil
                if entry.resident {
                    if let picture = entry.picture { SDL_FreeSurface(picture.surface) }
                    evicted.append(ref)
                }
            }
            var resident = entries.values.filter(\.resident)
            var count = resident.count
            var bytes = resident.reduce(0) { $0 + $1.bytes }
            guard count > imageLimit || bytes > byteLimit else { return evicted }
            resident = resident.filter { $0.lastFrame != current }.sorted { $0.lastUse < $1.lastUse }
            for entry in resident {
                if count <= imageLimit && bytes <= byteLimit { break }
                entries[entry.ref] = nil
                if let picture = entry.picture { SDL_FreeSurface(picture.surface) }
                count -= 1
                bytes -= entry.bytes
                evicted.append(entry.ref)
            }
            return evicted
        }
    }

    /// The renderer lost every texture (device reset): pictures that only lived as textures must
    /// be decoded again.
    func texturesLost() {
        locked {
            for (ref, entry) in entries where entry.resident && entry.picture == nil && !entry.inFlight {
                entries[ref] = nil
            }
        }
    }

    private func trimFailures() {
        guard failures.count > Self.maxFailuresRemembered else { return }
        let oldest = failures.sorted { $0.value.order < $1.value.order }.prefix(failures.count / 4)
        for (path, _) in oldest { failures[path] = nil }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

#if canImport(Glibc)
/// glibc's malloc_trim, declared here because Swift's Glibc module leaves out <malloc.h>.
@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
#else
private func malloc_trim(_ pad: Int) -> Int32 { 0 }
#endif
