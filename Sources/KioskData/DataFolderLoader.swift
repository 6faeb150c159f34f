import FoundationEssentials
import Glibc
import KioskCore

/// Reads a whole data folder into one `KioskContent`, remembering the last good version of each
/// file so a broken or half-written file never takes good content off the screen.
///
/// A file is parsed again only when its stamp (inode, size, times) changed, so a reload after one
/// changed file costs one parse. Each load hands back a complete snapshot: the screen swaps it in
/// as one unit.
///
/// A load told which paths changed (`changed:`, from the watcher) looks only at the parts of the
/// folder those paths belong to and keeps the others as the last load left them: a visit line
/// does not stat 500 photos and 1,000 portraits, a headline does not list the gallery. Without
/// `changed` (start-up, SIGHUP, the periodic rescan) every part is looked at.
public final class DataFolderLoader: @unchecked Sendable {
    /// The parts of the data folder, each loaded on its own.
    public enum Section: Int, CaseIterable, Sendable {
        case settings, honours, gallery, ticker, visitors
    }
    public let root: String
    /// A settings file used instead of `<root>/kiosk.toml` (the `--config` option).
    public let configPath: String?
    /// Data files larger than this are refused (a misplaced export or a runaway writer).
    public var sizeCap = 20 << 20
    /// How long a freshly modified file that the watcher has not seen finished may still be in
    /// the middle of a write. 0 (the default, for one-shot commands) reads every file as it is.
    public var settleInterval: TimeInterval = 0
    /// When the last load met a file that was not ready (still being written), or a save of the
    /// visit-log checkpoint is booked: load again then.
    public var retryAt: Date? {
        lock.lock(); defer { lock.unlock() }
        return (Array(sectionRetry.values) + [visitorIngest?.saveDueAt].compactMap { $0 }).min()
    }
    /// True: the visit-log checkpoint is saved by `saveDue()` after the load, not during it
    /// (the screen's service, which hands the counts over first).
    public var defersCheckpointSaves = false
    /// The files the last load parsed, for tests that check unchanged files are left alone.
    private(set) var lastParsed: [String] = []
    /// The sections the last load looked at, for tests that check a change is read alone.
    private(set) var lastSections: Set<Section> = []

    /// What each section gave at its last load, kept for loads that leave it alone.
    private var settingsValue = Settings()
    private var honoursValue: [Honour] = []
    private var albumsValue: [Album] = []
    private var tickerValue: [String] = []
    private var visitorsValue = VisitorLedger()
    private var sectionProblems: [Section: [Problem]] = [:]
    /// When a section met a file that was not ready: that section is loaded again then.
    private var sectionRetry: [Section: Date] = [:]
    /// The first component of every portrait path the roll names ("portraits", "gallery"…):
    /// a change under one of them sends the roll to have its portraits checked again.
    private var portraitTops: Set<String> = []
    /// Set when the last load could not trust what it read (the folder went or was switched):
    /// the next one reads every section.
    private var everythingDue = true

    private let settings = DataFileShelf<Settings>()
    private let honourRolls = DataFileShelf<[Honour]>()
    private let captions = DataFileShelf<[String: CaptionsParser.Entry]>()
    private let photoHeaders = PhotoShelf()
    private let ticker = DataFileShelf<[String]>()
    private let counter = DataFileShelf<VisitorFigures>()
    /// Follows visitors/*.log incrementally; created on the first load (see `VisitorLogIngest`).
    private var visitorIngest: VisitorLogIngest?
    /// Where the visit-log checkpoint is kept; nil for one-shot commands, which read logs whole.
    public let checkpointPath: String?
    private let lock = Lock()

