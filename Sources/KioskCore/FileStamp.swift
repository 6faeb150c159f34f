import FoundationEssentials
import Glibc

/// What `stat` says about a file, enough to tell whether it changed without reading it: a file
/// renamed over (new inode), rewritten in place (size, times) or touched all give a new stamp.
public struct FileStamp: Equatable, Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    /// Modification time in nanoseconds since 1970.
    public let modified: Int64
    /// Status-change time in nanoseconds since 1970 (a rename or chmod moves it).
    public let changed: Int64

    /// nil when the file can't be stat'ed (missing, no permission).
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The stamp of an open file, to notice a write that happened while it was being read.
    public init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    /// The modification time as a date.
    public var modifiedDate: Date { Date(timeIntervalSince1970: Double(modified) / 1e9) }
}
