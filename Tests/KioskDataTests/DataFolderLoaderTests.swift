import Foundation
import KioskCore
import Testing
@testable import KioskData

@Suite struct DataFolderLoaderTests {
    let goodHonours = "name,kind,award,date,photo\nAn,individual,Giấy khen,2024-01-02,portraits/an.jpg\nBáo Hòa An,collective,Bằng khen,2023\n"

    @Test func loadsEveryPartOfTheFolder() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", goodHonours)
        try folder.write("honours/2020.csv", "Họ và tên;Loại;Hình thức khen thưởng;Ngày\nChi;Cá nhân;Giấy khen;01/01/2020\n")
        try folder.write("portraits/an.jpg", "not really a jpeg")
        try folder.writePhoto("gallery/Hội nghị/b.jpg")
        try folder.writePhoto("gallery/Hội nghị/a.JPG")
        try folder.writePhoto("gallery/Hội nghị/c.png")
        try folder.write("gallery/Hội nghị/notes.txt", "x")
        try folder.writePhoto("gallery/Hội nghị/.hidden.jpg")
        try folder.write("gallery/Hội nghị/captions.csv", "file,caption,credit\nc.png,Khai mạc,Ảnh: An\n")
        try folder.write("gallery/Trống/readme.txt", "x")
        try folder.write("ticker.txt", "Tin một\n")
        try folder.write("visitors/a.log", "2024-06-11T08:00:00+07:00 in 5\n")
        try folder.write("visitors/b.log", "2024-06-11T08:10:00+07:00 in 2\n")
        try folder.write("kiosk.toml", "organisation = \"Hội\"\n")
        let content = DataFolderLoader(root: folder.path).load(previous: nil)
        #expect(content.problems.isEmpty, "\(content.problems)")
        #expect(content.settings.organisationName == "Hội")
        #expect(content.honours.map(\.name) == ["An", "Báo Hòa An", "Chi"])
        #expect(content.honours[0].photo == "portraits/an.jpg")
        #expect(content.albums.map(\.title) == ["Hội nghị"])
        #expect(content.albums[0].photos.map(\.path) == ["gallery/Hội nghị/c.png", "gallery/Hội nghị/a.JPG", "gallery/Hội nghị/b.jpg"])
        #expect(content.albums[0].photos[0].caption == "Khai mạc")
        #expect(content.ticker == ["Tin một"])
        #expect(content.visitors.inByMinute.values.reduce(0, +) == 7)
    }

    // MARK: - Loads told what changed

    /// A folder with every part, and a loader that has read it once.
    func loadedFolder() throws -> (DataFolder, DataFolderLoader, KioskContent) {
        let folder = try DataFolder()
        try folder.write("honours.csv", goodHonours)
        try folder.write("portraits/an.jpg", "x")
        try folder.writePhoto("gallery/A/01.jpg")
        try folder.write("ticker.txt", "Tin một\n")
        try folder.write("visitors/a.log", "2024-06-11T08:00:00+07:00 in 5\n")
        let loader = DataFolderLoader(root: folder.path)
        let content = loader.load()
        #expect(content.problems.isEmpty, "\(content.problems)")
        return (folder, loader, content)
    }

    /// A visit line is counted without the honour roll, the gallery or the ticker being looked
    /// at: changes made to them behind the watcher's back are not seen by that load.
    @Test func aVisitLineIsCountedWithoutReadingTheRest() throws {
        let (folder, loader, first) = try loadedFolder()
        try folder.write("honours.csv", goodHonours + "Dung,individual,Giấy khen,2024\n")
        try folder.writePhoto("gallery/A/02.jpg")
        try folder.write("ticker.txt", "Tin hai\n")
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("visitors/a.log"))
        handle.seekToEndOfFile()
        handle.write(Data("2024-06-11T08:01:00+07:00 in 2\n".utf8))
        try handle.close()
        let after = loader.load(previous: first, changed: ["visitors/a.log"])
        #expect(after.visitors.inByMinute.values.reduce(0, +) == 7)
        #expect(loader.lastSections == [.visitors])
        #expect(loader.lastParsed.isEmpty)
        #expect(after.honours.map(\.name) == first.honours.map(\.name), "the honour roll was read again for a visit")
        #expect(after.catalog === first.catalog)
        #expect(after.albums == first.albums && after.ticker == first.ticker)
        // Told, each part follows.
        let told = loader.load(previous: after, changed: ["honours.csv", "gallery/A/02.jpg", "ticker.txt"])
        #expect(loader.lastSections == [.honours, .gallery, .ticker])
        #expect(told.honours.count == 3 && told.albums[0].photos.count == 2 && told.ticker == ["Tin hai"])
    }

    @Test func aHeadlineDoesNotListTheGalleryOrReadTheRoll() throws {
        let (folder, loader, first) = try loadedFolder()
        try folder.writePhoto("gallery/B/01.jpg")
        try folder.writeByRename("ticker.txt", "Tin hai\n")
        let after = loader.load(previous: first, changed: ["ticker.txt"])
        #expect(loader.lastSections == [.ticker] && loader.lastParsed == ["ticker.txt"])
        #expect(after.ticker == ["Tin hai"])
        #expect(after.albums.map(\.title) == ["A"])
        #expect(after.catalog === first.catalog)
    }

    /// Problems of the parts a load leaves alone stay reported, in file order.
    @Test func problemsOfPartsLeftAloneStay() throws {
        let (folder, loader, first) = try loadedFolder()
        try folder.write("honours.csv", goodHonours + "Dung,individual,,2024\n")
        try folder.write("gallery/A/02.jpg", "not a photo")
        let broken = loader.load(previous: first, changed: ["honours.csv", "gallery/A/02.jpg"])
        let paths = broken.problems.map(\.path)
        #expect(paths == ["honours.csv", "gallery/A/02.jpg"], "\(broken.problems)")
        let later = loader.load(previous: broken, changed: ["ticker.txt"])
        #expect(later.problems == broken.problems)
    }

    /// A portrait may be named by any relative path: a change there checks the portraits again.
    @Test func aPortraitThatArrivesIsSeenThroughItsOwnChange() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", "name,kind,award,date,photo\nAn,individual,Giấy khen,2024,portraits/an.jpg\nBình,individual,Giấy khen,2024,gallery/A/binh.jpg\n")
        let loader = DataFolderLoader(root: folder.path)
        let first = loader.load()
        #expect(first.honours.allSatisfy { $0.photo == nil } && first.problems.count == 2)
        try folder.write("portraits/an.jpg", "x")
        let an = loader.load(previous: first, changed: ["portraits/an.jpg"])
        #expect(loader.lastSections == [.honours])
        #expect(an.honours.first { $0.name == "An" }?.photo == "portraits/an.jpg")
        try folder.writePhoto("gallery/A/binh.jpg")
        let binh = loader.load(previous: an, changed: ["gallery/A/binh.jpg"])
        #expect(loader.lastSections == [.honours, .gallery])
        #expect(binh.honours.first { $0.name == "Bình" }?.photo == "gallery/A/binh.jpg")
        #expect(binh.problems.isEmpty, "\(binh.problems)")
    }

    /// Settings decide how the rest is read (photo limits, the time zone): a change reads everything.
    @Test func aSettingsChangeOrAnUnknownChangeReadsEverything() throws {
        let (folder, loader, first) = try loadedFolder()
        try folder.write("kiosk.toml", "organisation = \"Hội\"\n")
        _ = loader.load(previous: first, changed: ["kiosk.toml"])
        #expect(loader.lastSections == Set(DataFolderLoader.Section.allCases))
        _ = loader.load(previous: first, changed: [""])
        #expect(loader.lastSections == Set(DataFolderLoader.Section.allCases))
        _ = loader.load(previous: first)
        #expect(loader.lastSections == Set(DataFolderLoader.Section.allCases))
    }

    /// A file not ready (modified just now, not seen finished) is read again when its section's
    /// retry is due, by a load that was told of no change at all.
    @Test func aSectionNotReadyIsReadAgainWhenItsRetryIsDue() throws {
        let (folder, loader, first) = try loadedFolder()
        loader.settleInterval = 2
        try folder.write("ticker.txt", "Tin hai\n")
        let now = Date()
        let early = loader.load(previous: first, changed: ["ticker.txt"], at: now)
        #expect(early.ticker == ["Tin một"])
        let due = try #require(loader.retryAt)
        let nothingDue = loader.load(previous: early, changed: [], at: now)
        #expect(loader.lastSections.isEmpty && nothingDue.ticker == ["Tin một"])
        let retried = loader.load(previous: nothingDue, changed: [], at: due.addingTimeInterval(0.01))
        #expect(loader.lastSections == [.ticker] && retried.ticker == ["Tin hai"])
    }

    /// A reload for a visit or a headline must not sort and fold the honour roll again.
    @Test func aReloadThatLeavesTheHonoursKeepsTheirCatalog() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", goodHonours)
        try folder.write("ticker.txt", "Tin một\n")
        let loader = DataFolderLoader(root: folder.path)
        let first = loader.load(previous: nil)
        try folder.write("ticker.txt", "Tin hai\n")
        let second = loader.load(previous: first)
        #expect(second.ticker == ["Tin hai"])
        #expect(second.catalog === first.catalog)
        try folder.write("honours.csv", goodHonours + "Bình,individual,Giấy khen,2022\n")
        let third = loader.load(previous: second)
        #expect(third.catalog !== second.catalog)
        #expect(third.catalog.honours.map(\.name) == ["An", "Báo Hòa An", "Bình"])
    }

    @Test func aBrokenFileKeepsTheLastGoodVersion() throws {
        let folder = try DataFolder()
        try folder.write("honours.csv", goodHonours)
        try folder.write("kiosk.toml", "organisation = \"Hội\"\n")
        try folder.write("portraits/an.jpg", "x")
        let loader = DataFolderLoader(root: folder.path)
        let first = loader.load(previous: nil)
        #expect(first.honours.count == 2)
        // A spreadsheet saved without its header, and settings cut mid-line.
        try folder.write("honours.csv", "An,individual,Giấy khen,2024-01-02\n")
        try folder.write("kiosk.toml", "organisation = \"Hộ")
        let second = loader.load(previous: first)
        #expect(second.honours == first.honours)
        #expect(second.settings.organisationName == "Hội")
        #expect(second.problems.contains { $0.path == "honours.csv" && $0.severity == .error })
        #expect(second.problems.contains { $0.path == "kiosk.toml" && $0.severity == .error })
        // Fixed again: the new content replaces the kept one.
        try folder.write("honours.csv", "name,kind,award,date\nDung,individual,Giấy khen,2025\n")
        #expect(loader.load(previous: second).honours.map(\.name) == ["Dung"])
    }

    @Test func aPortraitOutsideTheFolderIsRefused() throws {
        let folder = try DataFolder()
        let outside = try DataFolder()
        try outside.write("secret.jpg", "x")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("portraits"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/portraits/link.jpg", withDestinationPath: outside.path + "/secret.jpg")
        try folder.write("honours.csv", "name,kind,award,date,photo\nAn,individual,Giấy khen,2024,portraits/link.jpg\nBình,individual,Giấy khen,2024,portraits/missing.jpg\n")
        let content = DataFolderLoader(root: folder.path).load(previous: nil)
        #expect(content.honours.allSatisfy { $0.photo == nil })
        #expect(content.problems.map(\.severity) == [.error, .warning])
    }

    @Test func theDemoDataLoadsCleanly() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/demo").path
        let content = DataFolderLoader(root: root).load(previous: nil)
        #expect(content.problems.isEmpty, "\(content.problems)")
        #expect(content.honours.count >= 40)
        #expect(Set(content.honours.map(\.kind)) == [.individual, .collective])
        #expect(content.honours.filter { $0.photo != nil }.count >= 10)
        #expect(content.albums.count == 3 && content.albums.reduce(0) { $0 + $1.photos.count } >= 15)
    }
}

