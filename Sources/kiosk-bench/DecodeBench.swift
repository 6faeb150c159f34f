import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KioskRender

/// `kiosk-bench decode`: a camera JPEG turned into a screen-sized picture the way the gallery
/// does it (file read, libjpeg-turbo's scaled decode, box halving and stretch, EXIF turn) against
/// the way it did before (SDL_image's whole decode, then the same reduction).
enum DecodeBench {
    /// One generated photo: stored size, EXIF orientation, and how it is written.
    struct Photo {
        let label: String
        let width: Int, height: Int
        var orientation = 1
        var options: JPEGEncoder.Options = []
        /// The photo the requirement is about.
        var budgeted = false
        var file: String {
            "photo-\(width)x\(height)\(orientation == 1 ? "" : "-exif\(orientation)")\(options.contains(.progressive) ? "-progressive" : "")"
                + "\(options.contains(.restarts) ? "-restarts" : "").jpg"
        }
    }

    /// The budget's photo has no restart markers: libjpeg-turbo's own encoder writes none, nor do
    /// some cameras, and then one thread must decode all its Huffman data. Many cameras and
    /// phones write one every row of MCUs, which lets bands decode on both cores: that photo (the
    /// same pixels, quality and size) is measured beside it, not instead of it.
    static let photos = [
        Photo(label: "24 MP", width: 6000, height: 4000, budgeted: true),
        Photo(label: "24 MP with restart markers", width: 6000, height: 4000, options: .restarts, budgeted: true),
        Photo(label: "12 MP", width: 4000, height: 3000),
        Photo(label: "24 MP portrait (EXIF 6)", width: 6000, height: 4000, orientation: 6),
        Photo(label: "24 MP progressive", width: 6000, height: 4000, options: .progressive),
    ]
    static let boxes = [(1920, 1080), (3840, 2160)]
    /// The requirement: a 24-megapixel JPEG for a 1080p screen, median.
    static let budget = 0.150

    static func run(_ options: Options, runsGiven: Bool) {
        let runs = runsGiven ? options.runs : 9
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("kiosk-bench")
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch { fail("cannot make \(folder): \(error)") }
        // The budget is file to texture: a texture needs a renderer, here SDL's software one on
        // the offscreen driver unless SDL_VIDEODRIVER names another.
        setenv("SDL_VIDEODRIVER", "offscreen", 0)
        let rendererName: String
        do { rendererName = try PictureDecodeProbe.startRenderer(width: 1920, height: 1080) } catch { fail("no renderer: \(error)") }
        print("decode: \(runs) runs of each, file to texture (\(rendererName)); photos kept in \(folder)")
        var budgetMedians: [(String, Double)] = []
        for photo in photos {
            let path = (folder as NSString).appendingPathComponent(photo.file)
            prepare(photo, at: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print(String(format: "%@: %@ (%d×%d, %.1f MB)", photo.label, photo.file, photo.width, photo.height, Double(size) / 1e6))
            for (w, h) in boxes {
                let (scaled, whole) = measure(path, w, h, runs: runs)
                let same = (try? PictureDecodeProbe.difference(path: path, width: w, height: h)).flatMap { $0 }
                    .map { String(format: "mean %.2f, largest %d levels", $0.mean, $0.largest) } ?? "sizes differ"
                print("  \(w)×\(h) box → \(scaled.width)×\(scaled.height)")
                print("    scaled decode: \(scaled.text)")
                print("    SDL_image:     \(whole.text)")
                print(String(format: "    %.1f× faster by median (CPU %.1f×); the two results differ by %@", whole.timing.median / scaled.timing.median,
                             whole.cpu.median / scaled.cpu.median, same))
                if photo.budgeted, w == 1920 { budgetMedians.append((photo.label, scaled.timing.median)) }
                if photo.budgeted {
                    BenchReport.add(Figure("\(photo.label) JPEG → \(w)×\(h) texture", unit: "ms", runs: scaled.times.map { $0 * 1000 },
                                           budget: w == 1920 ? budget * 1000 : nil))
                    BenchReport.add(Figure("\(photo.label) JPEG → \(w)×\(h) texture, SDL_image whole (reference)", unit: "ms",
                                           runs: whole.times.map { $0 * 1000 }))
                }
            }
        }
        for (label, median) in budgetMedians {
            print(String(format: "required: %@ JPEG → 1920×1080 ≤ %.0f ms median: %.1f ms, %@", label, budget * 1000, median * 1000,
                         median <= budget ? "met" : "NOT met"))
        }
    }

    /// One way's figures for one photo and box.
    struct Figures {
        /// Wall time of a decode, file read to a texture of the upright picture.
        let timing: Summary
        /// The runs' wall times, for BenchReport.
        let times: [Double]
        /// This thread's CPU time for it: less swayed than wall time by other processes' load.
        let cpu: Summary
        /// The process's CPU time for it, every thread's: with bands or the filter on other
        /// threads, what this thread's leaves out (the work that could run beside it).
        let allCPU: Summary
        /// The most memory one decode adds, nil if unknown.
        let peak: Int?
        let width: Int, height: Int
        var text: String {
            "\(timing.millis)   (CPU \(String(format: "%.1f", cpu.median * 1000)) ms this thread, \(String(format: "%.1f", allCPU.median * 1000)) ms all)"
                + "   peak \(megabytes(peak))"
        }
    }

    /// `runs` decodes each way, alternating so that a change in the machine's load falls on both,
    /// after one each that warms the page cache and the code and measures the peak of memory
    /// (resident set, so pixels written, not just reserved).
    static func measure(_ path: String, _ w: Int, _ h: Int, runs: Int) -> (scaled: Figures, whole: Figures) {
        func once(_ whole: Bool) -> (width: Int, height: Int) {
            do {
                let r = try PictureDecodeProbe.decode(path: path, width: w, height: h, wholeWithSDLImage: whole, upload: true)
                return (r.width, r.height)
            } catch { fail("\(path): \(error)") }
        }
        var ways = [false, true].map { whole in
            (peak: peakResident { _ = once(whole) }, times: [Double](), cpu: [Double](), allCPU: [Double](), out: (width: 0, height: 0))
        }
        for _ in 0..<runs {
            for (i, whole) in [false, true].enumerated() {
                let (start, startCPU, startAll) = (now(), threadCPU(), processCPU())
                ways[i].out = once(whole)
                ways[i].times.append(now() - start)
                ways[i].cpu.append(threadCPU() - startCPU)
                ways[i].allCPU.append(processCPU() - startAll)
                _ = malloc_trim(0)   // as ImageLoader does after each decode; outside the timing
            }
        }
        let result = ways.map {
            Figures(timing: Summary($0.times), times: $0.times, cpu: Summary($0.cpu), allCPU: Summary($0.allCPU), peak: $0.peak,
                    width: $0.out.width, height: $0.out.height)
        }
        return (result[0], result[1])
    }

    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// How far the resident set rose above where it was while `body` ran: Linux's peak (VmHWM),
    /// reset first through /proc/self/clear_refs. Nil where that isn't available.
    static func peakResident(_ body: () -> Void) -> Int? {
        _ = malloc_trim(0)
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil,
              let before = statusKilobytes("VmRSS") else { body(); return nil }
        body()
        return statusKilobytes("VmHWM").map { max(0, $0 - before) * 1024 }
    }

    private static func statusKilobytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
    }

