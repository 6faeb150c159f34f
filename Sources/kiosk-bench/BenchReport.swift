import Foundation

/// One measured figure: a median with the min and max over repeated runs, and the budget it is
/// held to (DESIGN.md's table), if any.
struct Figure: Codable {
    /// What was measured, e.g. "frame p99, lobby ticker, 1920×1080".
    let name: String
    /// "ms", "%", "MiB", "s", "×".
    let unit: String
    let median: Double
    let min: Double
    let max: Double
    /// How many runs the median is over.
    let runs: Int
    /// The budget, in `unit`; met when `median` ≤ it.
    let budget: Double?

    init(_ name: String, unit: String, runs samples: [Double], budget: Double? = nil) {
        let summary = Summary(samples)
        self.name = name; self.unit = unit; self.runs = samples.count; self.budget = budget
        median = summary.median; min = summary.min; max = summary.max
    }

    var met: Bool? { budget.map { median <= $0 } }
}

/// Every figure the benches of this run produced, printed as a table and written as JSON at the
/// end (`kiosk-bench all --json PATH`, or `--json` on any one bench).
enum BenchReport {
    nonisolated(unsafe) private(set) static var figures: [Figure] = []

    /// Records a figure and prints its line at once, so a long run shows progress.
    static func add(_ figure: Figure) {
        figures.append(figure)
        print("  " + line(figure))
    }

    static func line(_ f: Figure) -> String {
        let numbers = String(format: "%@ %@ (min %@, max %@, %d runs)", format(f.median), f.unit, format(f.min), format(f.max), f.runs)
        guard let budget = f.budget else { return "\(f.name): \(numbers)" }
        return "\(f.name): \(numbers); budget ≤ \(format(budget)) \(f.unit): \(f.met == true ? "met" : "NOT MET")"
    }

    private static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 100 { return String(format: "%.0f", value) }
        if abs(value) >= 10 { return String(format: "%.1f", value) }
        if abs(value) >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }

    /// The table: one line per figure, the budgets that are not met counted at the end.
    static func printTable() {
        guard !figures.isEmpty else { return }
        let width = min(72, figures.map { $0.name.count }.max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print("")
        print(pad("figure", width) + "  " + pad("median", 10) + pad("min", 10) + pad("max", 10) + pad("unit", 5) + pad("runs", 5) + "budget")
        for f in figures {
            let budget = f.budget.map { "≤ \(format($0)) " + (f.met == true ? "met" : "NOT MET") } ?? ""
            print(pad(f.name, width) + "  " + pad(format(f.median), 10) + pad(format(f.min), 10) + pad(format(f.max), 10)
                  + pad(f.unit, 5) + pad(String(f.runs), 5) + budget)
        }
        let missed = figures.filter { $0.met == false }
        print(missed.isEmpty ? "every budget met" : "\(missed.count) budget\(missed.count == 1 ? "" : "s") NOT met")
    }

    /// The machine the figures were measured on, for the JSON and BENCHMARKS.md.
    static func machine() -> [String: String] {
        var info: [String: String] = [:]
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let model = cpu.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            info["cpu"] = model.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        info["cores"] = String(ProcessInfo.processInfo.activeProcessorCount)
        info["memory_gib"] = String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
        info["os"] = ProcessInfo.processInfo.operatingSystemVersionString
        var name = utsname()
        uname(&name)
        info["kernel"] = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return info
    }

    /// Writes `{machine, date, figures}` to `path`.
    static func writeJSON(to path: String) throws {
        struct Document: Codable {
            let date: String
            let machine: [String: String]
            let figures: [Figure]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(date: ISO8601DateFormatter().string(from: Date()), machine: machine(), figures: figures)
        try encoder.encode(document).write(to: URL(fileURLWithPath: path), options: .atomic)
        print("figures written to \(path)")
    }
}
