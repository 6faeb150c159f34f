import ArgumentParser
import FoundationEssentials
import Glibc
import KioskCore
import KioskData
import KioskRender

/// `kiosk check`: validates every file of a data folder, as staff would want it before a reload.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate every file of a data folder (exit 1 on errors).")
    @OptionGroup var common: CommonOptions

    func run() throws {
        var content = try ContentLoading.load(common)
        // Headers were checked while loading; a photo cut off mid-copy shows only when decoded.
        let limits = PictureLimits(content.settings)
        for album in content.albums {
            for photo in album.photos {
                let path = PathText.appending(photo.path, to: content.dataFolder)
                if let problem = PictureCheck.problem(path: path, limits: limits) {
                    content.problems.append(Problem(path: photo.path, severity: .error, message: problem + "; not shown"))
                }
            }
        }
        for problem in content.problems { print(problem) }
        fflush(stdout)   // the problems first, then the summary on standard error
        let errors = content.problems.filter { $0.severity == .error }.count
        let warnings = content.problems.count - errors
        let photos = content.allPhotos.count
        StandardErrorLines.write("\(content.dataFolder): \(content.honours.count) honours, \(photos) photos in "
            + "\(content.albums.count) albums, \(content.ticker.count) headlines; \(errors) errors, \(warnings) warnings\n")
        if errors > 0 { throw ExitCode(1) }
    }
}

/// `kiosk visitors`: the six counter figures as JSON, exactly as the screen shows them.
struct VisitorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "visitors", abstract: "Print the six visitor figures as JSON.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The instant to count at (ISO-8601; default: now).") var at: String?

    func run() throws {
        let content = try ContentLoading.load(common)
        let timeZone = content.settings.displayTimeZone
        let now = try at.map { try InstantArgument.parse($0, timeZone: timeZone) } ?? Date()
        // The same function the counter panel draws from.
        print(JSONText.figures(CounterPanel.figures(content, at: now)))
    }
}

/// `kiosk honours`: the honour roll in display order as JSON lines, filtered as the screen filters.
struct HonoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "honours", abstract: "Print the honour roll in display order as JSON lines.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Only recipients whose name, unit, title or award contains these words (accents and case ignored).") var search: String?
    @Option(help: "Only this kind: individual (cá nhân) or collective (tập thể).") var kind: String?
    @Option(help: "Only awards of this year.") var year: Int?
    @Option(help: "Only this type of award, as on the screen's chips (e.g. \"Bằng khen\").") var award: String?

    func run() throws {
        let content = try ContentLoading.load(common)
        var query = HonourQuery(search: search ?? "", year: year)
        if let kind {
            guard let parsed = HonourRollParser.parseKind(kind) else {
                throw ValidationError("--kind \(kind): use individual (cá nhân) or collective (tập thể)")
            }
            query.kind = parsed
        }
        if let award {
            // The chips' own spelling, matched as the search matches: accents and case ignored.
            let wanted = SearchKey.fold(award)
            guard let type = content.catalog.allAwardTypes.first(where: { SearchKey.fold($0) == wanted }) else {
                throw ValidationError("--award \(award): the honour roll has these types: \(content.catalog.allAwardTypes.joined(separator: ", "))")
            }
            query.awardType = type
        }
        // The screen's own query over the screen's own order.
        let catalog = content.catalog
        var out = ""
        for index in catalog.matches(query) {
            out += JSONText.honour(catalog.honours[index]) + "\n"
        }
        print(out, terminator: "")
    }
}
