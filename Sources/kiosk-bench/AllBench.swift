import Foundation

/// `kiosk-bench all`: every figure of DESIGN.md's budget table, in one run, on the scaled demo
/// data (1,000 honours, 500 photos, a 10-million-line log), then one table and one JSON file.
///
/// Each bench keeps its own default number of runs unless `--runs` is given; `--quick` trades
/// precision for time (one run, 20 s CPU windows, 5 latency changes) for a first look.
enum AllBench {
    static func run(_ arguments: [String]) {
        let quick = arguments.contains("--quick")
        var options = Options.parse(arguments.filter { $0 != "--quick" })
        let runsGiven = arguments.contains("--runs")
        let started = now()
        let made = ScaledDemo.prepare(options)
        print("all figures on \(made.folder): \(made.honours) honours, \(made.photos) photos, \(made.logLines)-line log")
        if options.json == nil { options.json = "kiosk-bench.json" }

        func section(_ title: String, _ body: (Options) -> Void) {
            print("\n== \(title)")
            var o = options
            if quick && !runsGiven { o.runs = 1 }
            body(o)
        }
        section("frames: every scene and transition, software renderer") { o in
            var o = o
            if !runsGiven { o.runs = quick ? 1 : 3 }
            FrameBench.run(o, data: made.folder)
        }
        section("search keystroke over 10,000 honours") { HonoursBench.run($0) }
        section("24 MP JPEG to a screen-sized texture") { DecodeBench.run($0, runsGiven: runsGiven || quick) }
        // The same generated log the scaled folder holds (kept beside it with its expected total).
        section("cold ingest of the 10-million-line log against wc -l") { runIngest($0) }
        section("start to first frame") { StartupBench.run($0) }
        section("CPU and memory under Xvfb") { o in
            var o = o
            if quick { o.seconds = o.seconds ?? 20 }
            CPUBench.run(o, runsGiven: runsGiven || quick)
        }
        section("latency: a file renamed, a visit line appended") { o in
            var o = o
            if quick && !runsGiven { o.runs = 5 }
            LatencyBench.run(o, runsGiven: runsGiven || quick)
        }
        print(String(format: "\nall figures in %.0f s", now() - started))
    }
}
