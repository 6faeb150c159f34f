import FoundationEssentials

/// Whether a recipient of an award is a person or an organisation.
public enum HonourKind: String, Sendable, Codable, CaseIterable {
    /// A person (cá nhân).
    case individual
    /// An organisation, a unit, a branch (tập thể).
    case collective
}

/// A calendar date as written in the honour roll: a full day or just a year.
public struct HonourDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1…12, nil when only the year is known.
    public var month: Int?
    /// 1…31, nil when only the year (or year and month) is known.
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year; self.month = month; self.day = day
    }

    /// ISO form: `2024-06-11`, or `2024` for a bare year.
    public var description: String {
        guard let month else { return Digits.padded(year, 4) }
        guard let day else { return Digits.padded(year, 4) + "-" + Digits.padded(month, 2) }
        return Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
    }

    public static func < (a: HonourDate, b: HonourDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }
}

/// Where a piece of content came from, so a problem or a record can point back at its file.
public struct SourceLocation: Sendable, Hashable {
    /// Path relative to the data folder, e.g. `honours.csv` or `honours/2023.csv`.
    public var path: String
    /// 1-based line.
    public var line: Int
    public init(path: String, line: Int) { self.path = path; self.line = line }
}

/// One row of the honour roll: who received which award, from whom, when and why.
public struct Honour: Sendable, Hashable {
    public var name: String
    public var kind: HonourKind
    public var award: String
    public var date: HonourDate
    public var awardedBy: String
    public var title: String
    public var unit: String
    public var citation: String
    /// Path of the portrait relative to the data folder (already checked to stay inside it).
    public var photo: String?
    public var source: SourceLocation

    public init(name: String, kind: HonourKind, award: String, date: HonourDate,
                awardedBy: String = "", title: String = "", unit: String = "",
                citation: String = "", photo: String? = nil,
                source: SourceLocation = SourceLocation(path: "", line: 0)) {
        self.name = name; self.kind = kind; self.award = award; self.date = date
        self.awardedBy = awardedBy; self.title = title; self.unit = unit
        self.citation = citation; self.photo = photo; self.source = source
    }
}

/// One photo of an album, with its optional caption and credit.
public struct Photo: Sendable, Hashable {
    /// Path relative to the data folder, e.g. `gallery/Hội nghị tổng kết 2024/01.jpg`.
    public var path: String
    public var caption: String
    public var credit: String
    /// The picture's size upright (EXIF orientation applied), from its header; nil when unknown.
    public var width: Int?
    public var height: Int?
    public init(path: String, caption: String = "", credit: String = "", width: Int? = nil, height: Int? = nil) {
        self.path = path; self.caption = caption; self.credit = credit
        self.width = width; self.height = height
    }
}

/// A folder of photos under `gallery/`; the folder name is the title.
public struct Album: Sendable, Hashable {
    public var title: String
    public var photos: [Photo]
    public init(title: String, photos: [Photo]) { self.title = title; self.photos = photos }
}

/// How serious a data problem is: errors skip content, warnings only inform.
public enum Severity: String, Sendable, Codable {
    case error, warning
}

/// A problem found in a data file, reported as `path:line[:column]: severity: message`.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var severity: Severity
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, severity: Severity, message: String) {
        self.path = path; self.line = line; self.column = column
        self.severity = severity; self.message = message
    }

    public var description: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(message)"
    }
}
