import CJPEG
import Dispatch
import FoundationEssentials
import KioskCore
import Glibc
import Dispatch

/// A JPEG decoded at n/8 and shrunk by an area filter straight into an output, row by row, on
/// one thread or in two bands on two.
///
/// Most of a big JPEG's decode is Huffman decoding, which cannot be split: without restart
/// markers the data of the lower half can only be found by decoding the upper half. So the lower
/// band's decoder skips there (libjpeg-turbo's skip still decodes the Huffman data, but makes no
/// pixels: about 60 % of the cost of a row at 4/8) while the upper band's decodes and filters;
/// they meet where the two are balanced, worked out as they go. A 24-megapixel photo for 1080p
/// is done in about three quarters of the time, for about 1.5 times the CPU.
///
/// The bands meet safely whatever the threads' speeds: the upper one claims rows before it
/// decodes them, and the lower one starts only below every claimed row. If the lower thread is
/// late (the other core is busy), the upper one simply goes on to the bottom, as one thread would.
enum JPEGBands {
    /// Rows the upper band claims at a time: kiosk_jpeg_decode_steps's batch.
    static let claimRows = 8

    /// Where the two bands are: the rows the upper one has claimed, and where the lower one
    /// started, once it has. Locked: it is read at every batch of rows by both threads.
    final class Meeting: @unchecked Sendable {
        private let lock = Lock()
        private var claimed = 0
        private var boundary: Int?
        private var failed = false
        let sourceHeight: Int
        init(sourceHeight: Int) { self.sourceHeight = sourceHeight }

        /// The upper band at `row`: the row it must stop at if the lower band has started (nil: go on).
        func upperReached(_ row: Int) -> (stopAt: Int?, failed: Bool) {
            lock.lock(); defer { lock.unlock() }
            if boundary == nil { claimed = max(claimed, row + JPEGBands.claimRows) }
            return (boundary, failed)
        }

        /// The lower band, skipping, at `row`: start here (true), skip on (false), or give up
        /// (nil: the upper band has claimed this row already, or something failed).
        func lowerReached(_ row: Int) -> Bool? {
            lock.lock(); defer { lock.unlock() }
            if failed || claimed > row { return nil }
            // Balanced: what the upper band has left to decode up to here is what the lower
            // band would decode from here.
            guard row - claimed >= sourceHeight - row else { return false }
            boundary = row
            return true
        }

        func fail() { lock.lock(); failed = true; lock.unlock() }
        var hasFailed: Bool { lock.lock(); defer { lock.unlock() }; return failed }
        var start: Int? { lock.lock(); defer { lock.unlock() }; return boundary }
    }

    /// One decoder's part: its shrinker once it knows its rows, and what it has done.
    final class Band {
        let isUpper: Bool
        let filter: AreaFilter
        let meeting: Meeting?
        let output: UnsafeMutablePointer<UInt32>, outputStride: Int
        var shrinker: AreaShrinker?
        /// Where rows go instead of `shrinker` when it runs on a thread of its own.
        var pipeline: JPEGFilterPipeline?
        /// The band decoded the last row (and so read the data to its end).
        var reachedBottom = false

        init(upper: Bool, filter: AreaFilter, meeting: Meeting?, output: UnsafeMutablePointer<UInt32>, outputStride: Int) {
            isUpper = upper
            self.filter = filter
            self.meeting = meeting
            self.output = output
            self.outputStride = outputStride
            if upper {
                shrinker = AreaShrinker(filter: filter, rows: 0..<filter.vertical.outputCount, output: output, outputStride: outputStride)
            }
        }

