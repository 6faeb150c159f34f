import Foundation
import KioskCore
import Testing
@testable import KioskData

/// What reaches the screen: the service watching a folder that is written in every usual way.
/// The screen must always get the last good content, never a half-written one.
@Suite(.serialized) struct DataServiceTests {
    /// The latest snapshot the service handed over, and how many it handed over.
    final class Screen: @unchecked Sendable {
        private let lock = NSLock()
        private var latest: KioskContent?
        private var handed = 0
        func show(_ content: KioskContent) { lock.lock(); latest = content; handed += 1; lock.unlock() }
        var content: KioskContent? { lock.lock(); defer { lock.unlock() }; return latest }
        var reloads: Int { lock.lock(); defer { lock.unlock() }; return handed }
        var names: [String] { content?.honours.map(\.name).sorted() ?? [] }
        /// Waits until at least one more snapshot than now has been handed over.
        func waitForNextReload(after count: Int) -> Bool { eventually(5) { reloads > count } }
    }

    func start(_ root: String, settle: TimeInterval = 2) throws -> (DataService, Screen) {
        let service = DataService(root: root, settleInterval: settle)
        let screen = Screen()
        screen.show(service.content)
        try service.startWatching { screen.show($0) }
        return (service, screen)
    }

    let header = "name,kind,award,date,unit\n"
    func row(_ name: String) -> String { "\(name),individual,Giấy khen,2024-05-01,Hội Hữu nghị\n" }

