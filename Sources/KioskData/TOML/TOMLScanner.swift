/// A cursor over the Unicode scalars of a TOML document that knows its line and column.
struct TOMLScanner {
    let scalars: [Unicode.Scalar]
    private(set) var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var position: TOMLPosition { TOMLPosition(line: line, column: index - lineStart + 1) }
    var atEnd: Bool { index >= scalars.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" { line += 1; lineStart = index + 1 }
            index += 1
        }
    }

    /// Consumes `text` if the document continues with it.
    mutating func take(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        advance(offset)
        return true
    }

    func error(_ message: String) -> TOMLError { TOMLError(message, at: position) }

    /// Spaces and tabs: the only blanks TOML allows inside a line.
    mutating func skipBlanks() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    /// True at a line break: LF, or CR LF. A CR alone is an error, as TOML says.
    func atNewline() throws -> Bool {
        guard let c = peek() else { return false }
        if c == "\n" { return true }
        if c == "\r" {
            if peek(1) == "\n" { return true }
            throw error("a carriage return (CR) without a line feed after it")
        }
        return false
    }

    /// At the end of the file or of a line (a lone CR is left for `atNewline` to report).
    var atLineEnd: Bool { atEnd || peek() == "\n" || (peek() == "\r" && peek(1) == "\n") }

    mutating func takeNewline() throws -> Bool {
        guard try atNewline() else { return false }
        advance(peek() == "\r" ? 2 : 1)
        return true
    }

    /// A `#` comment to the end of its line (the line break stays).
    mutating func skipComment() throws {
        guard peek() == "#" else { return }
        advance()
        while let c = peek(), c != "\n" {
            if c == "\r" && peek(1) == "\n" { break }
            if TOMLScanner.isControl(c) { throw error("a control character (\(c.codeName)) in a comment") }
            advance()
        }
    }

    /// Blanks, comments and line breaks, as between the values of a list.
    mutating func skipBlanksCommentsAndNewlines() throws {
        while true {
            skipBlanks()
            try skipComment()
            if try !takeNewline() { return }
        }
    }

    /// Control characters TOML forbids in strings and comments: all but tab.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    static func isBareKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }

    /// A letter (or accent) outside ASCII, as in `tổ_chức`: a sign that someone wrote text without quotes.
    static func isNonASCIILetter(_ c: Unicode.Scalar) -> Bool {
        !c.isASCII && (c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark)
    }

    /// The text from `start` on that belongs to one unquoted word or phrase, for a message that says
    /// how to quote it: a key runs to the next ASCII character a bare key cannot hold (`tổ_chức`), a
    /// value to the end of the line or the next comment, comma or bracket (`Hội hữu nghị`).
    func unquotedText(from start: Int, key: Bool) -> String {
        var end = start
        while end < scalars.count {
            let c = scalars[end]
            if TOMLScanner.isControl(c) || c == "\"" || c == "'" { break }
            if key ? (c.isASCII && !TOMLScanner.isBareKeyCharacter(c)) : "#,]}=".unicodeScalars.contains(c) { break }
            end += 1
        }
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        return String(text)
    }

    /// A character for a message: itself in quotes, or its code when it would not show.
    static func shown(_ c: Unicode.Scalar) -> String {
        if isControl(c) { return "a control character (\(c.codeName))" }
        switch c.properties.generalCategory {
        case .spaceSeparator, .format, .lineSeparator, .paragraphSeparator: return "an invisible character (\(c.codeName))"
        default: return "\"\(Character(c))\""
        }
    }
}

extension Unicode.Scalar {
    /// `U+000B` style, for messages about invisible characters.
    var codeName: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
