import Foundation
import KioskData

// MARK: - schedule

/// `text` as a TOML basic string, quotes included: what the fuzzer writes between the quotes
/// reaches the schedule parser as is, whatever characters it holds.
func tomlString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\t": out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// The day keys of [schedule.opening], with spellings that clash (monday/mon) and overlap
/// (weekdays/friday), so the fuzzer meets the precedence rules.
let openingKeys = ["monday", "mon", "tuesday", "wed", "thursday", "friday", "saturday", "sun", "weekdays", "weekend",
                   "every_day", "daily", "holiday"]

/// The `[schedule]` table of kiosk.toml (ScheduleParser, HoursText). The settings target reaches it
/// only when the fuzzer keeps the TOML intact, so here the first byte picks what the rest is:
/// 0 the body of [schedule] as TOML; 1 the text of `night` and, after a line break, `off`;
/// 2 lines of [schedule.opening], each line's first character picking its day key;
/// 3 the items of `playlist`, one a line. In forms 1 to 3 the file is valid TOML, so it must be
/// read, and its problems point at its lines; the schedule keeps its invariants (checkSchedule).
func fuzzSchedule(_ data: Data) {
    guard let form = data.first else { return }
    let text = String(decoding: data.dropFirst(), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var toml: String
    switch form % 4 {
    case 0:
        toml = "[schedule]\n" + text
    case 1:
        toml = "[schedule]\nnight = \(tomlString(lines[0]))\n"
        if lines.count > 1 { toml += "off = \(tomlString(lines[1...].joined(separator: "\n")))\n" }
    case 2:
        toml = "[schedule.opening]\n"
        var used = Set<String>()
        for line in lines {
            let key = openingKeys[Int(line.unicodeScalars.first?.value ?? 0) % openingKeys.count]
            guard used.insert(key).inserted else { continue }   // a key twice is a TOML error, not a schedule one
            toml += "\(key) = \(tomlString(String(line.unicodeScalars.dropFirst())))\n"
        }
    default:
        toml = "[schedule]\nplaylist = [" + lines.map(tomlString).joined(separator: ", ") + "]\n"
    }
    let path = "kiosk.toml"
    let file = Data(toml.utf8)
    let outcome = SettingsParser.parse(data: file, path: path)
    checkProblems(outcome.problems, path: path, data: file, "schedule")
    let schedule = outcome.settings.schedule
    if form % 4 != 0 {
        check(outcome.usable, "schedule: valid TOML refused: \(outcome.problems)\n\(toml)")
        check(outcome.problems.allSatisfy { ($0.line ?? 0) >= 1 && ($0.line ?? 0) <= toml.split(separator: "\n").count + 1 },
              "schedule: a problem outside the file's lines: \(outcome.problems)")
    }
    if form % 4 == 3 {
        check(schedule.playlist.count <= lines.count, "schedule: \(schedule.playlist.count) steps from \(lines.count) items")
    }
    checkSchedule(schedule)
    let again = SettingsParser.parse(data: file, path: path)
    check(again.settings == outcome.settings && again.problems == outcome.problems, "schedule: a second parse of the same bytes differs")
}
