import Foundation
import KioskCore
import Testing
@testable import KioskData

@Suite struct SmallFileParserTests {
    @Test func tickerSkipsBlankAndCommentLines() {
        let outcome = TickerParser.parse(data: Data("# comment\nTin một\n\n  Tin hai  \r\n#x\n".utf8), path: "ticker.txt")
        #expect(outcome.headlines == ["Tin một", "Tin hai"])
    }

    @Test func tickerInUTF16() {
        #expect(TickerParser.parse(data: utf16("Tin nóng\n", bigEndian: false), path: "ticker.txt").headlines == ["Tin nóng"])
    }

    @Test func captionsGiveOrderAndText() {
        let outcome = CaptionsParser.parse(data: Data("file,caption,credit\nb.jpg,\"Khai mạc, phát biểu\",Ảnh: An\na.jpg,Bế mạc,\n".utf8),
                                           path: "gallery/A/captions.csv")
        #expect(outcome.problems.isEmpty)
        #expect(outcome.entries["b.jpg"] == CaptionsParser.Entry(caption: "Khai mạc, phát biểu", credit: "Ảnh: An", order: 0))
        #expect(outcome.entries["a.jpg"]?.order == 1)
    }

    @Test func captionsRefuseAPath() {
        let outcome = CaptionsParser.parse(data: Data("file,caption\n../x.jpg,Hi\n".utf8), path: "gallery/A/captions.csv")
        #expect(outcome.entries.isEmpty)
        #expect(outcome.problems.first?.description.hasPrefix("gallery/A/captions.csv:2:1: error:") == true)
    }

    @Test func settingsGood() {
        let outcome = SettingsParser.parse(data: Data("""
        organisation = "Hội hữu nghị"
        language = "en"
        time_zone = "Europe/Berlin"
        slide_seconds = 5
        crossfade_seconds = 0.5
        first_weekday = "sunday"
        """.utf8), path: "kiosk.toml")
        #expect(outcome.problems.isEmpty)
        #expect(outcome.settings.organisationName == "Hội hữu nghị")
        #expect(outcome.settings.language == .en && outcome.settings.timeZone == "Europe/Berlin")
        #expect(outcome.settings.slideSeconds == 5 && outcome.settings.crossfadeSeconds == 0.5 && outcome.settings.firstWeekday == 1)
    }

    @Test func settingsSyntaxErrorHasLineAndColumn() {
        let outcome = SettingsParser.parse(data: Data("language = \"vi\"\nslide_seconds = = 3\n".utf8), path: "kiosk.toml")
        #expect(!outcome.usable)
        #expect(outcome.problems.first?.line == 2)
        #expect(outcome.problems.first?.column != nil)
    }