        /// kiosk_jpeg_decode_steps's step: rows [row, row + count) arrived (or none); what next.
        func step(row: Int, count: Int, rows: UnsafePointer<UInt8>?, pitch: Int) -> Int32 {
            if let rows, let pipeline {
                pipeline.put(row: row, count: count, rows: rows, pitch: pitch)
            } else if let rows, let shrinker {
                for i in 0..<count {
                    shrinker.take(row: row + i, pixels: UnsafeRawPointer(rows + i * pitch).assumingMemoryBound(to: UInt32.self))
                }
            }
            let next = row + count
            if next >= filter.vertical.sourceCount { reachedBottom = true }
            guard let meeting else { return Int32(KIOSK_JPEG_DECODE) }
            if isUpper {
                let (stopAt, failed) = meeting.upperReached(next)
                if failed { return Int32(KIOSK_JPEG_STOP) }
                guard let stopAt else { return Int32(KIOSK_JPEG_DECODE) }
                // The lower band writes the output rows whose areas start at or below its first
                // row; this band's last row may reach a little past it. None of those has a sum yet:
                // their areas start at or below `stopAt`, which this band never claimed.
                let shrinker = shrinker!
                shrinker.end(at: filter.firstOutputRow(startingAtOrAfter: stopAt))
                return next >= shrinker.sourceRows.upperBound ? Int32(KIOSK_JPEG_STOP) : Int32(KIOSK_JPEG_DECODE)
            }
            if shrinker != nil { return meeting.hasFailed ? Int32(KIOSK_JPEG_STOP) : Int32(KIOSK_JPEG_DECODE) }
            switch meeting.lowerReached(next) {
            case nil: return Int32(KIOSK_JPEG_STOP)
            case false?: return Int32(KIOSK_JPEG_SKIP)
            case true?:
                let first = filter.firstOutputRow(startingAtOrAfter: next)
                shrinker = AreaShrinker(filter: filter, rows: first..<filter.vertical.outputCount, output: output, outputStride: outputStride)
                return Int32(KIOSK_JPEG_DECODE)
            }
        }
    }
}

extension JPEGBands {
    /// Pictures with at least this many pixels are decoded in two bands when there are two
    /// cores: below it the time saved is small and the second decoder's skipping still costs CPU.
    static let twoBandsFrom = 8_000_000

    /// Decodes the JPEG in `bytes` at `scale` and shrinks it into `output` (XRGB,
    /// `width`×`height`, `outputStride` pixels a row, no larger than the scaled picture): in
    /// two bands when `twoBands`, else with the filter on a second thread when `pipelined`.
    /// Returns why it failed, or nil.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, scale: (n: Int, width: Int, height: Int),
                       into output: UnsafeMutablePointer<UInt32>, outputStride: Int, width: Int, height: Int,
                       twoBands: Bool, pipelined: Bool = false) -> String? {
        let filter = AreaFilter(sourceWidth: scale.width, sourceHeight: scale.height, width: width, height: height)
        func run(_ band: Band) -> String? {
            var message = [CChar](repeating: 0, count: 256)
            let result = kiosk_jpeg_decode_steps(bytes.baseAddress, bytes.count, Int32(scale.n), Int32(scale.width), Int32(scale.height),
                                                 step, Unmanaged.passUnretained(band).toOpaque(), &message, message.count)
            return result == 0 ? nil : String(cString: message)
        }
        let meeting = twoBands ? Meeting(sourceHeight: scale.height) : nil
        let upper = Band(upper: true, filter: filter, meeting: meeting, output: output, outputStride: outputStride)
        var failure: String?
        if let meeting {
            let lower = Band(upper: false, filter: filter, meeting: meeting, output: output, outputStride: outputStride)
            let lowerFailure = Outcome()
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global(qos: .userInitiated).async {
                lowerFailure.message = withExtendedLifetime(lower) { run(lower) }
                if lowerFailure.message != nil { meeting.fail() }
                done.signal()
            }
            failure = run(upper)
            if failure != nil { meeting.fail() }
            done.wait()
            failure = failure ?? lowerFailure.message
            if failure == nil && !upper.reachedBottom && !lower.reachedBottom { failure = "neither band reached the last row" }
        } else {
            if pipelined {
                let pipeline = JPEGFilterPipeline(shrinker: upper.shrinker!, batchRows: claimRows, pitch: scale.width * 4)
                pipeline.start()
                upper.pipeline = pipeline
                failure = run(upper)
                pipeline.finish()
            } else {
                failure = run(upper)
            }
            if failure == nil && !upper.reachedBottom { failure = "the decode stopped before the last row" }
        }
        return failure
    }

    /// The lower band's result, handed back from its thread (read after the semaphore).
    private final class Outcome: @unchecked Sendable { var message: String? }

    /// The C side's step function: the band is the context.
    private static let step: kiosk_jpeg_step_fn = { context, row, count, rows, pitch in
        Unmanaged<Band>.fromOpaque(context!).takeUnretainedValue().step(row: Int(row), count: Int(count), rows: rows, pitch: Int(pitch))
    }
}
