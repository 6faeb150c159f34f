import ArgumentParser
import Foundation
import KioskCore
import KioskData

/// `kiosk check`: validates every file of a data folder, as staff would want it before a reload.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate every file of a data folder (exit 1 on errors).")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let content = try ContentLoading.load(common)
        for problem in content.problems { print(problem) }
        fflush(stdout)   // the problems first, then the summary on standard error
        let errors = content.problems.filter { $0.severity == .error }.count
        let warnings = content.problems.count - errors
        let photos = content.albums.reduce(0) { $0 + $1.photos.count }
        FileHandle.standardError.write(Data(("\(content.dataFolder): \(content.honours.count) honours, \(photos) photos in "
            + "\(content.albums.count) albums, \(content.ticker.count) headlines; \(errors) errors, \(warnings) warnings\n").utf8))
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
        let timeZone = TimeZone(identifier: content.settings.timeZone) ?? TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let now = try at.map { try InstantArgument.parse($0, timeZone: timeZone) } ?? Date()
        // The same function the counter panel draws from.
        print(JSONText.figures(CounterPanel.figures(content, at: now)))
    }
}

/// `kiosk honours`: the honour roll in display order as JSON lines, filtered as the screen filters.
struct HonoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "honours", abstract: "Print the honour roll in display order as JSON lines.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Only recipients whose name, unit or award contains this text (accents and case ignored).") var search: String?
    @Option(help: "Only this kind: individual (cá nhân) or collective (tập thể).") var kind: String?
    @Option(help: "Only awards of this year.") var year: Int?

    func run() throws {
        let content = try ContentLoading.load(common)
        var kindFilter: HonourKind?
        if let kind {
            guard let parsed = HonourRollParser.parseKind(kind) else {
                throw ValidationError("--kind \(kind): use individual (cá nhân) or collective (tập thể)")
            }
            kindFilter = parsed
        }
        let needle = search.map(SearchKey.fold) ?? ""
        for honour in HonourOrder.newestFirst(content.honours) {
            if let kindFilter, honour.kind != kindFilter { continue }
            if let year, honour.date.year != year { continue }
            if !needle.isEmpty && ![honour.name, honour.unit, honour.award].contains(where: { SearchKey.fold($0).contains(needle) }) { continue }
            print(JSONText.honour(honour))
        }
    }
}
