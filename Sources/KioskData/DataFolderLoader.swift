import Foundation
import KioskCore

/// Reads a whole data folder into one `KioskContent`, remembering the last good version of each
/// file so a broken or half-written file never takes good content off the screen.
public final class DataFolderLoader: @unchecked Sendable {
    public let root: String
    /// A settings file used instead of `<root>/kiosk.toml` (the `--config` option).
    public let configPath: String?
    /// Data files larger than this are refused (a misplaced export or a runaway writer).
    public var sizeCap = 20 << 20

    private var lastSettings: Settings?
    private var lastHonours: [String: [Honour]] = [:]
    private var lastCaptions: [String: [String: CaptionsParser.Entry]] = [:]
    private var lastTicker: [String]?
    private let lock = NSLock()

    public init(root: String, configPath: String? = nil) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.configPath = configPath
    }

    public func load(previous: KioskContent? = nil) -> KioskContent {
        lock.lock(); defer { lock.unlock() }
        var problems: [Problem] = []
        let settings = loadSettings(&problems)
        let honours = loadHonours(&problems)
        let albums = loadGallery(&problems)
        let ticker = loadTicker(&problems)
        let visitors = loadVisitors(settings: settings, &problems)
        return KioskContent(settings: settings, honours: honours, albums: albums, ticker: ticker, visitors: visitors,
                            problems: problems, dataFolder: root)
    }

    // MARK: - Files

    /// What reading one data file gave.
    private enum FileRead {
        /// Not there: its content is simply gone.
        case absent
        /// There but refused (too big, unreadable): the last good version stays.
        case refused
        case data(Data)
    }

    /// Reads a data file, refusing oversized and unreadable ones with a problem.
    private func read(_ relative: String, absolute: String? = nil, _ problems: inout [Problem]) -> FileRead {
        let path = absolute ?? (root as NSString).appendingPathComponent(relative)
        var info = stat()
        guard stat(path, &info) == 0 else { return .absent }
        if Int(info.st_size) > sizeCap {
            problems.append(Problem(path: relative, severity: .error,
                                    message: "file is \(info.st_size / 1_048_576) MiB, over the \(sizeCap >> 20) MiB limit; the last good version is kept"))
            return .refused
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(Problem(path: relative, severity: .error, message: "cannot be read (permissions?); the last good version is kept"))
            return .refused
        }
        return .data(data)
    }

    private func loadSettings(_ problems: inout [Problem]) -> Settings {
        let relative = configPath ?? "kiosk.toml"
        let absolute = configPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        switch read(relative, absolute: absolute, &problems) {
        case .refused: return lastSettings ?? Settings()
        case .absent: lastSettings = nil; return Settings()
        case .data(let data):
            let outcome = SettingsParser.parse(data: data, path: relative)
            problems += outcome.problems
            if outcome.usable { lastSettings = outcome.settings; return outcome.settings }
            return lastSettings ?? Settings()
        }
    }

    private func loadHonours(_ problems: inout [Problem]) -> [Honour] {
        var files = ["honours.csv"]
        files += listing("honours").filter { $0.lowercased().hasSuffix(".csv") }.map { "honours/" + $0 }
        var honours: [Honour] = []
        var seen: Set<String> = []
        for file in files {
            switch read(file, &problems) {
            case .refused: honours += lastHonours[file] ?? []; seen.insert(file)
            case .absent: continue
            case .data(let data):
                seen.insert(file)
                var outcome = HonourRollParser.parse(data: data, path: file)
                checkPortraits(&outcome.honours, &outcome.problems)
                problems += outcome.problems
                if outcome.usable { lastHonours[file] = outcome.honours; honours += outcome.honours }
                else { honours += lastHonours[file] ?? [] }
            }
        }
        lastHonours = lastHonours.filter { seen.contains($0.key) }
        return HonourOrder.newestFirst(honours)
    }

    /// A portrait must exist and stay inside the data folder, symbolic links included.
    private func checkPortraits(_ honours: inout [Honour], _ problems: inout [Problem]) {
        for index in honours.indices {
            guard let photo = honours[index].photo else { continue }
            let location = honours[index].source
            let candidate = (root as NSString).appendingPathComponent(photo)
            if !FileManager.default.fileExists(atPath: candidate) {
                problems.append(Problem(path: location.path, line: location.line, severity: .warning,
                                        message: "\(honours[index].name): portrait \"\(photo)\" not found; a placeholder is shown"))
                honours[index].photo = nil
            } else if DataPath.resolveInside(root: root, relative: photo) == nil {
                problems.append(Problem(path: location.path, line: location.line, severity: .error,
                                        message: "\(honours[index].name): portrait \"\(photo)\" leads outside the data folder; not shown"))
                honours[index].photo = nil
            }
        }
    }

    static let photoExtensions: Set<String> = ["jpg", "jpeg", "png", "webp"]

    private func loadGallery(_ problems: inout [Problem]) -> [Album] {
        var albums: [Album] = []
        var seenCaptions: Set<String> = []
        for folder in listing("gallery") where isDirectory("gallery/" + folder) {
            let base = "gallery/" + folder
            let files = listing(base)
            var photos = files.filter { Self.photoExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .filter { DataPath.resolveInside(root: root, relative: base + "/" + $0) != nil }
            var entries: [String: CaptionsParser.Entry] = [:]
            let captionsFile = base + "/captions.csv"
            if files.contains("captions.csv") {
                seenCaptions.insert(captionsFile)
                switch read(captionsFile, &problems) {
                case .refused: entries = lastCaptions[captionsFile] ?? [:]
                case .absent: break
                case .data(let data):
                    let outcome = CaptionsParser.parse(data: data, path: captionsFile)
                    problems += outcome.problems
                    if outcome.usable { lastCaptions[captionsFile] = outcome.entries; entries = outcome.entries }
                    else { entries = lastCaptions[captionsFile] ?? [:] }
                }
                for (file, _) in entries where !photos.contains(file) {
                    problems.append(Problem(path: captionsFile, line: nil, severity: .warning,
                                            message: "\"\(file)\" is captioned but not in the album"))
                }
            }
            // Listed photos first in the captions' order, then the rest by file name.
            photos.sort { a, b in
                switch (entries[a]?.order, entries[b]?.order) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a < b
                }
            }
            let album = Album(title: folder.precomposedStringWithCanonicalMapping, photos: photos.map { file in
                Photo(path: base + "/" + file, caption: entries[file]?.caption ?? "", credit: entries[file]?.credit ?? "")
            })
            if !album.photos.isEmpty { albums.append(album) }
        }
        lastCaptions = lastCaptions.filter { seenCaptions.contains($0.key) }
        return albums
    }

    private func loadTicker(_ problems: inout [Problem]) -> [String] {
        switch read("ticker.txt", &problems) {
        case .refused: return lastTicker ?? []
        case .absent: lastTicker = nil; return []
        case .data(let data):
            let outcome = TickerParser.parse(data: data, path: "ticker.txt")
            problems += outcome.problems
            if outcome.usable { lastTicker = outcome.headlines; return outcome.headlines }
            return lastTicker ?? []
        }
    }

    private func loadVisitors(settings: Settings, _ problems: inout [Problem]) -> VisitorLedger {
        var ledger = VisitorLedger()
        let timeZone = TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        for file in listing("visitors") where file.hasSuffix(".log") {
            let relative = "visitors/" + file
            guard let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(relative)) else { continue }
            let outcome = VisitorLogParser.parse(data: data, path: relative, timeZone: timeZone)
            problems += outcome.problems
            ledger.merge(outcome.ledger)
        }
        if case .data(let data) = read("visitors/counter.json", &problems) {
            let outcome = CounterSnapshotParser.parse(data: data, path: "visitors/counter.json")
            problems += outcome.problems
            ledger.snapshot = outcome.figures
        }
        return ledger
    }

    // MARK: - Folders

    /// Names in a folder of the data folder, temporary and hidden names left out, sorted.
    private func listing(_ relative: String) -> [String] {
        let path = (root as NSString).appendingPathComponent(relative)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { !TemporaryNames.isIgnored($0) }.sorted()
    }

    private func isDirectory(_ relative: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(relative), isDirectory: &isDir) && isDir.boolValue
    }
}