    /// Found by fuzzing: each of these aborted the whole process inside TOMLKit's toml++.
    @Test(arguments: [("[#", "1:2"), ("o=1979-05-27T:", "1:14"), ("b=[}", "1:4"), ("[", "1:2"), ("[é]", "1:2"),
                      ("slide_seconds = 8\n[[a]]\nx = {b=[1,}", "3:11")])
    func settingsThatOnceCrashedAreOneErrorWithAPlace(text: String, place: String) {
        let outcome = SettingsParser.parse(data: Data(text.utf8), path: "kiosk.toml")
        #expect(!outcome.usable && outcome.settings == Settings())
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == place, "\(outcome.problems)")
    }

    /// Found by fuzzing: `now_window_minutes = 1e300` trapped converting to Int.
    @Test func settingsOutOfRangeKeepTheDefaultsAndComeInFileOrder() {
        let text = "now_window_minutes = 1e300\nslide_seconds = 0\nticker_speed = nan\nhighlight_seconds = inf\ncrossfade_seconds = 3601\n"
        let outcome = SettingsParser.parse(data: Data(text.utf8), path: "kiosk.toml")
        #expect(outcome.usable && outcome.settings == Settings())
        #expect(outcome.problems.map { $0.line ?? 0 } == [1, 2, 3, 4, 5])
        #expect(outcome.problems.first?.message == "now_window_minutes must be greater than 0 and at most 1440; the default is kept")
    }

    /// An idle time of 0 would send every visitor home between two touches.
    @Test func idleSecondsTooShortForAVisitorIsRefused() {
        let outcome = SettingsParser.parse(data: Data("idle_seconds = 0\n".utf8), path: "kiosk.toml")
        #expect(outcome.settings.idleSeconds == Settings().idleSeconds)
        #expect(outcome.problems.map(\.description) == ["kiosk.toml:1:1: error: idle_seconds must be greater than 4 and at most 86400; the default is kept"])
        #expect(SettingsParser.parse(data: Data("idle_seconds = 30\n".utf8), path: "kiosk.toml").settings.idleSeconds == 30)
    }

    @Test func settingsValueOfTheWrongTypeNamesKeyLineAndColumn() {
        let outcome = SettingsParser.parse(data: Data("# Cài đặt\n  slide_seconds = \"8\"\n".utf8), path: "kiosk.toml")
        #expect(outcome.usable)
        #expect(outcome.problems.map(\.description) == ["kiosk.toml:2:3: error: slide_seconds must be a number, not a string; the default is kept"])
    }

    @Test func settingsBadValueKeepsTheDefaultAndNamesTheLine() {
        let outcome = SettingsParser.parse(data: Data("language = \"fr\"\n\nslide_seconds = -1\ncolour = 3\n".utf8), path: "kiosk.toml")
        #expect(outcome.usable)
        #expect(outcome.settings.language == .vi && outcome.settings.slideSeconds == Settings().slideSeconds)
        #expect(outcome.problems.map { "\($0.line!) \($0.severity)" } == ["1 error", "3 error", "4 warning"])
    }

    /// Found by the fuzzer (Fuzz/corpus/counter/too-large-numbers.json): with several numbers too
    /// large for a Double, Foundation named one or another from parse to parse. The message names
    /// the first, with where it is, every time.
    @Test func aNumberTooLargeIsReportedWhereItIsEveryTime() {
        let data = Data("{\"today\": 1,\n  \"year\": 1e19102,\n  \"week\": 2e19120}".utf8)
        let first = CounterSnapshotParser.parse(data: data, path: "visitors/counter.json")
        #expect(first.figures == nil)
        #expect(first.problems.map(\.description) == ["visitors/counter.json:2:11: error: not valid JSON: the number 1e19102 is too large"])
        for _ in 0..<20 { #expect(CounterSnapshotParser.parse(data: data, path: "visitors/counter.json").problems == first.problems) }
    }

    @Test func counterSnapshotSyntaxErrorHasLineAndColumn() {
        let outcome = CounterSnapshotParser.parse(data: Data("{\"now\": 1,\n  \"today\": x2}".utf8), path: "visitors/counter.json")
        #expect(outcome.figures == nil)
        #expect(outcome.problems.first.map { "\($0.path):\($0.line ?? 0):\($0.column ?? 0)" } == "visitors/counter.json:2:12")
    }

    @Test func counterSnapshot() {
        let good = CounterSnapshotParser.parse(data: Data(#"{"now":1,"today":2,"week":3,"month":4,"year":5,"total":6}"#.utf8), path: "c.json")
        #expect(good.figures == VisitorFigures(now: 1, today: 2, week: 3, month: 4, year: 5, total: 6))
        let bad = CounterSnapshotParser.parse(data: Data("{\"now\":1,\n\"today\":-2}".utf8), path: "c.json")
        #expect(bad.figures == nil)
        #expect(bad.problems.contains { $0.line == 2 && $0.message.contains("today") })
        #expect(CounterSnapshotParser.parse(data: Data("{".utf8), path: "c.json").problems.count == 1)
    }

    /// Found by fuzzing: 1e19 passed the checks and Int's conversion wrapped it to a negative count.
    @Test(arguments: ["1e19", "9223372036854775808", "1000000000000001", "true", "false", "2.5", "\"7\"", "null"])
    func counterFigureOutOfRangeOrNotANumberIsAnError(figure: String) {
        let json = "{\"now\":\(figure),\"today\":2,\"week\":3,\"month\":4,\"year\":5,\"total\":6}"
        let outcome = CounterSnapshotParser.parse(data: Data(json.utf8), path: "c.json")
        #expect(outcome.figures == nil)
        #expect(outcome.problems.map(\.message) == ["\"now\" must be a whole number from 0 to 1000000000000000"])
    }

    @Test func counterFigureAtTheCapAndWrittenAsAFloatIsRead() {
        let json = #"{"now":1e15,"today":2.0,"week":3,"month":4,"year":5,"total":1000000000000000}"#
        let outcome = CounterSnapshotParser.parse(data: Data(json.utf8), path: "c.json")
        #expect(outcome.figures == VisitorFigures(now: 1_000_000_000_000_000, today: 2, week: 3, month: 4, year: 5,
                                                  total: 1_000_000_000_000_000))
    }

    @Test func temporaryNames() {
        for name in [".honours.csv.swp", "honours.csv~", "4913", ".~lock.honours.csv#", ".syncthing.honours.csv.tmp",
                     "~syncthing~honours.csv.tmp", ".honours.csv.Xy12Ab", "photo.jpg.part", "export.tmp", ".hidden"] {
            #expect(TemporaryNames.isIgnored(name), "\(name)")
        }
        for name in ["honours.csv", "01.jpg", "ticker.txt", "Hội nghị 2024", "entrance.log"] {
            #expect(!TemporaryNames.isIgnored(name), "\(name)")
        }
    }
}

