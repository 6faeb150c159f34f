import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KioskCore

/// `kiosk-bench latency`: how long a change on disk takes to reach the screen of a real
/// `kiosk run` on the scaled demo data (1,000 honours to re-read, a 10-million-line log to
/// follow). With KIOSK_TRACE_FRAMES the kiosk logs each presented frame with CLOCK_MONOTONIC
/// and the counts it shows; the bench takes the same clock just before its change, and the
/// latency is the first frame whose counts show it.
enum LatencyBench {
    /// A frame that never comes counts as this long, so a miss shows in the p95 instead of vanishing.
    static let timeout = 5.0

    static func run(_ options: Options, runsGiven: Bool) {
        let n = runsGiven ? options.runs : 20
        let kiosk = KioskRun.binary(options)
        let made = ScaledDemo.prepare(options)
        var drivers: [CPUBench.Driver] = [.offscreen, .x11]
        if let only = options.cases {
            drivers = drivers.filter { only.contains($0 == .x11 ? "x11" : "offscreen") }
            guard !drivers.isEmpty else { fail("--case: offscreen, x11 or both") }
        }
        print("latency: \(n) renames (honours.csv and ticker.txt in turn) and \(n) visit lines each, 1920×1080, lobby")
        for driver in drivers {
            let name = driver == .x11 ? "X11" : "offscreen"
            let (renames, visits) = measure(driver, made: made, kiosk: kiosk, count: n)
            let ms = { (list: [Double]) in list.map { $0 * 1000 } }
            BenchReport.add(Figure("rename → on screen, \(name)", unit: "ms", runs: ms(renames)))
            BenchReport.add(Figure(percentile: 95, of: ms(renames), name: "rename → on screen p95, \(name)", unit: "ms", budget: 100))
            // Each file alone: a tiny ticker.txt against 1,000 rows of honours.csv tells what is
            // the reading of the file and what every reload costs whatever changed.
            let even = renames.indices.filter { $0 % 2 == 0 }.map { renames[$0] }, odd = renames.indices.filter { $0 % 2 == 1 }.map { renames[$0] }
            BenchReport.add(Figure("rename → on screen, honours.csv only, \(name)", unit: "ms", runs: ms(even)))
            if !odd.isEmpty { BenchReport.add(Figure("rename → on screen, ticker.txt only, \(name)", unit: "ms", runs: ms(odd))) }
            BenchReport.add(Figure("visit line → counter, \(name)", unit: "ms", runs: ms(visits), budget: 50))
            BenchReport.add(Figure(percentile: 95, of: ms(visits), name: "visit line → counter p95, \(name)", unit: "ms"))
        }
    }

