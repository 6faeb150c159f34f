import Dispatch
import FoundationEssentials
import Glibc
import Dispatch

/// The area filter on a second thread, fed by a decoder on this one: for a JPEG one decoder must
/// read alone (no restart markers), the decode and the shrinking of its rows overlap instead of
/// taking turns, so the filter's share (for 24 MP at 4/8 to 1080p, 6 million pixels averaged)
/// leaves the decode's critical path when the other core is free.
///
/// The decoder copies each batch of rows into one of a few slots (libjpeg's rows are valid only
/// during its call) and the filter thread takes them in order; when it falls behind, the decoder
/// waits for a free slot, so memory stays at `slotCount` batches.
final class JPEGFilterPipeline: @unchecked Sendable {
    static let slotCount = 6
    /// Scaled pictures with at least this many pixels are filtered on a second thread: below it
    /// the thread's start and the copies are a larger share of a short decode.
    static let from = 1_000_000
    let shrinker: AreaShrinker
    private let slotBytes: Int
    private let buffers: UnsafeMutableRawPointer
    /// Per slot: its first row and how many (-1: the decode ended).
    private let firstRows: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let pitches: UnsafeMutablePointer<Int>
    /// Made with 0 and signalled once a slot: libdispatch refuses to free a semaphore below the
    /// value it was made with, and this one ends with slots taken.
    private let free = DispatchSemaphore(value: 0)
    private let filled = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var written = 0

    /// For batches of up to `batchRows` rows of `pitch` bytes, shrunk by `shrinker`.
    init(shrinker: AreaShrinker, batchRows: Int, pitch: Int) {
        self.shrinker = shrinker
        slotBytes = batchRows * pitch
        buffers = .allocate(byteCount: Self.slotCount * slotBytes, alignment: 64)
        firstRows = .allocate(capacity: Self.slotCount)
        counts = .allocate(capacity: Self.slotCount)
        pitches = .allocate(capacity: Self.slotCount)
        for _ in 0..<Self.slotCount { free.signal() }
    }

    deinit {
        buffers.deallocate(); firstRows.deallocate(); counts.deallocate(); pitches.deallocate()
    }

    /// Starts the filter thread.
    func start() {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var read = 0
            while true {
                filled.wait()
                let slot = read % Self.slotCount
                let count = counts[slot]
                if count < 0 { break }
                let base = buffers + slot * slotBytes, pitch = pitches[slot], first = firstRows[slot]
                for i in 0..<count {
                    shrinker.take(row: first + i, pixels: UnsafeRawPointer(base + i * pitch).assumingMemoryBound(to: UInt32.self))
                }
                read += 1
                free.signal()
            }
            finished.signal()
        }
    }

    /// Hands over rows [row, row + count), `pitch` bytes apart (the decoder's thread).
    func put(row: Int, count: Int, rows: UnsafePointer<UInt8>, pitch: Int) {
        guard count > 0 else { return }
        precondition(count * pitch <= slotBytes, "a batch larger than a slot")
        free.wait()
        let slot = written % Self.slotCount
        memcpy(buffers + slot * slotBytes, rows, count * pitch)
        firstRows[slot] = row
        counts[slot] = count
        pitches[slot] = pitch
        written += 1
        filled.signal()
    }

    /// Ends the decode (whether or not it reached the bottom) and waits for the filter thread
    /// to finish the rows handed over.
    func finish() {
        free.wait()
        counts[written % Self.slotCount] = -1
        written += 1
        filled.signal()
        finished.wait()
    }
}
