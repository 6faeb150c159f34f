import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KioskCore
import KioskData

// kiosk-bench: measurements of the data path against a reference the machine already has, and
// of the real `kiosk` process (start-up, CPU, memory, latency) on the demo data scaled up.
//
//   kiosk-bench ingest [--runs N] [--lines N] [--file PATH]
//
// `ingest` times `wc -l FILE` and a cold ingest of the same FILE (read in 1 MiB chunks with read(2),
// each chunk through VisitorLogParser's streaming parse, a fresh ledger every run) and prints the
// medians and their ratio. The requirement is an ingest within 4 × `wc -l`.

let usageText = """
usage: kiosk-bench all [--quick] [--runs N] [--json PATH]
       kiosk-bench frames [--runs N] [--sizes WxH,…] [--only TEXT] [--data FOLDER]
       kiosk-bench ingest [--runs N] [--lines N] [--file PATH]
       kiosk-bench startup [--runs N] [--kiosk PATH]
       kiosk-bench honours [--runs N] [--count N]
       kiosk-bench decode [--runs N]
       kiosk-bench data [--folder F] [--demo PATH]
       kiosk-bench cpu [--runs N] [--seconds S] [--case C,…] [--kiosk PATH]
       kiosk-bench latency [--runs N] [--case offscreen,x11] [--kiosk PATH]
       (any of them: --json PATH writes the figures recorded as JSON)

  all            every figure below on the scaled demo data, then the table and kiosk-bench.json
                 (or --json PATH) with each figure's median, min, max, runs and budget. About 25
                 minutes; --quick (one run each, 20 s CPU windows) about 8.
  frames         every frame of every scene and transition (lobby ticker, photo crossfade, counter
                 roll, scene fade, honour roll drag, fling, card, search keystrokes, gallery
                 crossfade, Ken Burns, album picker, counter scene), played at 60 Hz and drawn
                 only when the running screen would draw, on SDL's software renderer offscreen at
                 1920×1080 and 3840×2160 (--sizes): p50 and p99 of each, median over --runs
                 (default 5; 3 under `all`). The budget is p99 ≤ 8 ms at 1920×1080.
  ingest         time `wc -l FILE` and a cold ingest of FILE through VisitorLogParser, N runs each,
                 and print median/min/max of both, the ratio of medians and the rate.
  startup        start `kiosk run` (offscreen video driver, 1920×1080) on the scaled demo data (see
                 `data`), once cold and then N times with the checkpoint the first run left, and
                 print the time from spawning it to its "first frame on screen" line. The
                 requirement is 500 ms with 1,000 honours, 500 photos and a checkpointed log of
                 10 million lines.
  honours        on a generated roll of N recipients (--count, default 10000): time preparing the
                 catalog, each keystroke of four typed searches (the match alone, and match +
                 the frame it gives), and every frame of a fling through the list, at 1280×720
                 and 1920×1080 on SDL's software renderer (offscreen). The requirement is 2 ms
                 a keystroke.
  decode         camera JPEGs (24 MP, 12 MP, a 24 MP portrait turned by EXIF, a 24 MP progressive
                 one; generated once into $TMPDIR/kiosk-bench/) decoded for 1920×1080 and 3840×2160
                 as the gallery does it (libjpeg-turbo's scaled decode, then halving and stretch)
                 and as SDL_image did it (whole, then the same), N runs each (default 9): median/
                 min/max, ratio, and the peak memory one decode adds. The requirement is 150 ms
                 for 24 MP → 1920×1080.
  data           make (once; reused later) the demo data scaled up: honours.csv with 1,000
                 recipients, 500 photos over the albums, a 10-million-line log in visitors/, in
                 $TMPDIR/kiosk-bench/demo-scaled/ (or --folder F), from Assets/demo (or --demo).
                 The other process benches make it when it is missing.
  cpu            `kiosk run` at 1920×1080 on the scaled data: after its first frame and 10 s of
                 warm-up, its CPU share (utime+stime of its process tree) and PSS (each second:
                 end and peak) over S seconds (--seconds, default 60); N runs (default 3) of each
                 case: lobby (the lobby cycle under its own Xvfb; requirement 3 % of one core and
                 60 MiB), lobby-demo-photos (the same with the demo's 17 photos only: PSS flat
                 in the number of photos), counter (the counter scene, whose only motion is the
                 news ticker: what the ticker costs), still-x11 and still-offscreen (the counter scene
                 without ticker.txt: nothing moving; requirements 0.5 % and 2 %).
  latency        `kiosk run` (offscreen, then under its own Xvfb) on a copy of the scaled data with
                 KIOSK_TRACE_FRAMES: N times (default 20) a new honours.csv or ticker.txt renamed
                 into place, then N times a visit line appended to the 10-million-line log; the
                 time to the first frame that shows it. Requirements: p95 100 ms for a rename,
                 50 ms for a visit.
  --runs N       runs of each (default 5; 9 for decode, 3 for cpu, 20 changes for latency).
  --lines N      size of the generated log for ingest (default 10000000); the log is kept in
                 $TMPDIR/kiosk-bench/ and reused by later runs.
  --file PATH    ingest an existing log instead (no generated total to check against, unless
                 PATH.expected holds one).
  --kiosk PATH   the kiosk binary (default: `kiosk` next to kiosk-bench).

The generated log spans about three years in +07:00: ~10 % `out`, some counts, some `Z`, a few
lines without offset (read in Asia/Ho_Chi_Minh). The ingest's total of `in` visits must equal the
generated one: if not, kiosk-bench exits with status 1.

Build with `swift build -c release --product kiosk-bench --product kiosk` (debug builds say
nothing about speed). cpu and latency need Xvfb.

"""

