import Foundation
import KioskCore
import Testing
@testable import KioskData

private func parse(_ text: String) -> (settings: Settings, problems: [Problem], usable: Bool) {
    SettingsParser.parse(data: Data(text.utf8), path: "kiosk.toml")
}

/// The problems as `kiosk check` prints them.
private func messages(_ text: String) -> [String] { parse(text).problems.map(\.description) }

/// The hours a text gives, as the file would write them, or the failure's message.
private func hours(_ text: String) -> String {
    switch HoursText.parse(text) {
    case .success(let hours): return hours.description
    case .failure(let failure): return "✗ " + failure.message
    }
}

private let example = """
[schedule]
# Chế độ ban đêm
night = "18:30-06:00"
off = "22:00-06:00"
off_command = "cec-ctl --to 0 --standby"
on_command = "cec-ctl --to 0 --image-view-on"
playlist = [ { scene = "lobby", seconds = 60 }, { scene = "gallery", seconds = 30 }, { scene = "counter", seconds = 15 } ]

[schedule.opening]          # per weekday; outside these hours the screen is off
weekdays = "07:00-17:30"    # Monday to Friday
saturday = "07:30-11:30"
sunday = "closed"
"""

@Suite struct ScheduleParserTests {
    @Test func theExampleGivesTheWholeSchedule() {
        let outcome = parse(example)
        #expect(outcome.usable && outcome.problems.isEmpty, "\(outcome.problems)")
        var expected = ScheduleSettings()
        expected.night = DailyHours([HoursRange(18, 30, 6, 0)])
        expected.off = DailyHours([HoursRange(22, 0, 6, 0)])
        expected.offCommand = "cec-ctl --to 0 --standby"
        expected.onCommand = "cec-ctl --to 0 --image-view-on"
        expected.playlist = [PlaylistStep(scene: .lobby, seconds: 60), PlaylistStep(scene: .gallery, seconds: 30),
                             PlaylistStep(scene: .counter, seconds: 15)]
        var week = WeeklyHours()
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { week[day] = DailyHours([HoursRange(7, 0, 17, 30)]) }
        week[.saturday] = DailyHours([HoursRange(7, 30, 11, 30)])
        expected.opening = week
        #expect(outcome.settings.schedule == expected)
        // The rest of the settings keep their defaults.
        var rest = outcome.settings
        rest.schedule = ScheduleSettings()
        #expect(rest == Settings())
    }

    @Test func noScheduleTableIsAnEmptySchedule() {
        #expect(parse("slide_seconds = 5\n").settings.schedule.isEmpty)
        #expect(parse("[schedule]\n").settings.schedule.isEmpty)
        #expect(messages("[schedule]\n").isEmpty)
    }

    @Test(arguments: [
        ("07:00-17:30", "07:00-17:30"),
        ("7:00-17:30", "07:00-17:30"),
        ("07:00–17:30", "07:00-17:30"),            // en dash, as word processors write it
        ("07:00 — 17:30", "07:00-17:30"),
        ("7h30-17h", "07:30-17:00"),               // as Vietnamese notices write times
        ("7-17", "07:00-17:00"),
        ("07:00-11:30, 13:30-17:00", "07:00-11:30, 13:30-17:00"),
        ("07:00-11:30; 13:30-17:00,", "07:00-11:30, 13:30-17:00"),
        ("18:30-06:00", "18:30-06:00"),
        ("18:00-24:00", "18:00-24:00"),
        ("18:00-00:00", "18:00-24:00"),            // midnight as an end is 24:00
        ("00:00-24:00", "00:00-24:00"),
        ("all day", "00:00-24:00"), ("All Day", "00:00-24:00"), ("cả ngày", "00:00-24:00"),
        ("closed", "closed"), ("Nghỉ", "closed"), ("", "closed"),
    ])
    func hoursAsStaffWriteThem(text: String, read: String) {
        #expect(hours(text) == read)
    }

