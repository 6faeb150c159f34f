import FoundationEssentials

/// A JSON (RFC 8259) reader for the one JSON file a data folder may hold, `visitors/counter.json`,
/// that says where a mistake is by line and column (in bytes). Foundation's JSONSerialization
/// lives in Foundation proper, which the kiosk no longer loads (Package.swift says why), and
/// FoundationEssentials' JSONDecoder does not say where. Like JSONSerialization on Linux, it
/// lets a comma end an object or array (`{"now": 1,}`): a file that showed before still shows.
public enum JSONValue: Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// A number with its text as written, so a reader can tell 2 from 2.0 from 1e400.
    case number(text: String)
    case bool(Bool)
    case null
}

/// Where and why a JSON text is not valid: a 1-based line and column (in bytes).
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// Reads a whole JSON text into a `JSONValue`.
public struct JSONReader {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    /// Deep nesting is refused rather than recursed into: a few thousand "[" must not overflow the stack.
    static let maximumDepth = 256

    public static func read(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: [UInt8](data))
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.i == reader.bytes.count else { throw reader.error("unexpected \(reader.shown()) after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("the text ends where a value should be") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try nested { (r: inout JSONReader) throws(JSONSyntaxError) in try r.object() }
        case UInt8(ascii: "["): return try nested { (r: inout JSONReader) throws(JSONSyntaxError) in try r.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(text: try number())
        default: throw error("unexpected \(shown()) where a value should be")
        }
    }

    private mutating func nested(_ body: (inout JSONReader) throws(JSONSyntaxError) -> JSONValue) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) deep") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        i += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a \"name\" in quotes, found \(shown())") }
            let name = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected : after the name, found \(shown())") }
            i += 1
            skipSpace()
            members[name] = try value()
            skipSpace()
            guard i < bytes.count else { throw error("the text ends inside an object: a } is missing") }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            guard bytes[i] == UInt8(ascii: ",") else { throw error("expected , or } after a value, found \(shown())") }
            i += 1
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        i += 1
        var elements: [JSONValue] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("the text ends inside an array: a ] is missing") }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            guard bytes[i] == UInt8(ascii: ",") else { throw error("expected , or ] after a value, found \(shown())") }
            i += 1
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                guard let text = String(validating: out, as: UTF8.self) else { i = start; throw error("a string that is not UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { break }
                let escape = bytes[i + 1]
                let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
                if let replacement = simple[escape] { out.append(replacement); i += 2; continue }
                guard escape == UInt8(ascii: "u") else { i += 1; throw error("\\\(shown()) is not an escape JSON knows") }
                i += 2
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { i -= 6; throw error("a \\u escape pairs a high surrogate with no low one") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { i -= 6; throw error("a \\u escape names a lone surrogate") }
                out.append(contentsOf: Array(String(s).utf8))
                continue
            case 0..<0x20:
                throw error("a control character in a string; write it as an escape such as \\n")
            default:
                out.append(b)
                i += 1
                continue
            }
            break
        }
        i = start
        throw error("a string that is never closed with \"")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count, let digit = UInt32(String(UnicodeScalar(bytes[i])), radix: 16) else {
                throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value * 16 + digit
            i += 1
        }
        return value
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = i
        func digits(_ r: inout JSONReader) -> Int {
            let from = r.i
            while r.i < r.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(r.bytes[r.i]) { r.i += 1 }
            return r.i - from
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let whole = i
        guard digits(&self) > 0 else { throw error("a - must be followed by digits") }
        if bytes[whole] == UInt8(ascii: "0") && i - whole > 1 { i = whole; throw error("a number must not start with 0") }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw error("digits must follow the . of a number") }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits(&self) > 0 else { throw error("digits must follow the e of a number") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func word(_ text: String) throws(JSONSyntaxError) {
        let utf8 = Array(text.utf8)
        guard i + utf8.count <= bytes.count, Array(bytes[i..<i + utf8.count]) == utf8 else { throw error("unexpected \(shown()) where a value should be") }
        i += utf8.count
    }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    /// The character at the reading point as a message shows it.
    private func shown() -> String {
        guard i < bytes.count else { return "the end of the text" }
        let b = bytes[i]
        if b >= 0x21 && b < 0x7F { return "'\(String(UnicodeScalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private func error(_ message: String) -> JSONSyntaxError {
        let at = min(i, bytes.count)
        var line = 1, lineStart = 0
        for (index, b) in bytes[..<at].enumerated() where b == 0x0A { line += 1; lineStart = index + 1 }
        return JSONSyntaxError(line: line, column: at - lineStart + 1, message: message)
    }
}
