import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KioskCore
import KioskData

/// `kiosk-bench data`: the demo data of Assets/demo scaled up to the sizes DESIGN.md's budgets
/// speak of — 1,000 recipients in honours.csv, 500 photos, a 10-million-line visitor log —
/// made once into $TMPDIR/kiosk-bench/demo-scaled/ and reused by every process-level bench.
enum ScaledDemo {
    static let honoursRows = 1000
    static let photoCount = 500
    static let logLines = 10_000_000
    /// Written last, inside the folder: its presence means the folder is complete. A dot-file,
    /// which the kiosk never loads.
    static let manifestName = ".kiosk-bench.json"
    /// The generated log's name in visitors/, beside the demo's entrance.log.
    static let logName = "bench-10m.log"

    /// What a scaled folder holds, as its manifest says.
    struct Made: Codable {
        var folder: String
        /// Rows of honours.csv (the demo's honours/*.csv add theirs to the roll).
        var honoursRows: Int
        /// Recipients of the whole roll: honours.csv and honours/*.csv.
        var honours: Int
        var photos: Int
        /// The demo's own photos, which a copy with `demoPhotosOnly` keeps.
        var demoPhotos: Int
        var logLines: Int
        /// `in` visits of every log in visitors/: what the counter's total must show.
        var visitsIn: Int
    }

    static var folder: String { (NSTemporaryDirectory() as NSString).appendingPathComponent("kiosk-bench/demo-scaled") }

    static func run(_ options: Options) {
        let made = prepare(options)
        print("scaled demo data in \(made.folder):")
        print("  honours.csv \(made.honoursRows) rows (the roll: \(made.honours) recipients with honours/*.csv)")
        print("  \(made.photos) photos in \(albums(made.folder).count) albums (\(made.demoPhotos) of them the demo's)")
        print("  visitors/: the demo's entrance.log and \(logName) (\(made.logLines) lines), \(made.visitsIn) `in` visits in all")
        print("  kiosk.toml and ticker.txt as the demo has them")
    }

