import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `kiosk-bench cpu`: the real `kiosk run` at 1920×1080 on the scaled demo data, its CPU share
/// and memory (PSS) over a window of S seconds after 10 s of warm-up, as
/// /work/shared/tools/measure.sh measures a lobby display — the kiosk's process tree only, never
/// the X server's.
enum CPUBench {
    enum Driver { case x11, offscreen }

    /// One situation DESIGN.md budgets.
    struct Case {
        /// For `--case`.
        let key: String
        let label: String
        let driver: Driver
        /// The counter scene on data without ticker.txt: the README's "nothing moving", where
        /// the only change is the header clock once a minute.
        let still: Bool
        /// The scaled data with the demo's own photos only, to show PSS flat in the number of photos.
        var demoPhotosOnly = false
        /// The counter scene instead of the lobby cycle (the still cases always show it).
        var counterScene = false
        let cpuBudget: Double?
        let pssBudget: Double?
    }

    static func cases(_ made: ScaledDemo.Made) -> [Case] {
        [Case(key: "lobby", label: "lobby cycle, X11, \(made.photos) photos", driver: .x11, still: false, cpuBudget: 3, pssBudget: 60),
         Case(key: "lobby-demo-photos", label: "lobby cycle, X11, \(made.demoPhotos) photos", driver: .x11, still: false,
              demoPhotosOnly: true, cpuBudget: nil, pssBudget: 60),
         Case(key: "counter", label: "counter scene with the ticker, X11", driver: .x11, still: false,
              counterScene: true, cpuBudget: nil, pssBudget: nil),
         Case(key: "still-x11", label: "nothing moving, X11", driver: .x11, still: true, cpuBudget: 0.5, pssBudget: nil),
         Case(key: "still-offscreen", label: "nothing moving, offscreen", driver: .offscreen, still: true, cpuBudget: 2, pssBudget: nil)]
    }

    /// What one run measured.
    struct Sample {
        var cpuPercent = 0.0, pssEnd = 0.0, pssPeak = 0.0
        /// Frames presented during the window (counted from KIOSK_TRACE_FRAMES; still cases only).
        var frames: Int?
    }

    static let warmUp = 10.0

    static func run(_ options: Options, runsGiven: Bool) {
        let runs = runsGiven ? options.runs : 3
        let seconds = options.seconds ?? 60
        let kiosk = KioskRun.binary(options)
        let made = ScaledDemo.prepare(options)
        var chosen = cases(made)
        if let only = options.cases {
            chosen = chosen.filter { only.contains($0.key) }
            guard !chosen.isEmpty else { fail("--case: one or more of \(cases(made).map(\.key).joined(separator: ","))") }
        }
        print("cpu: \(chosen.map(\.key).joined(separator: ", ")); \(runs) runs each, \(Int(warmUp)) s warm-up, \(seconds) s window, 1920×1080")
        var samples: [String: [Sample]] = [:]
        // Runs interleaved (case A, B, C, then again): the machine's other load falls on every case alike.
        for run in 1...runs {
            for c in chosen {
                let s = measure(c, made: made, kiosk: kiosk, seconds: seconds)
                samples[c.key, default: []].append(s)
                print(String(format: "  run %d, %@: CPU %.2f %% of one core, PSS end %.1f MiB, peak %.1f MiB%@", run, c.label, s.cpuPercent,
                             s.pssEnd, s.pssPeak, s.frames.map { ", \($0) frames" } ?? ""))
            }
        }
        for c in chosen {
            let list = samples[c.key]!
            BenchReport.add(Figure("CPU, \(c.label)", unit: "%", runs: list.map(\.cpuPercent), budget: c.cpuBudget))
            BenchReport.add(Figure("PSS peak, \(c.label)", unit: "MiB", runs: list.map(\.pssPeak), budget: c.pssBudget))
            BenchReport.add(Figure("PSS end, \(c.label)", unit: "MiB", runs: list.map(\.pssEnd)))
            if c.still { BenchReport.add(Figure("frames drawn in \(seconds) s, \(c.label)", unit: "", runs: list.map { Double($0.frames ?? 0) })) }
        }
        if let many = samples["lobby"], let few = samples["lobby-demo-photos"] {
            // Run by run (the same moment's load): what 500 photos cost over the demo's 17.
            BenchReport.add(Figure("PSS peak, \(made.photos) photos minus \(made.demoPhotos)", unit: "MiB",
                                   runs: zip(many, few).map { $0.pssPeak - $1.pssPeak }))
        }
    }

    /// One run of one case: a fresh data copy, a fresh Xvfb when X11, the kiosk, warm-up, window.
    static func measure(_ c: Case, made: ScaledDemo.Made, kiosk: String, seconds: Int) -> Sample {
        let folder = RunFolder("cpu-\(c.key)", from: made, omit: c.still ? ["ticker.txt"] : [], demoPhotosOnly: c.demoPhotosOnly)
        defer { folder.remove() }
        var environment: [String: String] = [:]
        var server: XServer?
        switch c.driver {
        case .x11:
            server = XServer()
            environment = ["SDL_VIDEODRIVER": "x11", "DISPLAY": server!.display]
        case .offscreen:
            environment = ["SDL_VIDEODRIVER": "offscreen", "DISPLAY": ""]
        }
        defer { server?.stop() }
        // A trace line per frame costs next to nothing when frames come once a minute, and shows
        // that the screen really is still. Not for the lobby, where it would add to what is measured.
        if c.still { environment["KIOSK_TRACE_FRAMES"] = "1" }
        let extra = ["--window", "1920x1080", "--allow-quit"] + (c.still || c.counterScene ? ["--scene", "counter"] : [])
        let run = KioskRun(kiosk: kiosk, data: folder.data, state: folder.state, extra: extra, environment: environment)
        defer { run.stop() }
        guard run.waitForLine(containing: "first frame on screen") else { fail("\(c.label): kiosk ended before its first frame") }
        usleep(UInt32(warmUp * 1e6))
        guard run.isRunning else { fail("\(c.label): kiosk ended during the warm-up") }

        var sample = Sample()
        let cpu0 = ProcessUsage.cpuSeconds(run.pid), t0 = now()
        for i in 1...seconds {
            let wait = t0 + Double(i) - now()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
            sample.pssEnd = ProcessUsage.pssMiB(run.pid)
            sample.pssPeak = max(sample.pssPeak, sample.pssEnd)
        }
        let cpu1 = ProcessUsage.cpuSeconds(run.pid), t1 = now()
        guard run.isRunning else { fail("\(c.label): kiosk ended during the measurement") }
        sample.cpuPercent = (cpu1 - cpu0) / (t1 - t0) * 100
        if c.still {
            var frames = 0
            while let line = run.waitForLine(timeout: 0.2, where: { $0.contains("kiosk: frame t=") }) {
                if let t = KioskRun.traceField("t", of: line), t >= t0, t <= t1 { frames += 1 }
            }
            sample.frames = frames
        }
        return sample
    }
}