/// Command-line options of every bench.
struct Options {
    var runs = 5
    var lines = 10_000_000
    var file: String?
    var kiosk: String?
    var count: Int?
    var data: String?
    /// `frames`: only the scenarios whose name contains this.
    var only: String?
    /// Frame sizes of `frames`.
    var sizes: [(width: Int, height: Int)] = [(1920, 1080), (3840, 2160)]
    /// Seconds of each measuring window (`cpu`).
    var seconds: Int?
    /// The demo data to scale up, and where the scaled copy lives.
    var demo: String?
    var folder: String?
    /// `--case a,b`: only these cases (`cpu`, `latency`).
    var cases: Set<String>?
    /// Where to write the figures as JSON.
    var json: String?

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ name: String) -> String {
            guard let v = rest.popFirst() else { fail("\(name) needs a value") }
            return v
        }
        func positive(_ name: String) -> Int {
            let text = value(name)
            guard let n = Int(text), n > 0 else { fail("\(name): \"\(text)\" is not a positive number") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--runs": options.runs = positive(argument)
            case "--lines": options.lines = positive(argument)
            case "--file": options.file = value(argument)
            case "--kiosk": options.kiosk = value(argument)
            case "--count": options.count = positive(argument)
            case "--data": options.data = value(argument)
            case "--only": options.only = value(argument)
            case "--sizes":
                let text = value(argument)
                options.sizes = text.split(separator: ",").map { item in
                    let parts = item.split(separator: "x").compactMap { Int($0) }
                    guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { fail("--sizes: \"\(item)\" is not WIDTHxHEIGHT") }
                    return (parts[0], parts[1])
                }
            case "--seconds": options.seconds = positive(argument)
            case "--demo": options.demo = value(argument)
            case "--folder": options.folder = value(argument)
            case "--case": options.cases = Set(value(argument).split(separator: ",").map(String.init))
            case "--json": options.json = value(argument)
            case "-h", "--help": print(usageText, terminator: ""); exit(0)
            default: fail("unknown option \(argument)")
            }
        }
        return options
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kiosk-bench: \(message)\n\n\(usageText)".utf8))
    exit(2)
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Median, minimum and maximum of a few timings.
struct Summary {
    let median: Double, min: Double, max: Double
    /// The 99th percentile (nearest rank).
    let p99: Double
    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        p99 = sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        min = sorted.first!
        max = sorted.last!
    }
    var text: String { String(format: "median %.3f s   min %.3f s   max %.3f s", median, min, max) }
    var percentiles: String { String(format: "p50 %.2f ms   p99 %.2f ms   max %.2f ms", median * 1000, p99 * 1000, max * 1000) }
}