    private static func megabytes(_ bytes: Int?) -> String { bytes.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "unknown" }

    /// Writes `photo` at `path` unless an earlier run left it there.
    static func prepare(_ photo: Photo, at path: String) {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let started = now()
        var pixels = paint(width: photo.width, height: photo.height)
        do {
            let bytes = try pixels.withUnsafeMutableBytes {
                try JPEGEncoder.encode(pixels: $0.baseAddress!, pitch: photo.width * 4, width: photo.width, height: photo.height,
                                       quality: 90, options: photo.options, orientation: photo.orientation)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch { fail("cannot write \(path): \(error)") }
        print(String(format: "generated %@ in %.1f s", (path as NSString).lastPathComponent, now() - started))
    }

    /// Photo-like XRGB pixels: a sky and ground of smooth gradients, hard-edged shapes of shaded
    /// colour, and sensor-like grain everywhere, so the JPEG is as big and as costly to decode as
    /// a camera's (about 10 MB at quality 90 for 24 megapixels).
    static func paint(width: Int, height: Int) -> [UInt32] {
        var random = SplitMix(seed: UInt64(width * 31 + height))
        struct Shape { let x0, y0, x1, y1: Int; let round: Bool; let r, g, b: Double }
        let shapes = (0..<40).map { _ -> Shape in
            let w = width / 20 + Int(random.next() % UInt64(width / 5)), h = height / 20 + Int(random.next() % UInt64(height / 4))
            let x = Int(random.next() % UInt64(width - w)), y = height / 3 + Int(random.next() % UInt64(height * 2 / 3 - h))
            return Shape(x0: x, y0: y, x1: x + w, y1: y + h, round: random.next() % 2 == 0,
                         r: Double(random.next() % 200) + 30, g: Double(random.next() % 200) + 30, b: Double(random.next() % 200) + 30)
        }
        var pixels = [UInt32](repeating: 0, count: width * height)
        var grain = random.next() | 1
        for y in 0..<height {
            let v = Double(y) / Double(height)
            let rowShapes = shapes.filter { y >= $0.y0 && y < $0.y1 }
            for x in 0..<width {
                let u = Double(x) / Double(width)
                var r: Double, g: Double, b: Double
                if v < 0.42 + 0.03 * sin(u * 9) {
                    (r, g, b) = (90 + 80 * v, 140 + 70 * v, 230 - 40 * v + 10 * sin(u * 3))      // sky
                } else {
                    let t = 0.5 + 0.5 * sin(u * 40 + v * 25) * cos(u * 7)                       // fields
                    let blades = 35 * sin(Double(x) * 0.9 + 4 * sin(Double(y) * 0.13)) * cos(Double(y) * 0.7 + Double(x) * 0.05)
                    (r, g, b) = (70 + 60 * t + 40 * v + blades, 110 + 50 * t + blades, 40 + 30 * v + blades / 2)
                }
                for s in rowShapes where x >= s.x0 && x < s.x1 {
                    if s.round {
                        let dx = Double(2 * (x - s.x0)) / Double(s.x1 - s.x0) - 1, dy = Double(2 * (y - s.y0)) / Double(s.y1 - s.y0) - 1
                        guard dx * dx + dy * dy <= 1 else { continue }
                    }
                    let shade = 0.75 + 0.25 * Double(x - s.x0) / Double(s.x1 - s.x0)
                    (r, g, b) = (s.r * shade, s.g * shade, s.b * shade)
                }
                grain ^= grain << 13; grain ^= grain >> 7; grain ^= grain << 17
                let n = Double(Int(grain & 15) - 8) * 2
                func byte(_ c: Double) -> UInt32 { UInt32(max(0, min(255, c + n))) }
                pixels[y * width + x] = 0xFF00_0000 | byte(r) << 16 | byte(g) << 8 | byte(b)
            }
        }
        return pixels
    }
}

#if canImport(Glibc)
/// glibc's malloc_trim (Swift's Glibc module leaves out <malloc.h>).
@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
#else
private func malloc_trim(_ pad: Int) -> Int32 { 0 }
#endif
