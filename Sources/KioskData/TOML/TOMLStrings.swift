/// TOML's four string forms: "basic", 'literal', and their """multi-line""" and '''multi-line''' kinds.
extension TOMLScanner {
    /// Reads a string starting at the current quote. Keys pass `multiLine: false`.
    mutating func readString(multiLine allowed: Bool = true) throws -> String {
        let quote = peek()!
        if allowed && peek(1) == quote && peek(2) == quote { return try readMultiLineString(quote: quote) }
        let start = position
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw TOMLError("this string has no closing \(quote)", at: start) }
            if c == quote { advance(); return String(text) }
            // A CR alone is not a line break but a control character, reported as one below.
            if c == "\n" || (c == "\r" && peek(1) == "\n") {
                throw TOMLError("this string has no closing \(quote) on its line (a string that spans lines needs \(quote)\(quote)\(quote))", at: start)
            }
            if TOMLScanner.isControl(c) { throw error("a control character (\(c.codeName)) in a string; write it as an escape such as \\t") }
            if c == "\\" && quote == "\"" { text.append(try readEscape()); continue }
            text.append(c)
            advance()
        }
    }

    private mutating func readMultiLineString(quote: Unicode.Scalar) throws -> String {
        let start = position
        advance(3)
        _ = try takeNewline()  // a line break right after the opening quotes is not part of the text
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw TOMLError("this \(quote)\(quote)\(quote) string is never closed", at: start) }
            if c == quote && peek(1) == quote && peek(2) == quote {
                // Up to two quotes may sit right before the closing three: """a "quoted" word"""".
                var run = 3
                while peek(run) == quote { run += 1 }
                if run > 5 { advance(5); throw error("too many \(quote) in a row: a \(quote)\(quote)\(quote) string ends at the third") }
                for _ in 0..<(run - 3) { text.append(quote) }
                advance(run)
                return String(text)
            }
            if try takeNewline() { text.append("\n"); continue }
            if TOMLScanner.isControl(c) { throw error("a control character (\(c.codeName)) in a string; write it as an escape such as \\t") }
            if c == "\\" && quote == "\"" {
                if try skipLineEndingBackslash() { continue }
                text.append(try readEscape())
                continue
            }
            text.append(c)
            advance()
        }
    }

    /// A backslash that ends a line in a """ string joins the lines, dropping the blanks after it.
    private mutating func skipLineEndingBackslash() throws -> Bool {
        var offset = 1
        while let c = peek(offset), c == " " || c == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        advance(offset)
        while true {
            skipBlanks()
            if try !takeNewline() { return true }
        }
    }

    private mutating func readEscape() throws -> Unicode.Scalar {
        let start = position
        advance()
        guard let c = peek() else { throw TOMLError("a \\ at the end of the file", at: start) }
        advance()
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let h = peek(), h.isASCII, let digit = Int(String(h), radix: 16) else {
                    throw TOMLError("\\\(c) needs \(count) hexadecimal digits", at: start)
                }
                value = value &* 16 &+ UInt32(digit)
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw TOMLError("\\\(c) names no Unicode character (U+\(String(value, radix: 16, uppercase: true)))", at: start)
            }
            return scalar
        default:
            throw TOMLError("\\\(c) is not an escape TOML knows (a backslash itself is written \\\\)", at: start)
        }
    }
}
