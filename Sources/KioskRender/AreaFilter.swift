/// Shrinks XRGB pixels by any factor ≥ 1 with an area (box) filter: each output pixel is the
/// mean of the source area it covers, fractional pixels at its edges weighted by how much of
/// them it covers. Unlike a bilinear stretch, which for a reduction of more than about 1.5×
/// skips source pixels (shimmer on fine detail), every source pixel counts; for a factor of 2
/// it is the 2×2 box of `Downscale.halve`.
///
/// Rows are taken one at a time, top to bottom, as a decoder gives them (`AreaShrinker`), so a
/// decoded picture never needs to exist whole: only the output and two rows of sums do.
final class AreaFilter: @unchecked Sendable {
    /// Weights are integers summing to this per output pixel, per axis (so 65536 for both).
    static let unit: UInt32 = 256

    /// One axis: for each output index, the source indices it covers and their weights.
    struct Axis {
        let sourceCount: Int, outputCount: Int
        /// Per output index: its first source index, how many it covers, its weights (`stride`
        /// apart, summing to `unit`).
        let first: UnsafeMutablePointer<Int32>
        let count: UnsafeMutablePointer<Int32>
        let weights: UnsafeMutablePointer<UInt32>
        let stride: Int

        init(source: Int, output: Int) {
            precondition(source >= output && output > 0, "an area filter only shrinks")
            sourceCount = source
            outputCount = output
            let ratio = Double(source) / Double(output)
            stride = Int(ratio.rounded(.up)) + 1
            first = .allocate(capacity: output)
            count = .allocate(capacity: output)
            weights = .allocate(capacity: output * stride)
            weights.initialize(repeating: 0, count: output * stride)
            for o in 0..<output {
                let start = Double(o) * ratio, end = min(Double(source), Double(o + 1) * ratio)
                let lo = Int(start), hi = min(source, Int(end.rounded(.up)))
                // Exact shares first, then rounded to integers that still sum to `unit`.
                var shares = (lo..<hi).map { i in (min(Double(i + 1), end) - max(Double(i), start)) / ratio }
                var ints = shares.map { UInt32(($0 * Double(AreaFilter.unit)).rounded()) }
                let sum = ints.reduce(0, +)
                let largest = shares.indices.max { shares[$0] < shares[$1] }!
                ints[largest] = ints[largest] &+ AreaFilter.unit &- sum
                // A sliver of a pixel that rounded to nothing is left out.
                var from = 0, to = ints.count
                while from < to - 1 && ints[from] == 0 { from += 1 }
                while to - 1 > from && ints[to - 1] == 0 { to -= 1 }
                shares = []
                first[o] = Int32(lo + from)
                count[o] = Int32(to - from)
                for (k, w) in ints[from..<to].enumerated() { weights[o * stride + k] = w }
            }
        }

        /// The same taps laid out `stride` to every output index, from `fixedFirst` (moved left
        /// near the right edge, zero weights padding): a loop without a per-pixel count, which for
        /// a factor under 2 (3 taps) is unrolled. Nil when the source has fewer than `stride` pixels.
        var fixedFirst: UnsafeMutablePointer<Int32>?
        var fixedWeights: UnsafeMutablePointer<UInt32>?

        mutating func makeFixed() {
            guard sourceCount >= stride else { return }
            let starts = UnsafeMutablePointer<Int32>.allocate(capacity: outputCount)
            let taps = UnsafeMutablePointer<UInt32>.allocate(capacity: outputCount * stride)
            taps.initialize(repeating: 0, count: outputCount * stride)
            for o in 0..<outputCount {
                let start = min(Int(first[o]), sourceCount - stride)
                starts[o] = Int32(start)
                for k in 0..<Int(count[o]) { taps[o * stride + Int(first[o]) - start + k] = weights[o * stride + k] }
            }
            fixedFirst = starts
            fixedWeights = taps
        }

        /// The last source index output index `o` covers.
        func last(_ o: Int) -> Int { Int(first[o]) + Int(count[o]) - 1 }

        func free() {
            first.deallocate(); count.deallocate(); weights.deallocate()
            fixedFirst?.deallocate(); fixedWeights?.deallocate()
        }
    }

    let horizontal: Axis, vertical: Axis

    /// A filter from `sourceWidth`×`sourceHeight` to `width`×`height`, each no larger than the source.
    init(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        var across = Axis(source: sourceWidth, output: width)
        across.makeFixed()
        horizontal = across
        vertical = Axis(source: sourceHeight, output: height)
    }

    deinit { horizontal.free(); vertical.free() }

