import Foundation

/// A file's size and modification time: enough to notice a photo replaced under the same name
/// (an editor saving by rename, rsync, Syncthing) without reading it.
struct FileStamp: Equatable, Sendable {
    let size: Int64
    let modified: Int64

    /// nil when the file can't be stat'ed (missing, no permission).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
