import FoundationEssentials
import Glibc
import KioskCore

/// Reads an honour-roll CSV as office staff export it from a spreadsheet.
///
/// A row with an error is skipped and reported; the other rows load. A file whose header lacks
/// a required column loads nothing (every row would be misread) and says which is missing.
public enum HonourRollParser {
    enum Field: Hashable, CaseIterable {
        case name, kind, award, date, awardedBy, title, unit, citation, photo
    }

    static let headerNames: [Field: [String]] = [
        .name: ["name", "họ và tên", "họ tên", "tên"],
        .kind: ["kind", "loại", "đối tượng"],
        .award: ["award", "hình thức khen thưởng", "hình thức", "danh hiệu"],
        .date: ["date", "ngày", "ngày khen", "năm"],
        .awardedBy: ["awarded_by", "awarded by", "cấp khen", "cơ quan khen"],
        .title: ["title", "chức vụ"],
        .unit: ["unit", "đơn vị"],
        .citation: ["citation", "thành tích"],
        .photo: ["photo", "ảnh", "hình"],
    ]
    static let required: [Field] = [.name, .kind, .award, .date]

    /// Whether the file itself was usable (its header had every required column).
    public struct Outcome: Sendable {
        public var honours: [Honour]
        public var problems: [Problem]
        /// False when the whole file was refused (encoding, quoting, missing columns).
        public var usable: Bool
    }

    public static func parse(data: Data, path: String) -> Outcome {
        let csv = CSVReader.read(data, path: path)
        if !csv.problems.isEmpty { return Outcome(honours: [], problems: csv.problems, usable: false) }
        if let cut = CSVReader.cutShortProblem(csv.records, path: path) { return Outcome(honours: [], problems: [cut], usable: false) }
        guard let header = csv.records.first else {
            return Outcome(honours: [], problems: [Problem(path: path, line: 1, severity: .error, message: "the file is empty (no header line)")], usable: false)
        }
        var problems: [Problem] = []
        let fields = HeaderMatching.map(header.fields, names: headerNames)
        for (index, field) in fields.enumerated() where field == nil && !header.fields[index].isEmpty {
            problems.append(Problem(path: path, line: header.line, column: header.column(index), severity: .warning,
                                    message: "unknown column \"\(header.fields[index])\" is ignored"))
        }
        var columnOf: [Field: Int] = [:]
        for (index, field) in fields.enumerated() { if let field, columnOf[field] == nil { columnOf[field] = index } }
        let missing = required.filter { columnOf[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { headerNames[$0]![0] + " (" + headerNames[$0]![1] + ")" }.joined(separator: ", ")
            problems.append(Problem(path: path, line: header.line, severity: .error, message: "missing required column: \(names)"))
            return Outcome(honours: [], problems: problems, usable: false)
        }

        var honours: [Honour] = []
        for record in csv.records.dropFirst() {
            func value(_ field: Field) -> String {
                guard let index = columnOf[field], index < record.fields.count else { return "" }
                return record.fields[index]
            }
            func problem(_ field: Field, _ message: String, _ severity: Severity = .error) -> Problem {
                Problem(path: path, line: record.line, column: record.column(columnOf[field] ?? 0), severity: severity, message: message)
            }
            let name = value(.name), award = value(.award)
            if name.isEmpty { problems.append(problem(.name, "row has no name; skipped")); continue }
            if award.isEmpty { problems.append(problem(.award, "\(name): no award; skipped")); continue }
            guard let kind = parseKind(value(.kind)) else {
                problems.append(problem(.kind, "\(name): kind \"\(value(.kind))\" is neither individual (cá nhân) nor collective (tập thể); skipped"))
                continue
            }
            guard let date = DateField.parse(value(.date)) else {
                problems.append(problem(.date, "\(name): date \"\(value(.date))\" is not YYYY-MM-DD, DD/MM/YYYY or a year; skipped"))
                continue
            }
            var photo: String? = value(.photo)
            if let given = photo, given.isEmpty { photo = nil }
            if let given = photo, !DataPath.isSafeRelative(given) {
                problems.append(problem(.photo, "\(name): photo path \"\(given)\" must be relative and stay inside the data folder"))
                photo = nil
            }
            honours.append(Honour(name: name, kind: kind, award: award, date: date, awardedBy: value(.awardedBy),
                                  title: value(.title), unit: value(.unit), citation: value(.citation), photo: photo,
                                  source: SourceLocation(path: path, line: record.line)))
        }
        return Outcome(honours: honours, problems: problems, usable: true)
    }

    /// A kind as people write it: English or Vietnamese, with or without accents.
    public static func parseKind(_ text: String) -> HonourKind? {
        switch HeaderMatching.key(text) {
        case "individual", "canhan", "person", "personal": return .individual
        case "collective", "tapthe", "organisation", "organization", "group", "unit": return .collective
        default: return nil
        }
    }
}

/// Dates as the honour roll writes them: `YYYY-MM-DD`, `DD/MM/YYYY` (or `D/M/YYYY`), or a year.
public enum DateField {
    public static func parse(_ text: String) -> HonourDate? {
        let t = text.trimmingSpace(newlines: false)
        if t.count == 4, let year = Int(t), (1900...2200).contains(year) { return HonourDate(year: year) }
        let dashed = t.split(separator: "-", omittingEmptySubsequences: false)
        if dashed.count == 3, dashed[0].count == 4, let y = Int(dashed[0]), let m = Int(dashed[1]), let d = Int(dashed[2]) {
            return valid(y, m, d)
        }
        let slashed = t.split(separator: "/", omittingEmptySubsequences: false)
        if slashed.count == 3, slashed[2].count == 4, let d = Int(slashed[0]), let m = Int(slashed[1]), let y = Int(slashed[2]) {
            return valid(y, m, d)
        }
        return nil
    }

    static func valid(_ y: Int, _ m: Int, _ d: Int) -> HonourDate? {
        guard (1900...2200).contains(y), (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days ? HonourDate(year: y, month: m, day: d) : nil
    }
}

/// Paths named inside data files: relative, no `..`, so they cannot lead outside the folder.
public enum DataPath {
    public static func isSafeRelative(_ path: String) -> Bool {
        // On bytes, as the file system sees the path: String comparison works on Characters, and
        // a combining mark after a `/` or NUL (`../\u{301}x.jpg`) glues them into one Character
        // that no longer equals "/", so such a path used to pass (found by Fuzz/).
        let bytes = Array(path.utf8)
        guard let first = bytes.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "~"),
              !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return false }
        return !bytes.split(separator: UInt8(ascii: "/")).contains { $0.elementsEqual("..".utf8) }
    }

    /// The real location of `relative` under `root`, or nil when it does not exist or a
    /// symbolic link leads outside the root.
    public static func resolveInside(root: String, relative: String) -> String? {
        guard isSafeRelative(relative) else { return nil }
        let candidate = PathText.appending(relative, to: root)
        guard let real = realpath(candidate, nil), let realRoot = realpath(root, nil) else { return nil }
        defer { free(real); free(realRoot) }
        let resolved = String(cString: real), base = String(cString: realRoot)
        return resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/") ? candidate : nil
    }
}