    /// The first output row whose area starts at or below source row `row`: where a band of the
    /// picture that starts decoding at `row` starts writing.
    func firstOutputRow(startingAtOrAfter row: Int) -> Int {
        var lo = 0, hi = vertical.outputCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(vertical.first[mid]) >= row { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// The rows of one band of output (`rows`), made from source rows as they come. Several
/// shrinkers may write into one output on separate threads as long as their bands differ.
final class AreaShrinker {
    let filter: AreaFilter
    private(set) var rows: Range<Int>
    private let output: UnsafeMutablePointer<UInt32>
    private let outputStride: Int
    /// Sums of the two output rows in progress (even and odd): red and blue in 32-bit lanes of a
    /// 64-bit word, green alone.
    private let sumsRB: UnsafeMutablePointer<UInt64>
    private let sumsG: UnsafeMutablePointer<UInt32>
    /// The source rows the band needs: from the first its first row covers to the last its last covers.
    private(set) var sourceRows: Range<Int>

    init(filter: AreaFilter, rows: Range<Int>, output: UnsafeMutablePointer<UInt32>, outputStride: Int) {
        self.filter = filter
        self.rows = rows
        self.output = output
        self.outputStride = outputStride
        let width = filter.horizontal.outputCount
        sumsRB = .allocate(capacity: 2 * width)
        sumsRB.initialize(repeating: 0, count: 2 * width)
        sumsG = .allocate(capacity: 2 * width)
        sumsG.initialize(repeating: 0, count: 2 * width)
        sourceRows = 0..<0
        end(at: rows.upperBound)
    }

    /// Ends the band before output row `row` (another shrinker writes from there); rows above it
    /// already begun are kept.
    func end(at row: Int) {
        rows = rows.lowerBound..<max(rows.lowerBound, min(rows.upperBound, row))
        sourceRows = rows.isEmpty ? 0..<0 : Int(filter.vertical.first[rows.lowerBound])..<(filter.vertical.last(rows.upperBound - 1) + 1)
    }

    deinit { sumsRB.deallocate(); sumsG.deallocate() }

    /// Adds source row `y` (XRGB, `filter.horizontal.sourceCount` pixels) to the output rows of
    /// this band that cover it, and writes those it completes. Rows must come in order; rows
    /// outside `sourceRows` are ignored.
    func take(row y: Int, pixels: UnsafePointer<UInt32>) {
        guard sourceRows.contains(y) else { return }
        let v = filter.vertical
        // At most two output rows cover a source row (the factor is at least 1): the last two
        // whose areas start at or above it; a row is taken only if its area reaches `y`.
        let next = filter.firstOutputRow(startingAtOrAfter: y + 1)
        var covering: [Int] = []
        for o in max(0, next - 2)..<next where v.last(o) >= y && rows.contains(o) { covering.append(o) }
        guard let top = covering.first else { return }
        func weight(_ o: Int) -> UInt64 { UInt64(v.weights[o * v.stride + (y - Int(v.first[o]))]) }
        accumulate(pixels, top: top, weight: weight(top), nextWeight: covering.count > 1 ? weight(top + 1) : nil)
        for o in covering where v.last(o) == y { finish(o) }
    }

    /// The horizontal pass of one source row, added with each target's vertical weight.
    /// Output row `top` takes it with `weight`, and `top + 1` with `nextWeight` when it covers it too.
    private func accumulate(_ source: UnsafePointer<UInt32>, top: Int, weight w0: UInt64, nextWeight: UInt64?) {
        let h = filter.horizontal
        let width = h.outputCount, stride = h.stride
        let first = h.first, count = h.count, weights = h.weights
        let rb0 = sumsRB + (top & 1) * width, g0 = sumsG + (top & 1) * width
        let rb1 = sumsRB + ((top + 1) & 1) * width, g1 = sumsG + ((top + 1) & 1) * width
        let two = nextWeight != nil
        let w1 = nextWeight ?? 0
        /// Adds one horizontal result to the sums of the row (or two rows) it goes to.
        @inline(__always) func add(_ x: Int, _ rb: UInt32, _ g: UInt32) {
            // Widened to 32-bit lanes for the vertical weights (sums under 2^24).
            let wide = UInt64(rb & 0xFFFF) | UInt64(rb >> 16) << 32
            rb0[x] &+= wide &* w0
            g0[x] &+= g &* UInt32(truncatingIfNeeded: w0)
            if two {
                rb1[x] &+= wide &* w1
                g1[x] &+= g &* UInt32(truncatingIfNeeded: w1)
            }
        }
        // Red and blue side by side in 16-bit lanes: a pixel's 8 bits times weights summing to
        // 256 stay under 65536.
        if stride == 3, let fixedFirst = h.fixedFirst, let fixedWeights = h.fixedWeights {
            for x in 0..<width {
                let p = source + Int(fixedFirst[x]), wp = fixedWeights + x &* 3
                let a = p[0], b = p[1], c = p[2], wa = wp[0], wb = wp[1], wc = wp[2]
                let rb = wa &* (a & 0x00FF_00FF) &+ wb &* (b & 0x00FF_00FF) &+ wc &* (c & 0x00FF_00FF)
                let g = wa &* ((a >> 8) & 0xFF) &+ wb &* ((b >> 8) & 0xFF) &+ wc &* ((c >> 8) & 0xFF)
                add(x, rb, g)
            }
            return
        }
        for x in 0..<width {
            let p = source + Int(first[x]), wp = weights + x &* stride
            var rb: UInt32 = 0, g: UInt32 = 0
            for k in 0..<Int(count[x]) {
                let pixel = p[k], w = wp[k]
                rb &+= w &* (pixel & 0x00FF_00FF)
                g &+= w &* ((pixel >> 8) & 0xFF)
            }
            add(x, rb, g)
        }
    }

    /// Writes output row `o` from its sums (rounded, opaque) and clears them for row `o + 2`.
    private func finish(_ o: Int) {
        let width = filter.horizontal.outputCount
        let rb = sumsRB + (o & 1) * width, g = sumsG + (o & 1) * width
        let out = output + o * outputStride
        for x in 0..<width {
            let s = rb[x]
            let blue = UInt32(truncatingIfNeeded: ((s & 0xFFFF_FFFF) &+ 0x8000) >> 16)
            let red = UInt32(truncatingIfNeeded: ((s >> 32) &+ 0x8000) >> 16)
            let green = (g[x] &+ 0x8000) >> 16
            out[x] = 0xFF00_0000 | red << 16 | green << 8 | blue
            rb[x] = 0
            g[x] = 0
        }
    }
}
