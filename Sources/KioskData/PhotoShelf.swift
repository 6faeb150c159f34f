import FoundationEssentials
import Glibc
import KioskCore

/// Every photo's header, read once per version of the file: which format it really is, its
/// size upright, and its embedded caption, or why it cannot be shown. A gallery of 500 photos is
/// read once; a reload after one new photo reads one header.
final class PhotoShelf {
    private var memory: [String: (stamp: FileStamp, limits: PictureLimits, result: Result<ImageHeader, ImageHeaderError>)] = [:]
    private var seen: Set<String> = []

    func beginLoad() { seen = [] }
    func endLoad() { memory = memory.filter { seen.contains($0.key) } }

    /// What `relative` (at `path`) holds, or nil when it is not there or not ready: a photo still
    /// being copied (modified just now and not seen finished) waits for the next load rather than
    /// being reported cut off.
    func header(_ relative: String, at path: String, pass: LoadPass, limits: PictureLimits) -> Result<ImageHeader, ImageHeaderError>? {
        guard let stamp = FileStamp(path: path) else { return nil }
        seen.insert(relative)
        // New limits in kiosk.toml judge every photo again.
        if let known = memory[relative], known.stamp == stamp, known.limits == limits { return known.result }
        if !pass.isSettled(relative, stamp) {
            pass.retry(at: stamp.modifiedDate.addingTimeInterval(pass.settle))
            // A photo being rewritten keeps its place meanwhile; a new one waits.
            return memory[relative]?.result
        }
        let result = Result { try ImageHeader.read(path: path, limits: limits) }
            .mapError { $0 as? ImageHeaderError ?? ImageHeaderError("\($0)") }
        memory[relative] = (stamp, limits, result)
        return result
    }
}

extension PictureLimits {
    /// The limits kiosk.toml sets.
    public init(_ settings: Settings) {
        self.init(maxPixels: Int(min(settings.maxPhotoMegapixels * 1_000_000, Double(Int.max / 2))),
                  maxFileBytes: Int(min(settings.maxPhotoMegabytes * 1_048_576, Double(Int.max / 2))))
    }
}