    /// `stateFolder`: where the visit-log checkpoint is kept, so a restart resumes instead of
    /// reading the logs again (`kiosk run`); nil reads them whole (one-shot commands).
    public init(root: String, configPath: String? = nil, stateFolder: String? = nil) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.configPath = configPath
        self.checkpointPath = stateFolder.map { PathText.appending("visitors.checkpoint", to: $0) }
    }

    /// Makes a checkpoint save that a load booked (see `defersCheckpointSaves`). True when the
    /// save failed where the last one succeeded, or the other way round: the snapshot just
    /// handed over reports the old state of the state folder, so the visitors need loading again.
    @discardableResult
    public func saveDue() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard let ingest = visitorIngest else { return false }
        let before = ingest.saveProblem
        ingest.saveIfDue()
        return ingest.saveProblem != before
    }

    /// Saves what the visit-log ingest has read and not yet saved (a clean exit).
    public func flush() {
        lock.lock(); defer { lock.unlock() }
        visitorIngest?.flush()
    }

    /// Reads the folder. `finished` names the files the watcher saw closed after writing or
    /// renamed into place since the last load: those are read at once even when just modified.
    /// `changed`: the paths (relative to the root) that changed since the last load; only their
    /// sections are read again, with every section whose retry is due. nil, or a "" among them,
    /// reads everything.
    public func load(previous: KioskContent? = nil, finished: Set<String> = [], changed: Set<String>? = nil,
                     at now: Date = Date()) -> KioskContent {
        lock.lock(); defer { lock.unlock() }
        // A folder removed, an unmounted share: keep everything that was on screen.
        func keepPrevious() -> KioskContent {
            sectionRetry = [:]
            everythingDue = true
            var kept = previous ?? KioskContent(dataFolder: root)
            kept.problems = [Problem(path: root, severity: .error,
                                     message: "the data folder is missing or cannot be read; the last content stays on screen")]
            return kept
        }
        guard let folderBefore = folderIdentity() else { return keepPrevious() }
        var sections = everythingDue ? Set(Section.allCases) : changed.map(sections(for:)) ?? Set(Section.allCases)
        for (section, due) in sectionRetry where due <= now { sections.insert(section) }
        if visitorIngest?.saveDueAt.map({ $0 <= now }) == true { sections.insert(.visitors) }
        // Settings decide how the other parts are read (photo limits, the visitors' time zone).
        if sections.contains(.settings) { sections = Set(Section.allCases) }
        everythingDue = false
        var parsed: [String] = []
        func done(_ section: Section, _ pass: LoadPass, _ problems: [Problem]) {
            sectionProblems[section] = problems
            sectionRetry[section] = pass.retryAt
            parsed += pass.parsed
        }
        for section in Section.allCases where sections.contains(section) {
            // A pass of its own: its retry is the section's.
            let sectionPass = LoadPass(now: now, finished: finished, settle: settleInterval, sizeCap: sizeCap)
            var problems: [Problem] = []
            switch section {
            case .settings: settingsValue = loadSettings(sectionPass, &problems)
            case .honours: honoursValue = loadHonours(sectionPass, &problems)
            case .gallery: albumsValue = loadGallery(sectionPass, limits: PictureLimits(settingsValue), &problems)
            case .ticker: tickerValue = loadTicker(sectionPass, &problems)
            case .visitors: visitorsValue = loadVisitors(settings: settingsValue, sectionPass, &problems)
            }
            done(section, sectionPass, problems)
        }
        lastParsed = parsed
        lastSections = sections
        // The folder went or was switched while it was read: what was read may be half of it.
        let folderAfter = folderIdentity()
        if folderAfter == nil { return keepPrevious() }
        if folderAfter != folderBefore { sectionRetry[.settings] = now; everythingDue = true }
        let problems = Section.allCases.flatMap { sectionProblems[$0] ?? [] }
        return KioskContent(settings: settingsValue, honours: honoursValue, albums: albumsValue, ticker: tickerValue,
                            visitors: visitorsValue, problems: problems, dataFolder: root, reusing: previous)
    }

    /// The sections a changed path belongs to. A path outside the known parts of the folder can
    /// only matter as a portrait (the roll names its portraits by any relative path), so it
    /// sends the honour roll to have its portraits looked at again.
    func sections(for changed: Set<String>) -> Set<Section> {
        var sections: Set<Section> = []
        for path in changed {
            let top = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            // A portrait may live anywhere in the folder, a gallery photo included.
            if portraitTops.contains(top) { sections.insert(.honours) }
            switch top {
            case "": return Set(Section.allCases)
            case "kiosk.toml": sections.insert(.settings)
            case "honours.csv", "honours": sections.insert(.honours)
            case "gallery": sections.insert(.gallery)
            case "ticker.txt": sections.insert(.ticker)
            case "visitors": sections.insert(.visitors)
            default: sections.insert(.honours)
            }
        }
        return sections
    }

    /// Device and inode of the folder the root leads to, or nil when it is not a readable folder.
    private func folderIdentity() -> [UInt64]? {
        var info = stat()
        guard stat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, access(root, R_OK | X_OK) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    private func path(_ relative: String) -> String { PathText.appending(relative, to: root) }

    /// An empty file is almost always a failed save or a copy cut off at its start, not a wish
    /// to clear the screen (that is what deleting the file is for).
    private static func emptyFileProblem(_ data: Data, _ relative: String) -> Problem? {
        let meaningful = data.drop { [0xEF, 0xBB, 0xBF, 0xFE, 0xFF, 0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard meaningful.isEmpty else { return nil }
        return Problem(path: relative, line: 1, severity: .error, message: "the file is empty (a failed save?)")
    }

    private func loadSettings(_ pass: LoadPass, _ problems: inout [Problem]) -> Settings {
        let relative = configPath ?? "kiosk.toml"
        let absolute = configPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? path(relative)
        settings.beginLoad(); defer { settings.endLoad() }
        guard let read = settings.read(relative, at: absolute, pass: pass, parse: { data in
            if let empty = Self.emptyFileProblem(data, relative) { return (nil, [empty]) }
            let outcome = SettingsParser.parse(data: data, path: relative)
            return (outcome.usable ? outcome.settings : nil, outcome.problems)
        }) else { return Settings() }
        problems += read.problems
        return read.value ?? Settings()
    }

    private func loadHonours(_ pass: LoadPass, _ problems: inout [Problem]) -> [Honour] {
        var files = ["honours.csv"]
        files += listing("honours").filter { $0.lowercased().hasSuffix(".csv") }.map { "honours/" + $0 }
        var honours: [Honour] = []
        var tops: Set<String> = []
        honourRolls.beginLoad(); defer { honourRolls.endLoad(); portraitTops = tops }
        for file in files {
            guard let read = honourRolls.read(file, at: path(file), pass: pass, parse: { data in
                if let empty = Self.emptyFileProblem(data, file) { return (nil, [empty]) }
                let outcome = HonourRollParser.parse(data: data, path: file)
                return (outcome.usable ? outcome.honours : nil, outcome.problems)
            }) else { continue }
            var rows = read.value ?? []
            problems += read.problems
            for row in rows { if let photo = row.photo, let top = photo.split(separator: "/").first { tops.insert(String(top)) } }
            // Portraits come and go on their own: checked on every load of the roll, not only when
            // it changes (a change under a portrait's first folder loads the roll, see `sections(for:)`).
            checkPortraits(&rows, &problems)
            honours += rows
        }
        return HonourOrder.newestFirst(honours)
    }
    /// A portrait must exist and stay inside the data folder, symbolic links included.
    private func checkPortraits(_ honours: inout [Honour], _ problems: inout [Problem]) {
        for index in honours.indices {
            guard let photo = honours[index].photo else { continue }
            let location = honours[index].source
            let candidate = PathText.appending(photo, to: root)
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

    private func loadGallery(_ pass: LoadPass, limits: PictureLimits, _ problems: inout [Problem]) -> [Album] {
        var albums: [Album] = []
        captions.beginLoad(); defer { captions.endLoad() }
        photoHeaders.beginLoad(); defer { photoHeaders.endLoad() }
        for folder in listing("gallery") where isDirectory("gallery/" + folder) {
            let base = "gallery/" + folder
            let files = listing(base)
            var photos: [String] = []
            var headers: [String: ImageHeader] = [:]
            for file in files where Self.photoExtensions.contains(PathText.pathExtension(of: file).lowercased()) {
                let relative = base + "/" + file
                if DataPath.resolveInside(root: root, relative: relative) != nil {
                    // What the file is, by its own first bytes; a photo that cannot be shown is
                    // reported and left out of the rotation rather than tried on every turn.
                    switch photoHeaders.header(relative, at: path(relative), pass: pass, limits: limits) {
                    case .success(let header)?: photos.append(file); headers[file] = header
                    case .failure(let error)?: problems.append(Problem(path: relative, severity: .error, message: error.message))
                    case nil: break
                    }
                    continue
                }
                // A broken link is simply not there; a link leading out of the folder is refused.
                if FileManager.default.fileExists(atPath: path(relative)) {
                    problems.append(Problem(path: relative, severity: .error, message: "a link that leads outside the data folder; not shown"))
                }
            }
            var entries: [String: CaptionsParser.Entry] = [:]
            let captionsFile = base + "/captions.csv"
            if files.contains("captions.csv"), let read = captions.read(captionsFile, at: path(captionsFile), pass: pass, parse: { data in
                if let empty = Self.emptyFileProblem(data, captionsFile) { return (nil, [empty]) }
                let outcome = CaptionsParser.parse(data: data, path: captionsFile)
                return (outcome.usable ? outcome.entries : nil, outcome.problems)
            }) {
                problems += read.problems
                entries = read.value ?? [:]
                for file in entries.keys.sorted() where !photos.contains(file) {
                    problems.append(Problem(path: captionsFile, line: nil, severity: .warning,
                                            message: "\"\(file)\" is captioned but not in the album"))
                }
            }
            // Listed photos first in the captions' order, then the rest by file name as people number them.
            photos.sort { a, b in
                switch (entries[a]?.order, entries[b]?.order) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                default: return NaturalOrder.less(a, b)
                }
            }
            let album = Album(title: UnicodeForms.composed(folder), photos: photos.map { file in
                let header = headers[file]
                // captions.csv first; else what the camera or the photo editor stored in the file.
                let listed = entries[file]?.caption ?? ""
                return Photo(path: base + "/" + file, caption: listed.isEmpty ? header?.description ?? "" : listed,
                             credit: entries[file]?.credit ?? "", width: header?.uprightWidth, height: header?.uprightHeight)
            })
            if !album.photos.isEmpty { albums.append(album) }
        }
        // Albums as a Vietnamese reader expects them: Đ after D, tones after their letter.
        return albums.sorted { VietnameseCollation.key($0.title) < VietnameseCollation.key($1.title) }
    }

    private func loadTicker(_ pass: LoadPass, _ problems: inout [Problem]) -> [String] {
        ticker.beginLoad(); defer { ticker.endLoad() }
        // An empty ticker.txt is allowed: clearing the headlines is a normal thing to do.
        guard let read = ticker.read("ticker.txt", at: path("ticker.txt"), pass: pass, parse: { data in
            let outcome = TickerParser.parse(data: data, path: "ticker.txt")
            return (outcome.usable ? outcome.headlines : nil, outcome.problems)
        }) else { return [] }
        problems += read.problems
        return read.value ?? []
    }

    private func loadVisitors(settings: Settings, _ pass: LoadPass, _ problems: inout [Problem]) -> VisitorLedger {
        let timeZone = settings.displayTimeZone
        // Logs are appended, never half-valid: a partial last line simply waits for its newline.
        let ingest = visitorIngest ?? VisitorLogIngest(folder: path("visitors"), checkpointPath: checkpointPath)
        ingest.savesDuringRefresh = !defersCheckpointSaves
        visitorIngest = ingest
        let read = ingest.refresh(timeZone: timeZone, now: pass.now)
        var ledger = read.ledger
        problems += read.problems
        counter.beginLoad(); defer { counter.endLoad() }
        if let read = counter.read("visitors/counter.json", at: path("visitors/counter.json"), pass: pass, parse: { data in
            if let empty = Self.emptyFileProblem(data, "visitors/counter.json") { return (nil, [empty]) }
            let outcome = CounterSnapshotParser.parse(data: data, path: "visitors/counter.json")
            return (outcome.figures, outcome.problems)
        }) {
            problems += read.problems
            ledger.snapshot = read.value
        }
        return ledger
    }

    // MARK: - Folders

    /// Names in a folder of the data folder, temporary and hidden names left out, sorted.
    private func listing(_ relative: String) -> [String] {
        let path = PathText.appending(relative, to: root)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { !TemporaryNames.isIgnored($0) }.sorted()
    }

    private func isDirectory(_ relative: String) -> Bool {
        var isDir = false
        return FileManager.default.fileExists(atPath: PathText.appending(relative, to: root), isDirectory: &isDir) && isDir
    }
}
