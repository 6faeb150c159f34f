import Foundation
import KioskCore

/// One record of a CSV file, with the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    /// 1-based column where each field starts, for `path:line:column` messages.
    public var columns: [Int]
    /// False for a last record that no line break ended: the file stops inside it.
    public var terminated: Bool

    public init(line: Int, fields: [String], columns: [Int], terminated: Bool = true) {
        self.line = line; self.fields = fields; self.columns = columns; self.terminated = terminated
    }

    /// The column of field `index`, or 1 when the record is shorter.
    public func column(_ index: Int) -> Int { index < columns.count ? columns[index] : 1 }
}

/// RFC 4180 CSV as spreadsheets export it: `,` or `;` (Excel in a Vietnamese locale), quoted
/// fields with `""` and line breaks inside, CRLF or LF. Fields come back NFC and trimmed.
public enum CSVReader {
    /// Decodes `data` and splits it into records; a problem stops the file (its rows can't be trusted).
    public static func read(_ data: Data, path: String) -> (records: [CSVRecord], separator: Character, problems: [Problem]) {
        switch TextDecoding.decode(data, path: path) {
        case .failure(let problem): return ([], ",", [problem])
        case .success(let text): return read(text: text, path: path)
        }
    }

    public static func read(text: String, path: String) -> (records: [CSVRecord], separator: Character, problems: [Problem]) {
        let scalars = Array(text.unicodeScalars)
        let separator = detectSeparator(scalars)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var columns: [Int] = []
        var fieldStart = 1
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, column = 1
        var inQuotes = false
        var quoteLine = 0, quoteColumn = 0
        var i = 0
        func endField() {
            fields.append(String(field).normalisedField)
            columns.append(fieldStart)
            field = String.UnicodeScalarView()
        }
        func endRecord(terminated: Bool = true) {
            endField()
            if !fields.allSatisfy({ $0.isEmpty }) {
                records.append(CSVRecord(line: recordLine, fields: fields, columns: columns, terminated: terminated))
            }
            fields = []
            columns = []
            fieldStart = 1
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.append("\""); i += 2; column += 2; continue }
                    inQuotes = false
                } else if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                    // A line break inside a cell is one "\n", whatever the file's line ends are.
                } else if c == "\r" {
                    // So is a CR alone (old Mac line ends): kept as "\r", a CR before the next
                    // line's LF would read back as one break where there were two.
                    field.append("\n")
                    line += 1; column = 0
                } else {
                    field.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
            } else if c == "\"" && String(field).trimmingCharacters(in: .whitespaces).isEmpty {
                inQuotes = true
                field = String.UnicodeScalarView()
                quoteLine = line; quoteColumn = column
            } else if Character(c) == separator {
                endField()
                fieldStart = column + 1
            } else if c == "\r" {
                // CR alone or before LF ends a record; the LF, if any, is skipped next.
                if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endRecord(); line += 1; recordLine = line; column = 0
            } else if c == "\n" {
                endRecord(); line += 1; recordLine = line; column = 0
            } else {
                field.append(c)
            }
            i += 1; column += 1
        }
        if inQuotes {
            return (records, separator, [Problem(path: path, line: quoteLine, column: quoteColumn, severity: .error,
                                                 message: "quoted field never ends (a missing \")")])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord(terminated: false) }
        return (records, separator, [])
    }

    /// A problem when the file looks cut off in its last row: every other row is as wide as the
    /// header, and the last one, with no line break after it, is narrower. That is what a copy or
    /// a save caught in the middle looks like; loading it would show a half-loaded list.
    public static func cutShortProblem(_ records: [CSVRecord], path: String) -> Problem? {
        guard let header = records.first, records.count >= 2, let last = records.last, !last.terminated,
              last.fields.count < header.fields.count,
              records.dropFirst().dropLast().allSatisfy({ $0.fields.count >= header.fields.count }) else { return nil }
        return Problem(path: path, line: last.line, severity: .error,
                       message: "the file stops in the middle of its last row (\(last.fields.count) of \(header.fields.count) columns, no line end): still being written or cut off?")
    }

    /// `;` when the header line has more semicolons than commas outside quotes, else `,`.
    static func detectSeparator(_ scalars: [Unicode.Scalar]) -> Character {
        var commas = 0, semicolons = 0, inQuotes = false
        for c in scalars {
            if c == "\"" { inQuotes.toggle() }
            else if !inQuotes && (c == "\n" || c == "\r") { break }
            else if !inQuotes && c == "," { commas += 1 }
            else if !inQuotes && c == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}