    @Test func aRenameIntoPlaceReplacesTheRoll() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        let (service, screen) = try start(folder.path)
        defer { service.stop() }
        try folder.writeByRename("honours.csv", header + row("An") + row("Bình"))
        #expect(eventually(5) { screen.names == ["An", "Bình"] })
    }

    /// A visit line reaches the screen through a reload of the visit logs alone.
    @Test func aVisitLineIsCountedWithoutReloadingTheRest() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        try folder.writePhoto("gallery/A/01.jpg")
        try folder.write("visitors/a.log", "2024-06-11T08:00:00+07:00 in 5\n")
        let (service, screen) = try start(folder.path)
        defer { service.stop() }
        #expect(screen.waitForNextReload(after: 1), "the reload after the watch started")
        let catalog = screen.content?.catalog
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("visitors/a.log"))
        handle.seekToEndOfFile()
        handle.write(Data("2024-06-11T08:01:00+07:00 in 2\n".utf8))
        #expect(eventually(5) { screen.content?.visitors.inByMinute.values.reduce(0, +) == 7 })
        #expect(service.folderLoader.lastSections == [.visitors])
        #expect(screen.content?.catalog === catalog)
        try handle.close()
    }

    @Test func aFileHalfWrittenInPlaceNeverReachesTheScreen() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An") + row("Bình"))
        let (service, screen) = try start(folder.path)
        defer { service.stop() }
        #expect(eventually(5) { screen.names == ["An", "Bình"] })

        // `cat new.csv > honours.csv`, caught between two writes, and a reload at that moment
        // (another file changed, SIGHUP, the periodic rescan).
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("honours.csv"))
        try handle.truncate(atOffset: 0)
        handle.write(Data((header + row("Chi")).utf8))
        let before = screen.reloads
        service.requestReload()
        #expect(screen.waitForNextReload(after: before))
        #expect(screen.names == ["An", "Bình"], "a half-written roll replaced the good one")
        #expect(screen.content?.problems.isEmpty == true, "a write in progress is not a problem: \(screen.content?.problems ?? [])")

        handle.write(Data((row("Dung") + row("Giang")).utf8))
        try handle.close()
        #expect(eventually(5) { screen.names == ["Chi", "Dung", "Giang"] }, "the finished file was not loaded")
    }

    /// No close event ever arrives (a network file system): the file is read once it has settled.
    @Test func aChangeWithoutEventsIsReadOnceItSettles() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        let loader = DataFolderLoader(root: folder.path)
        loader.settleInterval = 2
        #expect(loader.load().honours.map(\.name) == ["An"])
        try folder.write("honours.csv", header + row("Bình"))
        let now = Date()
        let early = loader.load(at: now)
        #expect(early.honours.map(\.name) == ["An"], "a just-modified file was read before it settled")
        let due = try #require(loader.retryAt)
        #expect(due > now && due <= now.addingTimeInterval(2.5))
        #expect(loader.load(at: due.addingTimeInterval(0.01)).honours.map(\.name) == ["Bình"])
        // The watcher's word that the writer finished is enough to read it at once.
        try folder.write("honours.csv", header + row("Chi"))
        #expect(loader.load(finished: ["honours.csv"]).honours.map(\.name) == ["Chi"])
    }

    @Test func aFileCutOffInItsLastRowKeepsTheLastGoodRoll() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An") + row("Bình"))
        let loader = DataFolderLoader(root: folder.path)
        let good = loader.load()
        let full = header + row("Chi") + row("Dung")
        try folder.write("honours.csv", String(full.dropLast(25)))   // a copy that stopped mid-row
        let cut = loader.load(previous: good)
        #expect(cut.honours.map(\.name).sorted() == ["An", "Bình"])
        #expect(cut.problems.map(\.description) == [
            "honours.csv:3: error: the file stops in the middle of its last row (3 of 5 columns, no line end): still being written or cut off?",
            "honours.csv: warning: this version is not used; the last good version stays on screen until it is fixed",
        ])
        // A last row without a line end that is complete is fine (Notepad saves like that).
        try folder.write("honours.csv", String(full.dropLast()))
        #expect(loader.load(previous: cut).honours.map(\.name).sorted() == ["Chi", "Dung"])
    }

    @Test func anEmptySaveKeepsTheLastGoodVersion() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        try folder.write("kiosk.toml", "organisation = \"Hội Hữu nghị\"\n")
        let loader = DataFolderLoader(root: folder.path)
        let good = loader.load()
        try folder.write("honours.csv", "")
        try folder.write("kiosk.toml", Data([0xEF, 0xBB, 0xBF, 0x0A]))
        let empty = loader.load(previous: good)
        #expect(empty.honours.map(\.name) == ["An"])
        #expect(empty.settings.organisationName == "Hội Hữu nghị")
        #expect(empty.problems.filter { $0.severity == .error }.map(\.description) == [
            "kiosk.toml:1: error: the file is empty (a failed save?)", "honours.csv:1: error: the file is empty (a failed save?)",
        ])
    }

    @Test func aFileOverTheSizeCapIsRefusedAndTheLastGoodKept() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        let loader = DataFolderLoader(root: folder.path)
        loader.sizeCap = 1 << 20
        let good = loader.load()
        try folder.write("honours.csv", header + String(repeating: row("Bình"), count: 20_000))
        let big = loader.load(previous: good)
        #expect(big.honours.map(\.name) == ["An"])
        let problem = try #require(big.problems.first)
        #expect(problem.path == "honours.csv" && problem.severity == .error && problem.message.hasSuffix("MiB, over the 1 MiB limit; not loaded"), "\(problem)")
    }

    @Test func unchangedFilesAreNotParsedAgain() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        try folder.write("ticker.txt", "Tin\n")
        try folder.write("gallery/A/captions.csv", "file,caption\n01.jpg,Một\n")
        try folder.writePhoto("gallery/A/01.jpg")
        let loader = DataFolderLoader(root: folder.path)
        _ = loader.load()
        #expect(Set(loader.lastParsed) == ["honours.csv", "ticker.txt", "gallery/A/captions.csv"])
        _ = loader.load()
        #expect(loader.lastParsed.isEmpty)
        try folder.writeByRename("ticker.txt", "Tin mới\n")
        #expect(loader.load().ticker == ["Tin mới"])
        #expect(loader.lastParsed == ["ticker.txt"])
    }

    @Test func temporaryAndLockFilesAreNeverLoaded() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", header + row("An"))
        for name in [".~lock.honours.csv#", "honours.csv~", ".honours.csv.swp", "~syncthing~honours.csv.tmp", "honours/.2020.csv.Xy12Ab",
                     "honours/2020.csv.part", "honours/2021.csv.tmp", "gallery/A/.01.jpg.Ab12Cd", "gallery/A/02.jpg.part"] {
            try folder.write(name, "garbage, \"not csv")
        }
        try folder.writePhoto("gallery/A/01.jpg")
        let content = DataFolderLoader(root: folder.path).load()
        #expect(content.problems.isEmpty, "\(content.problems)")
        #expect(content.honours.map(\.name) == ["An"])
        #expect(content.albums.first?.photos.map(\.path) == ["gallery/A/01.jpg"])
    }

    @Test func albumsComeAndGoWithTheirFolders() throws {
        let folder = try DataFolder()
        try folder.writePhoto("gallery/Cũ/01.jpg")
        let (service, screen) = try start(folder.path)
        defer { service.stop() }
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("gallery/Mới"), withIntermediateDirectories: true)
        try folder.writePhoto("gallery/Mới/01.jpg")
        try folder.write("gallery/Mới/captions.csv", "file,caption\n01.jpg,Khai mạc\n")
        #expect(eventually(5) { screen.content?.albums.map(\.title) == ["Cũ", "Mới"] })
        #expect(eventually(5) { screen.content?.albums.last?.photos.first?.caption == "Khai mạc" })
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("gallery/Cũ"))
        #expect(eventually(5) { screen.content?.albums.map(\.title) == ["Mới"] })
    }

    @Test func aSwitchedReleaseFolderIsShown() throws {
        let base = try DataFolder()
        try base.write("releases/1/honours.csv", header + row("An"))
        try base.write("releases/2/honours.csv", header + row("Bình"))
        let link = base.path + "/data"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "releases/1")
        let (service, screen) = try start(link)
        defer { service.stop() }
        #expect(screen.names == ["An"])
        try FileManager.default.createSymbolicLink(atPath: base.path + "/data.new", withDestinationPath: "releases/2")
        #expect(rename(base.path + "/data.new", link) == 0)
        #expect(eventually(5) { screen.names == ["Bình"] })
        try base.writeByRename("releases/2/honours.csv", header + row("Bình") + row("Chi"))
        #expect(eventually(5) { screen.names == ["Bình", "Chi"] }, "the new release is not watched")
    }

    @Test func theFolderGoingAwayKeepsTheScreenAndComingBackRestoresIt() throws {
        let base = try DataFolder()
        try base.write("data/honours.csv", header + row("An"))
        let root = base.path + "/data"
        let (service, screen) = try start(root)
        defer { service.stop() }
        try FileManager.default.moveItem(atPath: root, toPath: base.path + "/away")
        #expect(eventually(5) { screen.content?.problems.first?.message.contains("missing") == true })
        #expect(screen.names == ["An"], "the screen lost its content with the folder: \(String(describing: screen.content?.problems))")
        try base.write("data/honours.csv", header + row("Bình"))
        #expect(eventually(5) { screen.names == ["Bình"] && screen.content?.problems.isEmpty == true })
    }

    @Test(arguments: ["utf-8", "utf-8 with BOM", "utf-16le", "utf-16be"], [",", ";"])
    func everyEncodingAndSeparatorGivesTheSameRoll(encoding: String, separator: String) throws {
        let text = "Họ và tên\(separator)Loại\(separator)Hình thức khen thưởng\(separator)Ngày\(separator)Đơn vị\r\n"
            + "Nguyễn Văn Thắng\(separator)Cá nhân\(separator)\"Bằng khen\(separator) hạng nhất\"\(separator)11/06/2024\(separator)\"Hội\r\nHữu nghị\"\r\n"
        let data: Data
        switch encoding {
        case "utf-8": data = Data(text.utf8)
        case "utf-8 with BOM": data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        default: data = utf16(text, bigEndian: encoding == "utf-16be")
        }
        let folder = try DataFolder()
        try folder.write("honours.csv", data)
        let content = DataFolderLoader(root: folder.path).load()
        #expect(content.problems.isEmpty, "\(content.problems)")
        let honour = try #require(content.honours.first)
        #expect(honour.name == "Nguyễn Văn Thắng" && honour.kind == .individual)
        #expect(honour.award == "Bằng khen\(separator) hạng nhất")
        #expect(honour.date == HonourDate(year: 2024, month: 6, day: 11))
        #expect(honour.unit == "Hội\nHữu nghị")
    }

    @Test(arguments: [
        ("/etc/passwd", "must be relative"), ("../outside.jpg", "must be relative"), ("portraits/../../x.jpg", "must be relative"),
        ("~/x.jpg", "must be relative"), ("C:\\\\ảnh\\\\x.jpg", "must be relative"), ("portraits/link.jpg", "leads outside"),
        ("portraits/nowhere.jpg", "not found"),
    ])
    func aBadPortraitPathIsRefusedWithItsLine(path: String, reason: String) throws {
        let folder = try DataFolder()
        let outside = try DataFolder()
        try outside.write("secret.jpg", "x")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("portraits"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/portraits/link.jpg", withDestinationPath: outside.path + "/secret.jpg")
        try folder.write("honours.csv", "name,kind,award,date,photo\nAn,individual,Giấy khen,2024,\"\(path)\"\n")
        let content = DataFolderLoader(root: folder.path).load()
        #expect(content.honours.count == 1 && content.honours[0].photo == nil)
        let problem = try #require(content.problems.first)
        #expect(problem.path == "honours.csv" && problem.line == 2 && problem.message.contains(reason), "\(problem)")
    }

    @Test func aGalleryPhotoLinkedFromOutsideIsRefused() throws {
        let folder = try DataFolder()
        let outside = try DataFolder()
        try outside.write("private.jpg", "x")
        try folder.writePhoto("gallery/A/01.jpg")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/gallery/A/02.jpg", withDestinationPath: outside.path + "/private.jpg")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/gallery/A/03.jpg", withDestinationPath: "01.jpg")
        let content = DataFolderLoader(root: folder.path).load()
        #expect(content.albums.first?.photos.map(\.path) == ["gallery/A/01.jpg", "gallery/A/03.jpg"])
        #expect(content.problems.map(\.description) == ["gallery/A/02.jpg: error: a link that leads outside the data folder; not shown"])
    }

    @Test func anUnreadableFileKeepsItsLastGoodVersionUntilItIsReadableAgain() throws {
        let folder = try DataFolder()
        try folder.write("ticker.txt", "Một\n")
        let (service, screen) = try start(folder.path)
        defer { service.stop() }
        let file = folder.path + "/ticker.txt"
        try folder.writeByRename("ticker.txt", "Hai\n")
        #expect(eventually(5) { screen.content?.ticker == ["Hai"] })
        chmod(file, 0)
        // root reads anything: only where the permission bites is the refusal checked.
        if access(file, R_OK) != 0 {
            service.requestReload()
            #expect(eventually(5) { screen.content?.problems.first?.message.hasPrefix("cannot be read") == true })
            #expect(screen.content?.ticker == ["Hai"])
        }
        chmod(file, 0o644)   // no write: only the permission changed (IN_ATTRIB)
        #expect(eventually(5) { screen.content?.problems.isEmpty == true && screen.content?.ticker == ["Hai"] })
    }
}