    @Test(arguments: [
        ("25:00-06:00", "✗ 25:00 is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30)"),
        ("07:00-7:5", "✗ 7:5 is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30)"),
        ("07:60-08:00", "✗ 07:60 is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30)"),
        ("24:30-06:00", "✗ 24:30 is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30)"),
        ("07:00-07:00", "✗ 07:00-07:00 starts and ends at the same time (for the whole day write \"all day\")"),
        ("00:00-00:00", "✗ 00:00-00:00 starts and ends at the same time (for the whole day write \"all day\")"),
        ("24:00-06:00", "✗ 24:00-06:00: 24:00 can only end a range"),
        ("07:00", "✗ 07:00 needs a start and an end, such as 07:00-17:30"),
        ("07:00-", "✗ hours must be written like \"07:00-17:30\", \"07:00-11:30, 13:30-17:00\", \"all day\" or \"closed\""),
        ("sáng", "✗ hours must be written like \"07:00-17:30\", \"07:00-11:30, 13:30-17:00\", \"all day\" or \"closed\""),
        ("07:00-12:00-17:00", "✗ hours must be written like \"07:00-17:30\", \"07:00-11:30, 13:30-17:00\", \"all day\" or \"closed\""),
    ])
    func hoursThatAreNotHours(text: String, failure: String) {
        #expect(hours(text) == failure)
    }

