import KioskCore

/// Small JSON writing with a fixed key order, so output is stable for people and scripts.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object from ordered pairs whose values are already JSON.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func figures(_ f: VisitorFigures) -> String {
        object([("now", "\(f.now)"), ("today", "\(f.today)"), ("week", "\(f.week)"),
                ("month", "\(f.month)"), ("year", "\(f.year)"), ("total", "\(f.total)")])
    }

    static func problem(_ p: Problem) -> String {
        object([("path", string(p.path)), ("line", p.line.map(String.init) ?? "null"),
                ("column", p.column.map(String.init) ?? "null"), ("severity", string(p.severity.rawValue)),
                ("message", string(p.message))])
    }

    static func honour(_ h: Honour) -> String {
        object([("name", string(h.name)), ("kind", string(h.kind.rawValue)), ("award", string(h.award)),
                ("date", string(h.date.description)), ("awarded_by", string(h.awardedBy)), ("title", string(h.title)),
                ("unit", string(h.unit)), ("citation", string(h.citation)), ("photo", h.photo.map(string) ?? "null")])
    }
}
