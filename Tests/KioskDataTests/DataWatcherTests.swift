import Foundation
import KioskCore
import Testing
@testable import KioskData

/// The real inotify watcher against every way people and tools write into the data folder.
@Suite(.serialized) struct DataWatcherTests {
    func watch(_ folder: DataFolder, start: Bool = true) throws -> (DataWatcher, ChangeLog) {
        try watch(path: folder.path, start: start)
    }

    func watch(path: String, start: Bool = true) throws -> (DataWatcher, ChangeLog) {
        let log = ChangeLog()
        let watcher = try DataWatcher(root: path, debounce: 0.02) { log.add($0) }
        if start { watcher.start() }
        return (watcher, log)
    }

    /// LeakSanitizer found the watcher and its thread keeping each other alive after `stop()`.
    @Test func aStoppedWatcherIsFreed() throws {
        let folder = try DataFolder()
        weak var gone: DataWatcher?
        do {
            let (watcher, _) = try watch(folder)
            gone = watcher
            watcher.stop()
        }
        #expect(eventually(5) { gone == nil }, "the watcher outlived its stop()")
    }

    @Test func aRenameIntoPlaceIsSeenAsFinished() throws {
        let folder = try DataFolder()
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        try folder.writeByRename("honours.csv", "name,kind,award,date\n")
        #expect(eventually(5) { log.finished.contains("honours.csv") })
        #expect(!log.all.contains { $0.hasPrefix(".") })
    }