    @Test func eachMistakeIsOneMessageWithItsLineAndTheRestIsKept() {
        let text = """
        [schedule]
        night = 18
        off = "25:00-06:00"
        off_command = "cec-ctl --to 0 --standby"
        on_command = ["cec-ctl"]
        playlist = [ { scene = "lobby", seconds = 60 }, { scene = "galery", seconds = 30 }, { scene = "counter", seconds = -3 } ]
        """
        #expect(messages(text) == [
            "kiosk.toml:2:1: error: night must be hours in quotes such as \"07:00-17:30\", not a whole number; no night hours are used",
            "kiosk.toml:3:1: error: off = \"25:00-06:00\": 25:00 is not a time of day from 00:00 to 24:00 (such as 07:00 or 17:30); no off hours are used",
            "kiosk.toml:5:1: error: on_command must be a shell command in quotes, not a list; no command is run",
            "kiosk.toml:6:51: error: playlist item 2: there is no scene \"galery\"; the scenes are lobby, honours, gallery and counter; it is left out",
            "kiosk.toml:6:106: error: playlist item 3: seconds must be from 5 to 86400 (a scene shown for under 5 s is only a flicker), not -3; it is left out",
        ])
        let schedule = parse(text).settings.schedule
        #expect(schedule.night.isEmpty && schedule.off.isEmpty && schedule.onCommand == nil)
        #expect(schedule.offCommand == "cec-ctl --to 0 --standby")
        #expect(schedule.playlist == [PlaylistStep(scene: .lobby, seconds: 60)])
    }

    @Test func startEqualToEndIsAnError() {
        let text = "[schedule]\noff = \"07:00-07:00\"\n"
        #expect(messages(text) == ["kiosk.toml:2:1: error: off = \"07:00-07:00\": 07:00-07:00 starts and ends at the same time (for the whole day write \"all day\"); no off hours are used"])
        #expect(parse(text).settings.schedule.off.isEmpty)
    }

    @Test func severalRangesGoInOneString() {
        #expect(messages("[schedule]\nnight = [\"18:00-20:00\", \"21:00-23:00\"]\n") == [
            "kiosk.toml:2:1: error: night must be hours in quotes such as \"07:00-17:30\", not a list (several ranges go in one string: \"07:00-11:30, 13:30-17:00\"); no night hours are used",
        ])
    }

    @Test func unknownKeysWarnAndAreIgnored() {
        let text = """
        [schedule]
        nigth = "18:30-06:00"
        off = "22:00-06:00"

        [schedule.opening]
        weekdays = "07:00-17:30"
        mondy = "08:00-12:00"
        """
        #expect(messages(text) == [
            "kiosk.toml:2:1: warning: unknown setting \"nigth\" in [schedule] is ignored",
            "kiosk.toml:7:1: warning: unknown day \"mondy\" in [schedule.opening] is ignored; the days are monday … sunday (or mon … sun), weekdays, weekend and every_day",
        ])
        let schedule = parse(text).settings.schedule
        #expect(schedule.off == DailyHours([HoursRange(22, 0, 6, 0)]) && schedule.night.isEmpty)
        #expect(schedule.opening?[.monday] == DailyHours([HoursRange(7, 0, 17, 30)]))
    }

    @Test func aSpecificDayOverridesItsGroupWhateverTheOrder() throws {
        let text = """
        [schedule.opening]
        Monday = "08:00-12:00"
        weekdays = "07:00-17:30"
        every_day = "09:00-10:00"
        t7 = "07:30-11:30"
        cn = "nghỉ"
        """
        let outcome = parse(text)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let week = try #require(outcome.settings.schedule.opening)
        #expect(week[.monday].description == "08:00-12:00")
        #expect(week[.tuesday].description == "07:00-17:30" && week[.friday].description == "07:00-17:30")
        #expect(week[.saturday].description == "07:30-11:30")
        #expect(week[.sunday].isEmpty)
        // every_day alone, and weekend beneath a day.
        let alone = parse("[schedule.opening]\nsat = \"08:00-09:00\"\nweekend = \"all day\"\nevery_day = \"07:00-19:00\"\n")
        let other = try #require(alone.settings.schedule.opening)
        #expect(other[.saturday].description == "08:00-09:00" && other[.sunday].description == "00:00-24:00")
        #expect(other[.wednesday].description == "07:00-19:00")
    }

    @Test func aDayNamedTwiceKeepsTheFirst() {
        let text = "[schedule.opening]\nmonday = \"08:00-12:00\"\nmon = \"09:00-12:00\"\n"
        #expect(messages(text) == ["kiosk.toml:3:1: error: mon sets monday again (monday on line 2 already does); this line is ignored"])
        #expect(parse(text).settings.schedule.opening?[.monday].description == "08:00-12:00")
    }

    @Test func aDayNotNamedIsClosedAndABadDayStaysOpenAllDay() throws {
        let text = "[schedule.opening]\nweekdays = \"07:00-17:30\"\nsaturday = \"7:30 đến 11:30\"\n"
        #expect(messages(text) == [
            "kiosk.toml:3:1: error: saturday = \"7:30 đến 11:30\": hours must be written like \"07:00-17:30\", \"07:00-11:30, 13:30-17:00\", \"all day\" or \"closed\"; the screen stays on all day on saturday",
        ])
        let week = try #require(parse(text).settings.schedule.opening)
        #expect(week[.saturday] == .allDay)   // a typo never darkens the screen
        #expect(week[.sunday].isEmpty)        // not named: closed
        // A bad group keeps its days on all day, but not a day named on its own.
        let group = parse("[schedule.opening]\nweekdays = 9\nfriday = \"07:00-12:00\"\n")
        #expect(group.problems.map(\.description) == [
            "kiosk.toml:2:1: error: weekdays must be hours in quotes such as \"07:00-17:30\", not a whole number; the screen stays on all day on monday to friday",
        ])
        #expect(group.settings.schedule.opening?[.monday] == .allDay && group.settings.schedule.opening?[.friday].description == "07:00-12:00")
    }

    @Test func openingWithNoOpenDayWarnsOnce() {
        #expect(messages("[schedule]\nnight = \"18:30-06:00\"\n\n[schedule.opening]\nsunday = \"closed\"\n") == [
            "kiosk.toml:4:1: warning: no day in [schedule.opening] has opening hours, so the screen stays off all week; give the open days their hours, such as weekdays = \"07:00-17:30\"",
        ])
        #expect(messages("[schedule.opening]\n").count == 1)
        // One open day is enough, even a short one.
        #expect(messages("[schedule.opening]\nsunday = \"09:00-09:30\"\n").isEmpty)
    }

    @Test func offHoursThatNeverLetTheScreenOnWarn() {
        #expect(messages("[schedule]\noff = \"all day\"\n") == [
            "kiosk.toml:2:1: warning: off = \"00:00-24:00\" covers the whole day, so the screen never turns on",
        ])
        #expect(messages("[schedule]\noff = \"06:00-18:00\"\n[schedule.opening]\nevery_day = \"07:00-17:00\"\n") == [
            "kiosk.toml:2:1: warning: off = \"06:00-18:00\" covers all the opening hours, so the screen never turns on",
        ])
    }

    @Test func openingOrScheduleThatIsNotATable() {
        let text = "[schedule]\nnight = \"18:30-06:00\"\nopening = \"07:00-17:30\"\n"
        #expect(messages(text) == [
            "kiosk.toml:3:1: error: opening must be its own table: a line [schedule.opening] with lines such as weekdays = \"07:00-17:30\" below it, not a string; the screen keeps no opening hours",
        ])
        #expect(parse(text).settings.schedule.opening == nil && !parse(text).settings.schedule.night.isEmpty)
        #expect(messages("language = \"en\"\nschedule = \"evenings\"\n") == [
            "kiosk.toml:2:1: error: schedule must be a table: a line [schedule] with the schedule's keys below it; no schedule is used",
        ])
        #expect(parse("language = \"en\"\nschedule = 1\n").settings.language == .en)
        // An inline table is a table too.
        #expect(parse("schedule = { night = \"18:30-06:00\" }\n").settings.schedule.night.description == "18:30-06:00")
    }

    @Test func playlistItemsInBothForms() {
        let text = "[schedule]\nplaylist = [\"lobby 60\", \"Gallery 30s\", { scene = \"counter\", seconds = 7.5 }]\n"
        let outcome = parse(text)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.settings.schedule.playlist == [PlaylistStep(scene: .lobby, seconds: 60), PlaylistStep(scene: .gallery, seconds: 30),
                                                        PlaylistStep(scene: .counter, seconds: 7.5)])
    }

    @Test func aBadPlaylistItemIsOneMessageAndLeftOut() {
        let text = """
        [schedule]
        playlist = [
          "gallery",
          { scene = "lobby" },
          "lobby 60",
          42,
          "counter 2",
          { scene = "honours", seconds = 20, album = "x" },
        ]
        """
        let form = "must be { scene = \"gallery\", seconds = 30 } or \"gallery 30\"; it is left out"
        #expect(messages(text) == [
            "kiosk.toml:2:1: error: playlist item 1 \(form)",
            "kiosk.toml:2:1: error: playlist item 4 \(form)",
            "kiosk.toml:2:1: error: playlist item 5: seconds must be from 5 to 86400 (a scene shown for under 5 s is only a flicker), not 2; it is left out",
            "kiosk.toml:4:5: error: playlist item 2 \(form)",
            "kiosk.toml:8:38: warning: playlist item 6: unknown key \"album\" is ignored",
        ])
        #expect(parse(text).settings.schedule.playlist == [PlaylistStep(scene: .lobby, seconds: 60), PlaylistStep(scene: .honours, seconds: 20)])
    }

    @Test func emptyOrWrongPlaylist() {
        #expect(messages("[schedule]\nplaylist = []\n").isEmpty)
        #expect(parse("[schedule]\nplaylist = []\n").settings.schedule.isEmpty)
        #expect(messages("[schedule]\nplaylist = \"lobby 60\"\n") == [
            "kiosk.toml:2:1: error: playlist must be a list such as [ { scene = \"lobby\", seconds = 60 }, { scene = \"gallery\", seconds = 30 } ], not a string; no playlist is used",
        ])
        let tooLong = parse("[schedule]\nplaylist = [\"lobby 86401\", \"gallery nan\", \"gallery 5\"]\n")
        #expect(tooLong.problems.count == 2)
        #expect(tooLong.settings.schedule.playlist == [PlaylistStep(scene: .gallery, seconds: 5)])
    }

    @Test func commandsAreTrimmedAndEmptyMeansNone() {
        let schedule = parse("[schedule]\noff_command = \"  vcgencmd display_power 0 \"\non_command = \"\"\n").settings.schedule
        #expect(schedule.offCommand == "vcgencmd display_power 0" && schedule.onCommand == nil)
    }

    @Test func scheduleProblemsComeInFileOrderWithTheOthers() {
        let text = """
        language = "fr"
        [schedule]
        playlist = ["lobby 1"]
        night = "nope"
        [schedule.opening]
        weekdays = "07:00-17:30"
        sunday = "25:00-26:00"
        """
        let outcome = parse(text)
        #expect(outcome.usable)
        #expect(outcome.problems.map { $0.line ?? 0 } == [1, 3, 4, 7], "\(outcome.problems)")
    }

    /// The schedule keys that are times without quotes are TOML syntax errors, reported with a place.
    @Test func unquotedHoursAreASyntaxErrorWithAPlace() {
        let outcome = parse("[schedule]\nnight = 18:30-06:00\n")
        #expect(!outcome.usable && outcome.problems.count == 1 && outcome.problems[0].line == 2)
        // A TOML local time is a value, but not hours.
        #expect(messages("[schedule]\nnight = 18:30:00\n") == [
            "kiosk.toml:2:1: error: night must be hours in quotes such as \"07:00-17:30\", not a date or time; no night hours are used",
        ])
    }
}