/// A visitor log written for the benchmark, with the total of `in` visits it holds.
enum GeneratedLog {
    /// Writes (or finds from an earlier run) a log of `lines` lines; returns its path and `in` total.
    static func prepare(lines: Int) throws -> (path: String, expectedIn: Int) {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("kiosk-bench")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("visitors-\(lines).log")
        if let expected = readExpected(path), FileManager.default.fileExists(atPath: path) {
            print("reusing \(path)")
            return (path, expected)
        }
        print("generating \(path) (\(lines) lines)…")
        let started = now()
        let partial = path + ".partial"
        guard let out = fopen(partial, "w") else { throw CocoaError(.fileWriteUnknown) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var random = SplitMix(seed: 20_240_611)
        // 2022-01-01T08:00:00+07:00, then gaps averaging 9.5 s: ten million lines span about three years.
        var utc: Int64 = 1_641_000_000
        var expectedIn = 0
        for _ in 0..<lines {
            utc += Int64(random.next() % 20)
            let roll = random.next() % 1000
            let style = random.next() % 1000
            var count = 1
            if roll % 17 == 0 { count = 2 + Int(random.next() % 9) }
            let isOut = roll < 100
            if style < 50 {                       // about 5 %: in UTC
                appendTimestamp(utc, offsetMinutes: 0, to: &buffer)
                buffer.append(UInt8(ascii: "Z"))
            } else if style < 52 {                // about 0.2 %: no offset, local time of the zone
                appendTimestamp(utc + 7 * 3600, offsetMinutes: nil, to: &buffer)
            } else {
                appendTimestamp(utc + 7 * 3600, offsetMinutes: 7 * 60, to: &buffer)
            }
            if isOut { buffer.append(contentsOf: " out".utf8) }
            else if style % 3 == 0 { buffer.append(contentsOf: " in".utf8) }
            if count > 1 { buffer.append(0x20); buffer.append(contentsOf: String(count).utf8) }
            buffer.append(0x0A)
            if !isOut { expectedIn += count }
            if buffer.count > (1 << 20) - 64 { write(buffer, out); buffer.removeAll(keepingCapacity: true) }
        }
        write(buffer, out)
        guard fclose(out) == 0, rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try String(expectedIn).write(toFile: path + ".expected", atomically: true, encoding: .utf8)
        print(String(format: "generated in %.1f s", now() - started))
        return (path, expectedIn)
    }

    static func readExpected(_ path: String) -> Int? {
        (try? String(contentsOfFile: path + ".expected", encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private static func write(_ bytes: [UInt8], _ file: UnsafeMutablePointer<FILE>) {
        bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    }

    /// `YYYY-MM-DDTHH:MM:SS` of `local` seconds, then `+HH:MM` when an offset is given.
    private static func appendTimestamp(_ local: Int64, offsetMinutes: Int?, to buffer: inout [UInt8]) {
        let days = local / 86400, secondOfDay = Int(local % 86400)
        let (year, month, day) = InstantText.civil(daysSince1970: days)
        func two(_ v: Int) { buffer.append(UInt8(48 + v / 10)); buffer.append(UInt8(48 + v % 10)) }
        two(year / 100); two(year % 100); buffer.append(0x2D); two(month); buffer.append(0x2D); two(day)
        buffer.append(UInt8(ascii: "T"))
        two(secondOfDay / 3600); buffer.append(0x3A); two(secondOfDay / 60 % 60); buffer.append(0x3A); two(secondOfDay % 60)
        if let offsetMinutes, offsetMinutes != 0 {
            buffer.append(UInt8(ascii: "+")); two(offsetMinutes / 60); buffer.append(0x3A); two(offsetMinutes % 60)
        }
    }
}

/// A small, fast, repeatable random source (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A data folder holding the log as `visitors/entrance.log` (a hard link: no copy of the bytes)
/// and an empty state folder, made afresh for each run.
struct BenchFolders {
    let data: String, state: String
    var visitors: String { data + "/visitors" }
    var checkpoint: String { state + "/visitors.checkpoint" }

    init(log: String) {
        let base = (log as NSString).deletingLastPathComponent + "/run"
        try? FileManager.default.removeItem(atPath: base)
        data = base + "/data"
        state = base + "/state"
        do {
            try FileManager.default.createDirectory(atPath: data + "/visitors", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            if link(log, data + "/visitors/entrance.log") != 0 {
                try FileManager.default.copyItem(atPath: log, toPath: data + "/visitors/entrance.log")
            }
        } catch { fail("cannot prepare \(base): \(error)") }
    }
}

/// What the kiosk's own ingest (`VisitorLogIngest`, as `kiosk run` uses it) made of the log.
struct IngestResult {
    var ledger = VisitorLedger()
    var problems: [Problem] = []
}

/// One refresh of a `VisitorLogIngest` on `folders`: a cold read when the state folder is empty,
/// a resume from the checkpoint otherwise. The checkpoint is written before it returns.
func ingest(_ folders: BenchFolders, timeZone: ZoneRules, workers: Int = VisitorLogIngest.defaultWorkers) -> IngestResult {
    let ingest = VisitorLogIngest(folder: folders.visitors, checkpointPath: folders.checkpoint)
    ingest.workers = workers
    let (ledger, problems) = ingest.refresh(timeZone: timeZone)
    ingest.flush()
    return IngestResult(ledger: ledger, problems: problems)
}

/// Wall time of `wc -l path`, spawn included (a millisecond or two). posix_spawn and waitpid, not
/// Foundation's Process: its waitUntilExit polls, and rounded every figure up to 50 ms steps.
func timeWordCount(_ path: String) -> Double {
    let devNull = open("/dev/null", O_WRONLY)
    defer { close(devNull) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, devNull, 1)
    let arguments = ["wc", "-l", path]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let started = now()
    guard posix_spawnp(&pid, "wc", &actions, nil, &argv, environ) == 0 else { fail("cannot run wc") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let elapsed = now() - started
    guard status == 0 else { fail("wc -l \(path) failed") }
    return elapsed
}

func runIngest(_ options: Options) {
    let zone = Settings().displayTimeZone
    let (path, expectedIn, size) = logToMeasure(options, detail: "\(options.runs) runs, time zone \(zone.identifier)")

    var wcTimes: [Double] = [], coldTimes: [Double] = [], resumeTimes: [Double] = [], singleTimes: [Double] = []
    var cold = IngestResult(), resumed = IngestResult()
    _ = timeWordCount(path)                      // warm the page cache once; every timed run then reads from it
    for run in 1...options.runs {
        wcTimes.append(timeWordCount(path))
        let folders = BenchFolders(log: path)
        var started = now()
        cold = ingest(folders, timeZone: zone)
        coldTimes.append(now() - started)
        started = now()
        resumed = ingest(folders, timeZone: zone)
        resumeTimes.append(now() - started)
        // The same cold ingest on one thread: what a single-core machine would see.
        started = now()
        let single = ingest(BenchFolders(log: path), timeZone: zone, workers: 1)
        singleTimes.append(now() - started)
        guard single.ledger == cold.ledger else { print("MISMATCH: one thread and several counted differently"); exit(1) }
        print(String(format: "  run %d: wc -l %.3f s, cold ingest %.3f s (1 thread: %.3f s), resume from checkpoint %.4f s",
                     run, wcTimes.last!, coldTimes.last!, singleTimes.last!, resumeTimes.last!))
    }
    let wc = Summary(wcTimes), coldSummary = Summary(coldTimes), resumeSummary = Summary(resumeTimes)
    let ratio = coldSummary.median / wc.median
    print("wc -l:        \(wc.text)")
    print("cold ingest:  \(coldSummary.text)   (VisitorLogIngest.refresh, checkpoint written)")
    print("1 thread:     \(Summary(singleTimes).text)   (the same on one thread)")
    print("resume:       \(resumeSummary.text)   (a restart: checkpoint read, nothing new in the log)")
    print(String(format: "ratio of medians (cold ingest on %d threads / wc -l): %.2f× (required: ≤ 4×, %@); on 1 thread %.2f×",
                 VisitorLogIngest.defaultWorkers, ratio, ratio <= 4 ? "met" : "NOT met", Summary(singleTimes).median / wc.median))
    BenchReport.add(Figure("cold ingest, \(options.lines)-line log, \(VisitorLogIngest.defaultWorkers) threads", unit: "s", runs: coldTimes))
    BenchReport.add(Figure("wc -l on the same log", unit: "s", runs: wcTimes))
    // Run by run (each ingest against the wc -l just before it): the median is close to the
    // ratio of medians above, and min and max show the spread.
    BenchReport.add(Figure("cold ingest / wc -l", unit: "×", runs: zip(coldTimes, wcTimes).map { $0 / $1 }, budget: 4))
    // The line count is known only for a generated log; the byte rate for any.
    let lineRate = options.file == nil ? String(format: ", %.1f M lines/s", Double(options.lines) / coldSummary.median / 1e6) : ""
    print(String(format: "cold ingest: %.0f MB/s%@ (%d problems)", Double(size) / coldSummary.median / 1e6, lineRate, cold.problems.count))
    let totalIn = cold.ledger.ins.total, totalOut = cold.ledger.outs.total
    print("total in: \(totalIn), out: \(totalOut), days with visits: \(cold.ledger.ins.pages.count)")
    for problem in cold.problems.prefix(5) { print("  \(problem)") }
    guard resumed.ledger.ins.total == totalIn, resumed.ledger.outs.total == totalOut else {
        print("MISMATCH: the resumed ingest counted \(resumed.ledger.ins.total) in, \(resumed.ledger.outs.total) out")
        exit(1)
    }
    if let expectedIn {
        guard totalIn == expectedIn else {
            print("MISMATCH: the log holds \(expectedIn) `in` visits, the ingest counted \(totalIn)")
            exit(1)
        }
        print("total in matches the generated log (\(expectedIn)), cold and resumed")
    }
}

/// The log named by `--file`, or the generated one; with the `in` total it holds when known and
/// its size, after printing which file it is (and `detail`).
func logToMeasure(_ options: Options, detail: String) -> (path: String, expectedIn: Int?, size: Int) {
    let path: String, expectedIn: Int?
    if let file = options.file {
        (path, expectedIn) = (file, GeneratedLog.readExpected(file))
    } else {
        do { (path, expectedIn) = try GeneratedLog.prepare(lines: options.lines) } catch { fail("cannot write the log: \(error)") }
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print("file: \(path) (\(String(format: "%.1f", Double(size) / 1e6)) MB), \(detail)")
    return (path, expectedIn, size)
}

// Line by line even into a file or a pipe: a bench of several minutes shows where it is.
setvbuf(stdout, nil, _IOLBF, 0)
var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("no command") }
arguments.removeFirst()
switch command {
case "ingest": runIngest(Options.parse(arguments))
case "startup": StartupBench.run(Options.parse(arguments))
case "data": ScaledDemo.run(Options.parse(arguments))
case "cpu": CPUBench.run(Options.parse(arguments), runsGiven: arguments.contains("--runs"))
case "latency": LatencyBench.run(Options.parse(arguments), runsGiven: arguments.contains("--runs"))
case "honours": HonoursBench.run(Options.parse(arguments))
case "decode": DecodeBench.run(Options.parse(arguments), runsGiven: arguments.contains("--runs"))
case "frames":
    let options = Options.parse(arguments)
    FrameBench.run(options, data: options.data ?? ScaledDemo.prepare(options).folder)
case "all": AllBench.run(arguments)
case "-h", "--help", "help": print(usageText, terminator: "")
default: fail("unknown command \(command)")
}

// Every figure recorded, as one table (and a JSON file with --json PATH).
BenchReport.printTable()
if let path = Options.parse(arguments).json {
    do { try BenchReport.writeJSON(to: path) } catch { fail("cannot write \(path): \(error)") }
}