    static func measure(_ driver: CPUBench.Driver, made: ScaledDemo.Made, kiosk: String, count: Int) -> (renames: [Double], visits: [Double]) {
        let log = "visitors/" + ScaledDemo.logName
        // The log is appended to: a copy of its own, not a link to the scaled folder's.
        let folder = RunFolder("latency", from: made, copied: [log])
        defer { folder.remove() }
        var environment = ["KIOSK_TRACE_FRAMES": "1"]
        var server: XServer?
        if driver == .x11 {
            server = XServer()
            environment["SDL_VIDEODRIVER"] = "x11"; environment["DISPLAY"] = server!.display
        } else {
            environment["SDL_VIDEODRIVER"] = "offscreen"; environment["DISPLAY"] = ""
        }
        defer { server?.stop() }
        let run = KioskRun(kiosk: kiosk, data: folder.data, state: folder.state, extra: ["--window", "1920x1080", "--allow-quit"],
                           environment: environment)
        defer { run.stop() }
        guard run.waitForLine(containing: "first frame on screen") else { fail("latency: kiosk ended before its first frame") }
        sleep(3)   // photos decoded, the log's cold ingest done: a screen that has been up a while
        run.discardLines()
        guard var shown = run.waitForLine(timeout: timeout, where: isFrame).flatMap(Counts.init) else {
            fail("latency: no frame traced (is KIOSK_TRACE_FRAMES supported by this kiosk?)")
        }
        print("  \(driver == .x11 ? "X11" : "offscreen"): on screen before: \(shown.honours) honours, \(shown.ticker) headlines, \(shown.visits) visits")
        var random = SplitMix(seed: 7)
        /// Waits for the first frame at or after `started` whose counts satisfy `done`.
        func latency(since started: Double, _ what: String, _ done: (Counts) -> Bool) -> Double {
            while let line = run.waitForLine(timeout: timeout - (now() - started), where: isFrame), let counts = Counts(line) {
                shown = counts
                if done(counts) { return counts.t - started }
            }
            print("  MISSED: no frame showed \(what) within \(timeout) s")
            return timeout
        }
        func pause() { usleep(UInt32(200_000 + random.next() % 300_000)) }   // changes land at any phase of a frame

        var honoursText = read(folder.data + "/honours.csv"), tickerText = read(folder.data + "/ticker.txt")
        var renames: [Double] = []
        for i in 0..<count {
            let isHonours = i % 2 == 0
            let file = isHonours ? "honours.csv" : "ticker.txt"
            if isHonours {
                honoursText += ScaledDemo.csvRow(Honour(name: "Kiosk Bench \(i + 1)", kind: .individual, award: "Giấy khen của kiosk-bench",
                                                        date: HonourDate(year: 2026, month: 1, day: 1 + i % 28), awardedBy: "kiosk-bench"))
            } else {
                tickerText += "Tin thử của kiosk-bench số \(i + 1)\n"
            }
            // Written in full under a name the kiosk ignores, then renamed into place, as sync tools do.
            let temporary = folder.data + "/." + file + ".kiosk-bench"
            do { try (isHonours ? honoursText : tickerText).write(toFile: temporary, atomically: false, encoding: .utf8) }
            catch { fail("cannot write \(temporary): \(error)") }
            let before = shown
            let started = now()
            guard rename(temporary, folder.data + "/" + file) == 0 else { fail("rename onto \(file) failed") }
            renames.append(latency(since: started, file) { isHonours ? $0.honours > before.honours : $0.ticker > before.ticker })
            pause()
        }

        let zone = Settings().displayTimeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX"); formatter.timeZone = TimeZone(identifier: zone.identifier)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        let fd = open(folder.data + "/" + log, O_WRONLY | O_APPEND)
        guard fd >= 0 else { fail("cannot open \(log)") }
        defer { close(fd) }
        var visits: [Double] = []
        for _ in 0..<count {
            // One whole line in one write(2), as an entrance counter appends it.
            let line = Array("\(formatter.string(from: Date())) in\n".utf8)
            let before = shown
            let started = now()
            guard write(fd, line, line.count) == line.count else { fail("append to \(log) failed") }
            visits.append(latency(since: started, "a visit") { $0.visits > before.visits })
            pause()
        }
        return (renames, visits)
    }

    static func isFrame(_ line: String) -> Bool { line.contains("kiosk: frame t=") }

    /// What a traced frame shows.
    struct Counts {
        let t: Double
        let honours: Int, ticker: Int, visits: Int
        init?(_ line: String) {
            guard let t = KioskRun.traceField("t", of: line), let h = KioskRun.traceField("honours", of: line),
                  let k = KioskRun.traceField("ticker", of: line), let v = KioskRun.traceField("visits", of: line) else { return nil }
            self.t = t; honours = Int(h); ticker = Int(k); visits = Int(v)
        }
    }

    private static func read(_ path: String) -> String {
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}

extension Figure {
    /// The `p`th percentile (nearest rank) of `samples` as the figure's value, with their min and
    /// max and their count as the runs.
    init(percentile p: Double, of samples: [Double], name: String, unit: String, budget: Double? = nil) {
        let sorted = samples.sorted()
        let rank = Swift.max(0, Swift.min(sorted.count - 1, Int((Double(sorted.count) * p / 100).rounded(.up)) - 1))
        self.name = name; self.unit = unit; self.budget = budget; runs = sorted.count
        median = sorted[rank]; min = sorted.first!; max = sorted.last!
    }
}