@Suite struct VisitorLogParserTests {
    func parse(_ text: String) -> VisitorLogParser.Outcome {
        VisitorLogParser.parse(data: Data(text.utf8), path: "visitors/a.log", timeZone: hanoi)
    }

    func minute(_ iso: String) -> Int64 { Int64(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 / 60) }

    @Test func timestampForms() {
        let outcome = parse("""
        2024-06-11T09:30:00+07:00
        2024-06-11T02:31:00Z in 2
        2024-06-11 09:32:00+0700 3
        2024-06-11T09:33:15.250+07:00 in
        2024-06-11T09:34
        2024-06-11 09:35:00

        """)
        #expect(outcome.problems.isEmpty)
        let expected: [Int64: Int] = [
            minute("2024-06-11T02:30:00Z"): 1, minute("2024-06-11T02:31:00Z"): 2, minute("2024-06-11T02:32:00Z"): 3,
            minute("2024-06-11T02:33:00Z"): 1, minute("2024-06-11T02:34:00Z"): 1, minute("2024-06-11T02:35:00Z"): 1,
        ]
        #expect(outcome.ledger.inByMinute == expected)
        #expect(outcome.ledger.hasDirections)
    }

    @Test func outEventsAndOccupancy() {
        let outcome = parse("2024-06-11T08:00:00+07:00 in 5\n2024-06-11T09:00:00+07:00 out 2\n")
        let figures = outcome.ledger.figures(at: ISO8601DateFormatter().date(from: "2024-06-11T10:00:00+07:00")!, timeZone: hanoi)
        #expect(figures.now == 3 && figures.today == 5)
    }

    @Test func badLinesAreReportedAndSkipped() {
        let outcome = parse("2024-06-11T08:00:00+07:00 in 5\nhello\n2024-02-30T08:00:00Z\n2024-06-11T08:00:00Z sideways\n2024-06-11T08:00:00Z in 0\n")
        #expect(outcome.ledger.inByMinute.values.reduce(0, +) == 5)
        #expect(outcome.problems.map(\.line) == [2, 3, 4, 5])
        #expect(outcome.problems[0].description.hasPrefix("visitors/a.log:2:1: error:"))
        #expect(outcome.problems[2].column == 22)
    }

    @Test func aPartialLastLineWaitsForItsNewline() {
        let outcome = parse("2024-06-11T08:00:00+07:00 in 5\n2024-06-11T08:01:00+07:00 in 7")
        #expect(outcome.ledger.inByMinute.values.reduce(0, +) == 5)
        #expect(outcome.consumedBytes == "2024-06-11T08:00:00+07:00 in 5\n".utf8.count)
    }

    @Test func civilDays() {
        #expect(CivilDays.from(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDays.from(year: 2000, month: 3, day: 1) == 11017)
        #expect(CivilDays.from(year: 2024, month: 6, day: 11) == 19885)
    }
}
