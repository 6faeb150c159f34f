import KioskCore

/// Integers, floats, booleans and the date-time kinds: everything in TOML written without quotes.
extension TOMLScanner {
    /// A value that starts with a digit, a sign or a letter.
    mutating func readBareValue() throws -> TOMLValue {
        if isDateAhead { return .dateTime(try readDateTime()) }
        if isTimeAhead { return .dateTime(try readTime(into: TOMLDateTime())) }
        let start = position, startIndex = index
        var token = ""
        while let c = peek(), TOMLScanner.isBareKeyCharacter(c) || c == "+" || c == "." { token.unicodeScalars.append(c); advance() }
        if token.isEmpty, let c = peek(), "]},=".unicodeScalars.contains(c) {
            throw error("a value is missing before \"\(Character(c))\"")
        }
        guard !token.isEmpty || peek().map(TOMLScanner.isNonASCIILetter) == true else {
            throw error(peek().map { "\(TOMLScanner.shown($0)) cannot start a value (text needs quotes: \"…\")" } ?? "a value is missing")
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let value = try TOMLScanner.number(token, at: start) { return value }
        if let first = token.unicodeScalars.first, TOMLScanner.isDigit(first) || first == "+" || first == "-" || first == "." {
            throw TOMLError("\(token) is not a number TOML can read", at: start)
        }
        // Quote the whole phrase, not just the ASCII start of it: `organisation = Hội hữu nghị`
        // stops the token at "H", and "H" in quotes would not help.
        let text = unquotedText(from: startIndex, key: false)
        throw TOMLError("\(text) is not a value: text needs quotes (\"\(text)\")", at: start)
    }

    /// `1_000`, `-3`, `0x1F`, `0o17`, `0b101`, `6.5`, `1e3`: nil when the token is not a number.
    static func number(_ token: String, at start: TOMLPosition) throws -> TOMLValue? {
        var body = Substring(token)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            let digits = body.dropFirst(2)
            guard wellSeparated(digits, isDigit: { Int(String($0), radix: radix) != nil && $0.isASCII }) else { return nil }
            guard let value = Int64(digits.replacing("_", with: ""), radix: radix) else {
                throw TOMLError("\(token) is too large for a whole number", at: start)
            }
            return .integer(value)
        }
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = String(body.removeFirst()) }
        // Split into whole part, fraction and exponent, then check each one's digits.
        var whole = body, fraction: Substring?, exponent: Substring?
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            whole = body[..<e]
            exponent = body[body.index(after: e)...]
        }
        if let dot = whole.firstIndex(of: ".") {
            fraction = whole[whole.index(after: dot)...]
            whole = whole[..<dot]
        }
        let decimal: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        guard wellSeparated(whole, isDigit: decimal), whole == "0" || !whole.hasPrefix("0") else { return nil }
        if let f = fraction, !wellSeparated(f, isDigit: decimal) { return nil }
        if var e = exponent {
            if e.first == "+" || e.first == "-" { e = e.dropFirst() }
            guard wellSeparated(e, isDigit: decimal) else { return nil }
        }
        let plain = (sign + body).replacing("_", with: "")
        if fraction == nil && exponent == nil {
            guard let value = Int64(plain) else {
                throw TOMLError("\(token) is too large for a whole number", at: start)
            }
            return .integer(value)
        }
        guard let value = Double(plain), value.isFinite else { throw TOMLError("\(token) is too large a number", at: start) }
        return .float(value)
    }

    /// Digits with single underscores only between them, and at least one digit.
    private static func wellSeparated(_ text: Substring, isDigit: (Character) -> Bool) -> Bool {
        guard let first = text.first, let last = text.last, isDigit(first), isDigit(last) else { return false }
        var previousWasUnderscore = false
        for c in text {
            if c == "_" {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            } else if isDigit(c) {
                previousWasUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    private var isDateAhead: Bool {
        (0..<4).allSatisfy { TOMLScanner.isDigit(peek($0)) } && peek(4) == "-"
    }

    private var isTimeAhead: Bool {
        TOMLScanner.isDigit(peek()) && TOMLScanner.isDigit(peek(1)) && peek(2) == ":"
    }

    /// `1979-05-27`, optionally followed by `T` (or a space) and a time, optionally with an offset.
    private mutating func readDateTime() throws -> TOMLDateTime {
        let start = position
        var value = TOMLDateTime()
        value.year = try readDigits(4, what: "year")
        try expect("-", "a date is written YYYY-MM-DD")
        value.month = try readDigits(2, what: "month")
        try expect("-", "a date is written YYYY-MM-DD")
        value.day = try readDigits(2, what: "day")
        guard (1...12).contains(value.month!) else { throw TOMLError("there is no month \(value.month!)", at: start) }
        guard (1...CivilDays.daysIn(month: value.month!, year: value.year!)).contains(value.day!) else {
            throw TOMLError("there is no day \(value.day!) in month \(value.month!) of \(value.year!)", at: start)
        }
        let separator = peek()
        guard separator == "T" || separator == "t" || (separator == " " && TOMLScanner.isDigit(peek(1)) && TOMLScanner.isDigit(peek(2)) && peek(3) == ":") else {
            return value
        }
        advance()
        value = try readTime(into: value)
        if peek() == "Z" || peek() == "z" {
            advance()
            value.offsetMinutes = 0
        } else if let sign = peek(), sign == "+" || sign == "-" {
            advance()
            let hours = try readDigits(2, what: "offset hour")
            try expect(":", "an offset is written +HH:MM")
            let minutes = try readDigits(2, what: "offset minute")
            guard hours < 24 && minutes < 60 else { throw TOMLError("the offset is out of range", at: start) }
            value.offsetMinutes = (hours * 60 + minutes) * (sign == "-" ? -1 : 1)
        }
        return value
    }

    /// `07:32:00` or `07:32:00.999`, TOML 1.0 (seconds required).
    private mutating func readTime(into date: TOMLDateTime) throws -> TOMLDateTime {
        let start = position
        var value = date
        value.hour = try readDigits(2, what: "hour")
        try expect(":", "a time is written HH:MM:SS")
        value.minute = try readDigits(2, what: "minute")
        try expect(":", "a time is written HH:MM:SS (seconds too)")
        value.second = try readDigits(2, what: "second")
        guard value.hour! < 24, value.minute! < 60, value.second! <= 60 else {
            throw TOMLError("there is no time \(value.hour!):\(value.minute!):\(value.second!)", at: start)
        }
        if peek() == "." {
            advance()
            guard TOMLScanner.isDigit(peek()) else { throw error("digits must follow the . of a time") }
            var digits = 0
            while let c = peek(), TOMLScanner.isDigit(c) {
                if digits < 9 { value.nanosecond = value.nanosecond * 10 + Int(c.value - 48) }
                digits += 1
                advance()
            }
            for _ in digits..<max(digits, 9) { value.nanosecond *= 10 }
        }
        return value
    }

    /// The error points at the field's first digit, so `1979-5-27` is reported at the 5, not after it.
    private mutating func readDigits(_ count: Int, what: String) throws -> Int {
        let start = position
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), TOMLScanner.isDigit(c) else { throw TOMLError("the \(what) needs \(count) digits", at: start) }
            value = value * 10 + Int(c.value - 48)
            advance()
        }
        return value
    }

    private mutating func expect(_ c: Unicode.Scalar, _ message: String) throws {
        guard peek() == c else { throw error(message) }
        advance()
    }
}
