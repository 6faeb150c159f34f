import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `kiosk-bench startup`: spawn of `kiosk run` to its "first frame on screen" line, on the scaled
/// demo data (1,000 honours, 500 photos, a 10-million-line log) at 1920×1080 with the offscreen
/// driver: once cold, then N times with the checkpoint the cold run left — DESIGN.md's case.
enum StartupBench {
    static func run(_ options: Options) {
        let kiosk = KioskRun.binary(options)
        let made = ScaledDemo.prepare(options)
        let log = made.folder + "/visitors/" + ScaledDemo.logName
        _ = timeWordCount(log)                   // the log in the page cache, as on a kiosk that ran before
        let folder = RunFolder("startup", from: made)
        defer { folder.remove() }
        print("startup: \(made.honours) honours, \(made.photos) photos, \(made.logLines)-line log; 1920×1080 offscreen; kiosk: \(kiosk)")

        func start(_ label: String) -> Double {
            let started = now()
            let run = KioskRun(kiosk: kiosk, data: folder.data, state: folder.state, extra: ["--window", "1920x1080"],
                               environment: ["SDL_VIDEODRIVER": "offscreen", "DISPLAY": ""])
            guard run.waitForLine(containing: "first frame on screen") else { fail("\(label): kiosk ended before its first frame") }
            let elapsed = now() - started
            run.stop()                           // SIGTERM: the kiosk saves its checkpoint on the way out
            return elapsed
        }
        let cold = start("cold start")
        print(String(format: "  cold start (no checkpoint): first frame after %.3f s", cold))
        var times: [Double] = []
        for run in 1...options.runs {
            times.append(start("run \(run)"))
            print(String(format: "  run %d (checkpoint): first frame after %.3f s", run, times.last!))
        }
        BenchReport.add(Figure("start to first frame, checkpointed log, offscreen", unit: "s", runs: times, budget: 0.5))
        BenchReport.add(Figure("start to first frame, cold (no checkpoint), offscreen", unit: "s", runs: [cold]))

        // What the last run wrote: the total must be every log's.
        let status = (try? Data(contentsOf: URL(fileURLWithPath: folder.state + "/status.json"))) ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: status)) as? [String: Any]
        let total = ((json?["visitors"] as? [String: Any])?["total"] as? NSNumber)?.intValue
        guard total == made.visitsIn else {
            print("MISMATCH: status.json says total \(total.map(String.init) ?? "nothing"), the logs hold \(made.visitsIn)")
            exit(1)
        }
        print("status.json total matches the logs (\(made.visitsIn))")
    }
}