    @Test func anInPlaceWriteCountsOnlyWhenTheWriterCloses() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", "name,kind,award,date\n")
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        // A shell's `>` redirect: truncate, write in pieces, close.
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("honours.csv"))
        try handle.truncate(atOffset: 0)
        handle.write(Data("name,kind,award,date\nAn,individual,".utf8))
        try folder.write("ticker.txt", "x")   // a finished change after it, to know the watcher caught up
        #expect(eventually(5) { log.all.contains("ticker.txt") })
        #expect(!log.all.contains("honours.csv"), "a write in progress was reported")
        handle.write(Data("Giấy khen,2024\n".utf8))
        try handle.close()
        #expect(eventually(5) { log.finished.contains("honours.csv") })
    }

    @Test func temporaryAndLockNamesTriggerNothing() throws {
        let folder = try DataFolder()
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        let names = [".hidden", "honours.csv~", ".honours.csv.swp", "honours.csv.swp", "4913", ".~lock.honours.csv#",
                     ".syncthing.honours.csv.tmp", "~syncthing~honours.csv.tmp", ".honours.csv.Xy12Ab", "honours.csv.part",
                     "honours.csv.tmp", "#honours.csv#"]
        for name in names { try folder.write(name, "partial") }
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent(".stversions"), withIntermediateDirectories: true)
        try folder.write("ticker.txt", "x")
        #expect(eventually(5) { log.all.contains("ticker.txt") })
        #expect(log.all == ["ticker.txt"])
    }

    @Test func anAppendToAVisitLogIsSeen() throws {
        let folder = try DataFolder()
        try folder.write("visitors/a.log", "2024-06-11T08:00:00+07:00 in 5\n")
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("visitors/a.log"))
        handle.seekToEndOfFile()
        handle.write(Data("2024-06-11T08:01:00+07:00 in 1\n".utf8))
        // No close: an entrance counter keeps its log open.
        #expect(eventually(5) { log.all.contains("visitors/a.log") })
        try handle.close()
    }

    /// A file renamed into place is complete: it is reported at once, not after the burst it
    /// came in has settled. Here the burst never settles (an hour's debounce): a write in place
    /// before the rename is still waiting when the rename has been reported.
    @Test func aRenameIsReportedWithoutWaitingForTheBurstToSettle() throws {
        let folder = try DataFolder()
        let log = ChangeLog()
        let watcher = try DataWatcher(root: folder.path, debounce: 3600) { log.add($0) }
        watcher.start()
        defer { watcher.stop() }
        try folder.write("ticker.txt", "written in place\n")
        try folder.writeByRename("honours.csv", "name,kind,award,date\n")
        #expect(eventually(5) { log.finished.contains("honours.csv") })
        #expect(!log.all.contains("ticker.txt"), "a write in place did not wait for its burst to settle")
    }

    /// An entrance's append is read whole lines at a time: it needs no settling either.
    @Test func anAppendToAVisitLogIsReportedWithoutWaitingForTheBurstToSettle() throws {
        let folder = try DataFolder()
        try folder.write("visitors/a.log", "2024-06-11T08:00:00+07:00 in 5\n")
        try folder.write("visitors/counter.json", "{}")
        let log = ChangeLog()
        let watcher = try DataWatcher(root: folder.path, debounce: 3600) { log.add($0) }
        watcher.start()
        defer { watcher.stop() }
        let snapshot = try FileHandle(forWritingTo: folder.url.appendingPathComponent("visitors/counter.json"))
        snapshot.write(Data("{\"total\"".utf8))   // half a snapshot written in place: waits
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("visitors/a.log"))
        handle.seekToEndOfFile()
        handle.write(Data("2024-06-11T08:01:00+07:00 in 1\n".utf8))
        #expect(eventually(5) { log.all.contains("visitors/a.log") })
        #expect(!log.all.contains("visitors/counter.json"), "a snapshot written in place did not wait for its burst to settle")
        try handle.close()
        try snapshot.close()
    }

    @Test func aNewAlbumFolderIsWatchedAtOnce() throws {
        let folder = try DataFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("gallery"), withIntermediateDirectories: true)
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("gallery/Mới"), withIntermediateDirectories: true)
        #expect(eventually(5) { log.all.contains("gallery/Mới") })
        try folder.writePhoto("gallery/Mới/01.jpg")
        #expect(eventually(5) { log.finished.contains("gallery/Mới/01.jpg") })
    }

    @Test func aDeletedAlbumIsSeen() throws {
        let folder = try DataFolder()
        try folder.writePhoto("gallery/Cũ/01.jpg")
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("gallery/Cũ"))
        #expect(eventually(5) { log.all.contains("gallery/Cũ") })
    }

    @Test func aRenamedAlbumIsFollowedUnderItsNewName() throws {
        let folder = try DataFolder()
        try folder.writePhoto("gallery/Nháp/01.jpg")
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        #expect(rename(folder.path + "/gallery/Nháp", folder.path + "/gallery/Hội nghị") == 0)
        #expect(eventually(5) { log.all.isSuperset(of: ["gallery/Nháp", "gallery/Hội nghị"]) })
        try folder.writePhoto("gallery/Hội nghị/02.jpg")
        #expect(eventually(5) { log.all.contains("gallery/Hội nghị/02.jpg") })
        #expect(!log.all.contains("gallery/Nháp/02.jpg"))
    }

    /// More events than the kernel queues while nobody reads: IN_Q_OVERFLOW, then a full rescan.
    @Test func anOverflowedQueueMeansEverythingChangedAndWatchingGoesOn() throws {
        let folder = try DataFolder()
        let (watcher, log) = try watch(folder, start: false)
        defer { watcher.stop() }
        let limit = Int((try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 16384
        try #require(limit <= 200_000, "max_queued_events is \(limit): too many files to overflow it in a test")
        // Each new file queues IN_CREATE and IN_CLOSE_WRITE.
        for index in 0...(limit / 2 + 10) {
            let fd = open(folder.path + "/f\(index).tmp", O_CREAT | O_WRONLY, 0o644)
            close(fd)
        }
        watcher.start()
        #expect(eventually(10) { log.all.contains("") }, "the overflow was not reported as a change of everything")
        try folder.write("ticker.txt", "x")
        #expect(eventually(5) { log.all.contains("ticker.txt") }, "watching stopped after the overflow")
    }

    /// A deploy tool switching `data` from one release folder to the next with `ln -sfn`.
    @Test func aSwitchedSymbolicLinkIsFollowed() throws {
        let base = try DataFolder()
        try base.write("releases/1/ticker.txt", "một")
        try base.write("releases/2/ticker.txt", "hai")
        let link = base.path + "/data"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "releases/1")
        let (watcher, log) = try watch(path: link)
        defer { watcher.stop() }
        try FileManager.default.createSymbolicLink(atPath: base.path + "/data.new", withDestinationPath: "releases/2")
        #expect(rename(base.path + "/data.new", link) == 0)
        #expect(eventually(5) { log.all.contains("") }, "the switch was not reported")
        try base.write("releases/2/ticker.txt", "hai mới")
        #expect(eventually(5) { log.all.contains("ticker.txt") }, "the new release is not watched")
    }

    @Test func theFolderRemovedAndCreatedAgainIsWatchedAgain() throws {
        let base = try DataFolder()
        try base.write("data/ticker.txt", "một")
        let root = base.path + "/data"
        let (watcher, log) = try watch(path: root)
        defer { watcher.stop() }
        try FileManager.default.removeItem(atPath: root)
        #expect(eventually(5) { log.all.contains("") })
        try base.write("data/ticker.txt", "hai")
        #expect(eventually(5) { log.finished.contains("ticker.txt") }, "the new folder is not watched")
    }

    /// Two links back up the tree once made the folder walk exponential: the watcher never started.
    @Test func symbolicLinkLoopsAreWalkedOnce() throws {
        let folder = try DataFolder()
        try folder.write("gallery/Hội nghị/captions.csv", "file,caption\n")
        let album = folder.url.appendingPathComponent("gallery/Hội nghị")
        for name in ["up", "again", "root"] {
            try FileManager.default.createSymbolicLink(atPath: album.appendingPathComponent(name).path,
                                                       withDestinationPath: name == "root" ? folder.path : "..")
        }
        let started = Date()
        let (watcher, log) = try watch(folder)
        defer { watcher.stop() }
        #expect(Date().timeIntervalSince(started) < 2)
        try folder.writeByRename("gallery/Hội nghị/captions.csv", "file,caption\na.jpg,Một\n")
        #expect(eventually(5) { log.finished.contains("gallery/Hội nghị/captions.csv") })
    }
}
