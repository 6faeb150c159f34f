/// A value read from a TOML document (TOML 1.0).
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case dateTime(TOMLDateTime)
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// Only an integer: `2.0` is a float in TOML, and settings that want a whole number say so.
    public var int: Int? { if case .integer(let i) = self { return Int(exactly: i) } else { return nil } }
    /// A float, or an integer read as one (`slide_seconds = 8` and `= 8.0` mean the same).
    public var double: Double? {
        switch self {
        case .float(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
    public var bool: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    public var dateTime: TOMLDateTime? { if case .dateTime(let d) = self { return d } else { return nil } }
    public var array: [TOMLValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var table: TOMLTable? { if case .table(let t) = self { return t } else { return nil } }

    /// The kind of value in words, for messages such as "must be a number, not a string".
    public var kindName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "a whole number"
        case .float: return "a number"
        case .boolean: return "true or false"
        case .dateTime: return "a date or time"
        case .array: return "a list"
        case .table: return "a table"
        }
    }
}

/// A TOML date, time, or both, with an optional offset: the four TOML date-time kinds in one type.
/// The fields a kind lacks are nil (a local time has no date, a local date no time).
public struct TOMLDateTime: Equatable, Sendable {
    public var year: Int?, month: Int?, day: Int?
    public var hour: Int?, minute: Int?, second: Int?
    public var nanosecond: Int = 0
    /// Minutes east of UTC (`Z` is 0); nil for local date-times, dates and times.
    public var offsetMinutes: Int?

    public init(year: Int? = nil, month: Int? = nil, day: Int? = nil, hour: Int? = nil, minute: Int? = nil,
                second: Int? = nil, nanosecond: Int = 0, offsetMinutes: Int? = nil) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.nanosecond = nanosecond; self.offsetMinutes = offsetMinutes
    }
}

/// A TOML table: keys in the order the document defines them, and where each was defined, so that
/// a message about a value the syntax accepted can still point at its line.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]
    private var positions: [String: TOMLPosition] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? { values[key] }

    /// Where `key` was defined: its line and column (1-based) in the document.
    public func position(of key: String) -> TOMLPosition? { positions[key] }

    /// Adds a key the table does not have yet; the parser checks for duplicates before.
    mutating func append(_ key: String, _ value: TOMLValue, at position: TOMLPosition) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        positions[key] = position
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.keys == b.keys && a.values == b.values }
}

/// A place in a TOML document: 1-based line and column (columns count Unicode scalars).
public struct TOMLPosition: Equatable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// Why a TOML document could not be read, and where.
public struct TOMLError: Error, Equatable, Sendable {
    public var position: TOMLPosition
    public var message: String
    public init(_ message: String, at position: TOMLPosition) { self.message = message; self.position = position }
}
