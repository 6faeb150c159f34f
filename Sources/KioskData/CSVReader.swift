import FoundationEssentials
import Glibc
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
        // On the UTF-8 bytes: every byte the grammar cares about (quote, separator, CR, LF) is
        // ASCII, and in UTF-8 an ASCII byte is never part of another character. Scalars, Characters
        // and Foundation's trimming per field made a 1,000-row roll cost over 100 ms to split.
        var text = text
        return text.withUTF8 { read(bytes: $0, path: path) }
    }

    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private static func read(bytes: UnsafeBufferPointer<UInt8>, path: String) -> (records: [CSVRecord], separator: Character, problems: [Problem]) {
        let separator = detectSeparator(bytes)
        let separatorByte = separator.asciiValue!
        var records: [CSVRecord] = []
        var fields: [String] = []
        var columns: [Int] = []
        var fieldStart = 1
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var line = 1, recordLine = 1, column = 1
        var inQuotes = false
        var quoteLine = 0, quoteColumn = 0
        var i = 0
        let count = bytes.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self).normalisedField)
            columns.append(fieldStart)
            field.removeAll(keepingCapacity: true)
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
        while i < count {
            let c = bytes[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < count && bytes[i + 1] == quote { field.append(quote); i += 2; column += 2; continue }
                    inQuotes = false
                } else if c == cr && i + 1 < count && bytes[i + 1] == lf {
                    // A line break inside a cell is one "\n", whatever the file's line ends are.
                } else if c == cr {
                    // So is a CR alone (old Mac line ends): kept as "\r", a CR before the next
                    // line's LF would read back as one break where there were two.
                    field.append(lf)
                    line += 1; column = 0
                } else {
                    field.append(c)
                    if c == lf { line += 1; column = 0 }
                }
            } else if c == quote && isBlank(field) {
                inQuotes = true
                field.removeAll(keepingCapacity: true)
                quoteLine = line; quoteColumn = column
            } else if c == separatorByte {
                endField()
                fieldStart = column + 1
            } else if c == cr {
                // CR alone or before LF ends a record; the LF, if any, is skipped next.
                if i + 1 < count && bytes[i + 1] == lf { i += 1 }
                endRecord(); line += 1; recordLine = line; column = 0
            } else if c == lf {
                endRecord(); line += 1; recordLine = line; column = 0
            } else {
                field.append(c)
            }
            i += 1
            // Columns count characters (Unicode scalars), not bytes: a continuation byte adds none.
            if c & 0xC0 != 0x80 { column += 1 }
        }
        if inQuotes {
            return (records, separator, [Problem(path: path, line: quoteLine, column: quoteColumn, severity: .error,
                                                 message: "quoted field never ends (a missing \")")])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord(terminated: false) }
        return (records, separator, [])
    }

    /// Whether a field read so far is only white space (Unicode's, as `CharacterSet.whitespaces`
    /// has it), so that a quote opens a quoted field.
    private static func isBlank(_ field: [UInt8]) -> Bool {
        if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        return String(decoding: field, as: UTF8.self).unicodeScalars.allSatisfy { $0.isBlankSpace }
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
    static func detectSeparator(_ bytes: UnsafeBufferPointer<UInt8>) -> Character {
        var commas = 0, semicolons = 0, inQuotes = false
        for c in bytes {
            if c == quote { inQuotes.toggle() }
            else if !inQuotes && (c == lf || c == cr) { break }
            else if !inQuotes && c == UInt8(ascii: ",") { commas += 1 }
            else if !inQuotes && c == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}
