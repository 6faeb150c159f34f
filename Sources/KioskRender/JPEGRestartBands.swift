import CJPEG
import Dispatch
import FoundationEssentials
import KioskCore
import Dispatch

/// A JPEG with restart markers decoded in bands on several threads, each band from its own
/// restart point, so that no thread decodes another's rows (JPEGBands, for a JPEG without them,
/// has its lower decoder read through the upper half's Huffman data to find where it starts).
///
/// Many cameras and phones write a restart marker every row of MCUs (their hardware encoders
/// work in slices). libjpeg can begin at any of them given the header and the data from there
/// (kiosk_jpeg_decode_steps_from); the bands' pixels are the ones one decoder would make. Each
/// band is shrunk by the area filter into its own rows of the output as it is decoded: a band
/// goes on a couple of rows past the next band's restart point for the filter's last rows, and
/// the band below starts writing a couple of rows below its point (at 8/8, 4:2:0 chroma is
/// upsampled from the row above, which a band that starts there does not have).
enum JPEGRestartBands {
    /// Pictures with at least this many pixels are split: below it a band's set-up (a header
    /// read, a search for the markers) is a larger share of a short decode.
    static let from = 2_000_000
    /// Rows (at the decode's scale) a band leaves to the band above, past its restart point.
    static let guardRows = 2

    /// Restart points that split a `height`-row JPEG into `count` bands of about equal height,
    /// top to bottom, or nil when it has none to split at (no restart markers, progressive…) or
    /// they fall too close together to give `count` bands.
    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, height: Int, count: Int) -> [kiosk_jpeg_start]? {
        guard count >= 2 else { return nil }
        let wanted = (1..<count).map { Int32(height * $0 / count) }
        var found = [kiosk_jpeg_start](repeating: kiosk_jpeg_start(), count: wanted.count)
        guard kiosk_jpeg_restarts(bytes.baseAddress, bytes.count, wanted, &found, Int32(wanted.count)) == Int32(wanted.count) else { return nil }
        let rows = found.map { Int($0.row) }
        // Distinct, in order, and none at the very top (the first band starts there).
        guard rows.first! > 0, zip(rows, rows.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        return found
    }

    /// One band: its shrinker, and whether it stops when its rows are done (every band but the
    /// last, which reads to the end marker so that damage there is noticed).
    final class Band {
        let shrinker: AreaShrinker
        let isLast: Bool
        let start: kiosk_jpeg_start?
        /// The band had every source row it needs.
        var complete = false

        init(shrinker: AreaShrinker, isLast: Bool, start: kiosk_jpeg_start?) {
            self.shrinker = shrinker
            self.isLast = isLast
            self.start = start
        }

        /// kiosk_jpeg_decode_steps's step: rows [row, row + count) arrived (or none); what next.
        func step(row: Int, count: Int, rows: UnsafePointer<UInt8>?, pitch: Int) -> Int32 {
            if let rows {
                for i in 0..<count {
                    shrinker.take(row: row + i, pixels: UnsafeRawPointer(rows + i * pitch).assumingMemoryBound(to: UInt32.self))
                }
            }
            let next = row + count
            if next >= shrinker.sourceRows.upperBound || next >= shrinker.filter.vertical.sourceCount { complete = true }
            return complete && !isLast ? Int32(KIOSK_JPEG_STOP) : Int32(KIOSK_JPEG_DECODE)
        }
    }

    /// Decodes the JPEG in `bytes` at `scale` from the top and from each of `starts`, one band a
    /// thread (the first on this one), and shrinks it into `output` (XRGB, `width`×`height`,
    /// `outputStride` pixels a row). Returns why it failed, or nil.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, starts: [kiosk_jpeg_start], scale: (n: Int, width: Int, height: Int),
                       into output: UnsafeMutablePointer<UInt32>, outputStride: Int, width: Int, height: Int) -> String? {
        let filter = AreaFilter(sourceWidth: scale.width, sourceHeight: scale.height, width: width, height: height)
        // Output rows each band writes: from the first whose area starts at or below its point
        // (plus the guard) to where the next band's begin.
        let firstRows = [0] + starts.map { filter.firstOutputRow(startingAtOrAfter: Int($0.row) * scale.n / 8 + guardRows) }
        let bounds = firstRows + [height]
        guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return JPEGBands.decode(bytes, scale: scale, into: output, outputStride: outputStride, width: width, height: height, twoBands: false)
        }
        let bands = (0..<firstRows.count).map { i in
            Band(shrinker: AreaShrinker(filter: filter, rows: bounds[i]..<bounds[i + 1], output: output, outputStride: outputStride),
                 isLast: i == firstRows.count - 1, start: i == 0 ? nil : starts[i - 1])
        }
        let failures = Failures(count: bands.count)
        func run(_ i: Int) {
            let band = bands[i]
            var message = [CChar](repeating: 0, count: 256)
            let context = Unmanaged.passUnretained(band).toOpaque()
            let result: Int32
            if var start = band.start {
                result = kiosk_jpeg_decode_steps_from(bytes.baseAddress, bytes.count, &start, Int32(scale.n), Int32(scale.width), Int32(scale.height),
                                                      step, context, &message, message.count)
            } else {
                result = kiosk_jpeg_decode_steps(bytes.baseAddress, bytes.count, Int32(scale.n), Int32(scale.width), Int32(scale.height),
                                                 step, context, &message, message.count)
            }
            if result != 0 { failures.set(i, String(cString: message)) }
            else if !band.complete { failures.set(i, "the decode stopped before the band's last row") }
        }
        let group = DispatchGroup()
        for i in 1..<bands.count {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { withExtendedLifetime(bands) { run(i) } }
        }
        run(0)
        group.wait()
        return failures.first
    }

    /// Each band's failure, set on its own thread, read after the group is done.
    private final class Failures: @unchecked Sendable {
        private let lock = Lock()
        private var messages: [String?]
        init(count: Int) { messages = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ message: String) { lock.lock(); messages[i] = message; lock.unlock() }
        var first: String? { lock.lock(); defer { lock.unlock() }; return messages.lazy.compactMap { $0 }.first }
    }

    /// The C side's step function: the band is the context.
    private static let step: kiosk_jpeg_step_fn = { context, row, count, rows, pitch in
        Unmanaged<Band>.fromOpaque(context!).takeUnretainedValue().step(row: Int(row), count: Int(count), rows: rows, pitch: Int(pitch))
    }
}
