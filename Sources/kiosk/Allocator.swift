#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for a long-running screen whose big allocations are pictures: set once,
/// first thing in `main`, before any thread starts.
///
/// By default glibc raises its mmap threshold to the size of the largest mmapped block freed so
/// far (up to 32 MiB): after the first photo surface (10 MB) is freed, later pictures, text
/// surfaces and decode buffers come from the heap, where a small block left above them keeps the
/// freed pages resident (`kiosk-bench cpu`: ~28–32 MiB of heap in a 60 MiB PSS). A fixed threshold
/// keeps every block of 128 KiB or more in its own mapping, handed back to the kernel when freed;
/// a fixed trim threshold returns the heap's free top at once; two arenas instead of one per
/// core's worth of threads (8 × cores) keep the decoder threads' freed memory from sitting in
/// arenas of their own.
enum Allocator {
    static func configure() {
        #if canImport(Glibc)
        _ = mallopt(mmapThreshold, 128 << 10)
        _ = mallopt(trimThreshold, 128 << 10)
        _ = mallopt(arenaMax, 2)
        #endif
    }

    // <malloc.h>'s parameter numbers (Swift's Glibc module leaves the header out).
    private static let trimThreshold: Int32 = -1   // M_TRIM_THRESHOLD
    private static let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD
    private static let arenaMax: Int32 = -8        // M_ARENA_MAX
}

#if canImport(Glibc)
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