    /// The scaled folder (at --folder, else the default place), made if it is missing or was
    /// left half-made.
    static func prepare(_ options: Options) -> Made {
        let target = options.folder ?? folder
        let manifest = (target as NSString).appendingPathComponent(manifestName)
        if let data = FileManager.default.contents(atPath: manifest), var made = try? JSONDecoder().decode(Made.self, from: data) {
            made.folder = target
            print("reusing \(target)")
            return made
        }
        guard let demo = options.demo ?? DemoData.locate() else {
            fail("cannot find the demo data (Assets/demo); give --demo PATH")
        }
        let log: (path: String, expectedIn: Int)
        do { log = try GeneratedLog.prepare(lines: logLines) } catch { fail("cannot write the log: \(error)") }
        print("making \(target) from \(demo)…")
        let started = now()
        // Made beside its final place and renamed into it: a bench stopped half-way leaves only
        // a .partial folder, never a folder that looks complete.
        let partial = target + ".partial-\(getpid())"
        let fm = FileManager.default
        try? fm.removeItem(atPath: target)   // no manifest: half-made or foreign
        do {
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: demo, toPath: partial)
            let honours = try scaleHonours(partial)
            let (photos, demoPhotos) = try scalePhotos(partial)
            let logPath = partial + "/visitors/" + logName
            if link(log.path, logPath) != 0 { try fm.copyItem(atPath: log.path, toPath: logPath) }
            let demoIn = try demoVisits(partial)
            let rollExtra = try honoursFolderRows(partial)
            var made = Made(folder: target, honoursRows: honours, honours: honours + rollExtra, photos: photos,
                            demoPhotos: demoPhotos, logLines: logLines, visitsIn: log.expectedIn + demoIn)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(made).write(to: URL(fileURLWithPath: partial + "/" + manifestName))
            guard rename(partial, target) == 0 else { throw CocoaError(.fileWriteUnknown) }
            made.folder = target
            print(String(format: "made in %.1f s", now() - started))
            return made
        } catch {
            try? fm.removeItem(atPath: partial)
            fail("cannot make \(target): \(error)")
        }
    }

    /// honours.csv: the demo's header and rows exactly, then generated rows in the same columns
    /// up to `honoursRows`. Generated recipients have no portrait (an initial is drawn).
    private static func scaleHonours(_ folder: String) throws -> Int {
        let path = folder + "/honours.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let existing = CSVReader.read(text: text, path: path).records.count - 1
        if !text.hasSuffix("\n") { text += "\n" }
        for honour in HonoursBench.roll(max(0, honoursRows - existing)) { text += csvRow(honour) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return max(existing, honoursRows)
    }

    /// One row of honours.csv's columns: name,kind,award,date,awarded_by,title,unit,citation,photo.
    static func csvRow(_ h: Honour) -> String {
        [h.name, h.kind.rawValue, h.award, h.date.description, h.awardedBy, h.title, h.unit, h.citation, h.photo ?? ""]
            .map(csvField).joined(separator: ",") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Rows of honours/*.csv (each with a header line), for the roll's total.
    private static func honoursFolderRows(_ folder: String) throws -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/honours")) ?? []
        return try files.filter { $0.hasSuffix(".csv") }.reduce(0) { total, name in
            let text = try String(contentsOfFile: folder + "/honours/" + name, encoding: .utf8)
            return total + max(0, CSVReader.read(text: text, path: name).records.count - 1)
        }
    }

    static func albums(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/gallery")) ?? []).sorted().map { folder + "/gallery/" + $0 }
    }

    /// Generated copies of the demo's photos, round-robin over the albums, until there are
    /// `photoCount`. Each copy is its own file with its own bytes (a JPEG comment naming it
    /// right after the SOI marker), so no cache keyed by file or content can share them; each
    /// gets a row in its album's captions.csv after the demo's rows.
    private static func scalePhotos(_ folder: String) throws -> (total: Int, demo: Int) {
        let albums = albums(folder)
        let sources: [[String]] = albums.map { album in
            ((try? FileManager.default.contentsOfDirectory(atPath: album)) ?? []).filter { $0.lowercased().hasSuffix(".jpg") }.sorted()
        }
        let demoCount = sources.reduce(0) { $0 + $1.count }
        var captions = try albums.map { try String(contentsOfFile: $0 + "/captions.csv", encoding: .utf8) }
        for i in captions.indices where !captions[i].hasSuffix("\n") { captions[i] += "\n" }
        for n in 0..<max(0, photoCount - demoCount) {
            let a = n % albums.count
            let source = sources[a][(n / albums.count) % sources[a].count]
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: albums[a] + "/" + source)))
            guard bytes.count > 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw CocoaError(.fileReadCorruptFile) }
            let name = String(format: "bench-%04d-%@", n + 1, source)
            let comment = Array("kiosk-bench copy \(n + 1) of \(source)".utf8)
            bytes.insert(contentsOf: [0xFF, 0xFE, UInt8((comment.count + 2) >> 8), UInt8((comment.count + 2) & 0xFF)] + comment, at: 2)
            try Data(bytes).write(to: URL(fileURLWithPath: albums[a] + "/" + name))
            captions[a] += "\(name),\"Ảnh \(n + 1) của kiosk-bench, bản sao của \(source)\",Ảnh: kiosk-bench\n"
        }
        for (album, text) in zip(albums, captions) { try text.write(toFile: album + "/captions.csv", atomically: true, encoding: .utf8) }
        return (max(demoCount, photoCount), demoCount)
    }

    /// `in` visits of the demo's own logs (the generated log's are known from its generation).
    private static func demoVisits(_ folder: String) throws -> Int {
        let zone = Settings().displayTimeZone
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/visitors").filter { $0.hasSuffix(".log") && $0 != logName }
        return try names.reduce(0) { total, name in
            let path = folder + "/visitors/" + name
            return total + VisitorLogParser.parse(data: try Data(contentsOf: URL(fileURLWithPath: path)), path: path, timeZone: zone).ledger.ins.total
        }
    }
}