@Suite struct GalleryOrderTests {
    @Test func photosAreInTheOrderPeopleNumberThem() {
        let names = ["IMG_10.jpg", "IMG_2.jpg", "IMG_1.jpg", "a.jpg", "IMG_002.jpg", "b10.png", "b9.png"]
        #expect(names.sorted(by: NaturalOrder.less) == ["IMG_1.jpg", "IMG_002.jpg", "IMG_2.jpg", "IMG_10.jpg", "a.jpg", "b9.png", "b10.png"])
        #expect(!NaturalOrder.less("x", "x") && NaturalOrder.less("x", "x1"))
        #expect(NaturalOrder.less("99999999999999999999999.jpg", "100000000000000000000000.jpg"))
    }
}

@Suite struct GalleryHeaderTests {
    @Test func photosAreJudgedByTheirBytesAndCarryTheirSizeAndCaption() throws {
        let folder = try DataFolder()
        // A phone photo lying on its side with its caption inside; captions.csv names another.
        let described = ImageSample.jpeg(width: 4000, height: 3000, [ImageSample.app1(exif: ImageSample.exif(orientation: 6, description: "Lễ khai mạc Đại hội"))])
        try folder.write("gallery/A/01.jpg", Data(described))
        try folder.writePhoto("gallery/A/02.jpg", width: 1920, height: 1080)
        try folder.write("gallery/A/captions.csv", "file,caption,credit\n02.jpg,Đại biểu biểu quyết,Ảnh: Quốc Khánh\n")
        try folder.write("gallery/A/03.jpg", "GIF89a, named as a JPEG")
        try folder.write("gallery/A/04.png", Data(ImageSample.png(width: 100_000, height: 100_000)))
        let loader = DataFolderLoader(root: folder.path)
        let content = loader.load()
        let photos = try #require(content.albums.first?.photos)
        // Listed in captions.csv first, then the rest.
        #expect(photos.map(\.path) == ["gallery/A/02.jpg", "gallery/A/01.jpg"])
        #expect(photos[1].caption == "Lễ khai mạc Đại hội" && photos[1].width == 3000 && photos[1].height == 4000)
        #expect(photos[0].caption == "Đại biểu biểu quyết" && photos[0].width == 1920)
        #expect(content.problems.map(\.path) == ["gallery/A/03.jpg", "gallery/A/04.png"])
        #expect(content.problems.allSatisfy { $0.severity == .error })
        #expect(content.problems[1].message.contains("megapixels"), "\(content.problems[1])")

        // kiosk.toml raising the limit lets the big one through on the next load.
        try folder.write("kiosk.toml", "max_photo_megapixels = 1000\nmax_photo_megabytes = 100\n")
        #expect(loader.load(previous: content).albums.first?.photos.count == 2)   // 10,000 MP is still over 1,000
        try folder.write("kiosk.toml", "max_photo_megapixels = 0.001\n")
        #expect(loader.load(previous: content).albums.isEmpty)
    }
}
