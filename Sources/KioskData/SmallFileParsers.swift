import FoundationEssentials
import Glibc
import KioskCore

/// `gallery/ALBUM/captions.csv`: `file,caption,credit` (or `Tệp,Chú thích,Tác giả`).
public enum CaptionsParser {
    /// Caption and credit of one photo, and its place in the album's order.
    public struct Entry: Sendable, Equatable {
        public var caption: String
        public var credit: String
        public var order: Int
    }

    enum Field: Hashable { case file, caption, credit }
    static let headerNames: [Field: [String]] = [
        .file: ["file", "tệp", "tên tệp", "ảnh"], .caption: ["caption", "chú thích", "mô tả"], .credit: ["credit", "tác giả", "nguồn"],
    ]

    public static func parse(data: Data, path: String) -> (entries: [String: Entry], problems: [Problem], usable: Bool) {
        let csv = CSVReader.read(data, path: path)
        if !csv.problems.isEmpty { return ([:], csv.problems, false) }
        if let cut = CSVReader.cutShortProblem(csv.records, path: path) { return ([:], [cut], false) }
        guard let header = csv.records.first else { return ([:], [], true) }
        let fields = HeaderMatching.map(header.fields, names: headerNames)
        guard let fileColumn = fields.firstIndex(of: .file) else {
            return ([:], [Problem(path: path, line: header.line, severity: .error, message: "missing required column: file (tệp)")], false)
        }
        var problems: [Problem] = []
        for (index, field) in fields.enumerated() where field == nil {
            problems.append(Problem(path: path, line: header.line, column: header.column(index), severity: .warning,
                                    message: "unknown column \"\(header.fields[index])\" is ignored"))
        }
        let captionColumn = fields.firstIndex(of: .caption), creditColumn = fields.firstIndex(of: .credit)
        var entries: [String: Entry] = [:]
        for (order, record) in csv.records.dropFirst().enumerated() {
            func value(_ column: Int?) -> String { column.flatMap { $0 < record.fields.count ? record.fields[$0] : nil } ?? "" }
            let file = value(fileColumn)
            guard !file.isEmpty, !file.contains("/") else {
                problems.append(Problem(path: path, line: record.line, column: record.column(fileColumn), severity: .error,
                                        message: file.isEmpty ? "row has no file name; skipped" : "\"\(file)\" must be a file name in this album, not a path; skipped"))
                continue
            }
            entries[file] = Entry(caption: value(captionColumn), credit: value(creditColumn), order: order)
        }
        return (entries, problems, true)
    }
}

/// `ticker.txt`: one headline a line; blank lines and `#` comments are skipped.
public enum TickerParser {
    public static func parse(data: Data, path: String) -> (headlines: [String], problems: [Problem], usable: Bool) {
        switch TextDecoding.decode(data, path: path) {
        case .failure(let problem): return ([], [problem], false)
        case .success(let text):
            var headlines: [String] = []
            for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
                let headline = String(line).normalisedField
                if !headline.isEmpty && !headline.hasPrefix("#") { headlines.append(headline) }
            }
            return (headlines, [], true)
        }
    }
}

/// `visitors/counter.json`: the six figures written by another system, shown as they are.
public enum CounterSnapshotParser {
    public static let maximumFigure = 1_000_000_000_000_000
    public static func parse(data: Data, path: String) -> (figures: VisitorFigures?, problems: [Problem]) {
        // A number too large for a Double is named, with where it is, before anything else: that
        // is what Foundation's reader refused first, and the fuzz corpus keeps the message stable.
        if let huge = firstHugeNumber(in: data) {
            return (nil, [Problem(path: path, line: huge.line, column: huge.column, severity: .error,
                                  message: "not valid JSON: the number \(huge.text.prefix(40)) is too large")])
        }
        let object: JSONValue
        do { object = try JSONReader.read(data) } catch {
            return (nil, [Problem(path: path, line: error.line, column: error.column, severity: .error, message: "not valid JSON: \(error.message)")])
        }
        guard case .object(let dict) = object else {
            return (nil, [Problem(path: path, line: 1, severity: .error, message: "expected an object {\"now\":…,\"today\":…,…}")])
        }
        var values: [String: Int] = [:]
        var problems: [Problem] = []
        for key in ["now", "today", "week", "month", "year", "total"] {
            // The cap keeps every figure exact in a Double and far from Int's wrap-around (1e19 once
            // showed as a negative count); no visitor counter comes near it. true, false, "7" and
            // null are not figures; 2.0 and 1e15 are.
            guard case .number(let text) = dict[key], let number = Double(text),
                  let whole = Int(exactly: number), (0...maximumFigure).contains(whole) else {
                problems.append(Problem(path: path, line: LineFinder.line(of: "\"\(key)\"", in: data), severity: .error,
                                        message: "\"\(key)\" must be a whole number from 0 to \(maximumFigure)"))
                continue
            }
            values[key] = whole
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (VisitorFigures(now: values["now"]!, today: values["today"]!, week: values["week"]!,
                               month: values["month"]!, year: values["year"]!, total: values["total"]!), [])
    }
}

extension CounterSnapshotParser {
    /// The first number outside strings that is not a finite Double ("1e400"), with its line and
    /// column (1-based, in bytes).
    static func firstHugeNumber(in data: Data) -> (line: Int, column: Int, text: String)? {
        let bytes = [UInt8](data)
        var i = 0, line = 1, lineStart = 0, inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
                var j = i + 1
                while j < bytes.count, "0123456789.eE+-".utf8.contains(bytes[j]) { j += 1 }
                let text = String(decoding: bytes[i..<j], as: UTF8.self)
                if let value = Double(text), !value.isFinite { return (line, i - lineStart + 1, text) }
                i = j
                continue
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return nil
    }
}

/// Finds the line of a key in a small text file, for messages about values parsed elsewhere.
enum LineFinder {
    static func line(of needle: String, in data: Data) -> Int {
        guard let text = String(data: data, encoding: .utf8) else { return 1 }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
            return index + 1
        }
        return 1
    }
}
