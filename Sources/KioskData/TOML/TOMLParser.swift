/// Reads a TOML 1.0 document into a `TOMLTable`, or throws a `TOMLError` with the line and column.
///
/// Written here instead of using TOMLKit: TOMLKit 0.6.0 bundles toml++ 3.4, whose parser checks
/// some of its own assumptions with `assert()`, live in every SwiftPM build, so a one-line
/// kiosk.toml such as `[#` or `b=[}` aborted the whole screen (found by Fuzz/, reproducers in
/// Fuzz/crashes); it also leaked every parsed table. kiosk.toml is written by hand by office
/// staff, so a typo must give a clear message, never a crash. This parser keeps nesting within
/// `maximumDepth` so that no input can exhaust the stack.
public enum TOMLParser {
    public static let maximumDepth = 64

    public static func parse(_ text: String) throws -> TOMLTable {
        var parser = DocumentParser(text)
        return try parser.parseDocument()
    }
}

/// A table being built, with how it came to exist: TOML forbids defining a table twice, and
/// forbids a dotted key from adding to a table that a `[header]` defined, and the other way round.
private final class TableNode {
    enum Origin { case implicit, header, dotted }
    enum Entry {
        case value(TOMLValue)
        case table(TableNode)
        case arrayOfTables(TableList)
    }
    /// The tables of one [[name]], held by reference so that each further [[name]] appends in place:
    /// copying the list for each one made 20 000 [[a]] headers take seconds.
    final class TableList { var nodes: [TableNode] = [] }
    var origin: Origin
    /// How deep the table sits: 0 for the document, 1 for `[a]` or `a.b = 1`'s `a`, and so on.
    let depth: Int
    var keys: [String] = []
    var entries: [String: (entry: Entry, position: TOMLPosition)] = [:]

    init(_ origin: Origin, depth: Int) { self.origin = origin; self.depth = depth }

    func add(_ key: String, _ entry: Entry, at position: TOMLPosition) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = (entry, entries[key]?.position ?? position)
    }

    func build() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            let (entry, position) = entries[key]!
            switch entry {
            case .value(let value): table.append(key, value, at: position)
            case .table(let node): table.append(key, .table(node.build()), at: position)
            case .arrayOfTables(let list): table.append(key, .array(list.nodes.map { .table($0.build()) }), at: position)
            }
        }
        return table
    }
}

private struct KeyPart {
    var name: String
    var position: TOMLPosition
}

private struct DocumentParser {
    var scanner: TOMLScanner
    let root = TableNode(.header, depth: 0)
    /// How deep the table that the value being read goes into sits; each list or { table } adds one.
    var depth = 0

    init(_ text: String) { scanner = TOMLScanner(text) }

    mutating func parseDocument() throws -> TOMLTable {
        var current = root
        while true {
            scanner.skipBlanks()
            try scanner.skipComment()
            if scanner.atEnd { break }
            if try scanner.takeNewline() { continue }
            if scanner.peek() == "[" {
                current = try parseHeader()
            } else {
                try parseKeyValue(into: current)
            }
            try endOfLine()
        }
        return root.build()
    }

    /// After a setting or a header only blanks and a comment may follow on the line.
    private mutating func endOfLine() throws {
        scanner.skipBlanks()
        try scanner.skipComment()
        if scanner.atEnd { return }
        if try scanner.atNewline() { return }
        if !invisibleHint.isEmpty {
            throw scanner.error("\(TOMLScanner.shown(scanner.peek()!)) after the value; only spaces, tabs and a # comment may follow it")
        }
        throw scanner.error("unexpected text after the value (a comment starts with #, and each setting needs its own line)")
    }

    /// Text pasted from a word processor can hold a no-break space that looks like a space; say so.
    private var invisibleHint: String {
        guard let c = scanner.peek(), !TOMLScanner.shown(c).hasPrefix("\"") else { return "" }
        return ", not \(TOMLScanner.shown(c))"
    }

    // MARK: keys

    private mutating func parseKeyPath() throws -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            scanner.skipBlanks()
            let position = scanner.position, startIndex = scanner.index
            guard let c = scanner.peek() else { throw scanner.error("a key is missing at the end of the file") }
            if (c == "\"" || c == "'") && scanner.peek(1) == c && scanner.peek(2) == c {
                throw scanner.error("a key cannot be a \(c)\(c)\(c) string; write it with one \(c) on each side")
            } else if c == "\"" || c == "'" {
                parts.append(KeyPart(name: try scanner.readString(multiLine: false), position: position))
            } else if TOMLScanner.isBareKeyCharacter(c) {
                var name = ""
                while let k = scanner.peek(), TOMLScanner.isBareKeyCharacter(k) { name.unicodeScalars.append(k); scanner.advance() }
                if let k = scanner.peek(), TOMLScanner.isNonASCIILetter(k) {
                    throw TOMLError("a key with letters outside A–Z, 0–9, _ and - needs quotes: \"\(scanner.unquotedText(from: startIndex, key: true))\"", at: position)
                }
                parts.append(KeyPart(name: name, position: position))
            } else if TOMLScanner.isNonASCIILetter(c) {
                throw scanner.error("a key with letters outside A–Z, 0–9, _ and - needs quotes: \"\(scanner.unquotedText(from: startIndex, key: true))\"")
            } else {
                if c == "=" { throw scanner.error("a key is missing before =") }
                throw scanner.error(try scanner.atNewline() ? "a key is missing before the end of the line" : "\(TOMLScanner.shown(c)) cannot start a key")
            }
            if parts.count > TOMLParser.maximumDepth { throw TOMLError("a key with more than \(TOMLParser.maximumDepth) parts", at: position) }
            scanner.skipBlanks()
            guard scanner.peek() == "." else { return parts }
            scanner.advance()
        }
    }

    /// What an existing value is, for messages about keys that collide with it.
    private func describe(_ value: TOMLValue) -> String {
        if case .table = value { return "an inline table { … }, which cannot be added to" }
        return value.kindName
    }

    private func dotted(_ parts: [KeyPart]) -> String {
        parts.map { part in
            part.name.unicodeScalars.allSatisfy(TOMLScanner.isBareKeyCharacter) && !part.name.isEmpty ? part.name : "\"\(part.name)\""
        }.joined(separator: ".")
    }

    // MARK: [table] and [[array of tables]] headers

    private mutating func parseHeader() throws -> TableNode {
        let start = scanner.position
        scanner.advance()
        let isArray = scanner.peek() == "["
        if isArray { scanner.advance() }
        let path = try parseKeyPath()
        guard scanner.take(isArray ? "]]" : "]") else {
            throw scanner.error(isArray ? "expected ]] to close the [[ header" : "expected ] to close the [ header")
        }
        let name = dotted(path)
        var table = root
        for (index, part) in path.dropLast().enumerated() {
            let prefix = dotted(Array(path[...index]))
            switch table.entries[part.name]?.entry {
            case nil:
                let node = try child(of: table, .implicit, at: part.position)
                table.add(part.name, .table(node), at: part.position)
                table = node
            case .table(let node)?: table = node
            case .arrayOfTables(let list)?: table = list.nodes.last!
            case .value(let value)?:
                throw TOMLError("\(prefix) is already \(describe(value)) (line \(table.entries[part.name]!.position.line)), so [\(name)] cannot be under it", at: start)
            }
        }
        let last = path.last!
        let existing = table.entries[last.name]
        let firstLine = existing?.position.line ?? 0
        if isArray {
            switch existing?.entry {
            case nil:
                let list = TableNode.TableList()
                list.nodes.append(try child(of: table, .header, at: start))
                table.add(last.name, .arrayOfTables(list), at: start)
                return list.nodes[0]
            case .arrayOfTables(let list)?:
                list.nodes.append(try child(of: table, .header, at: start))
                return list.nodes.last!
            case .table?: throw TOMLError("\(name) is already a table (line \(firstLine)), so [[\(name)]] cannot add to it", at: start)
            case .value(let value)?: throw TOMLError("\(name) is already \(describe(value)) (line \(firstLine)), so [[\(name)]] cannot add to it", at: start)
            }
        }
        switch existing?.entry {
        case nil:
            let node = try child(of: table, .header, at: start)
            table.add(last.name, .table(node), at: start)
            return node
        case .table(let node)? where node.origin == .implicit:
            // Defined here now: a later duplicate must say "first on line" of this header, not of
            // the [a.b] that only implied it.
            node.origin = .header
            table.entries[last.name]!.position = start
            return node
        case .table(let node)?:
            throw TOMLError(node.origin == .dotted ? "[\(name)] is already defined by dotted keys (line \(firstLine))"
                                                   : "[\(name)] is defined twice (first on line \(firstLine))", at: start)
        case .arrayOfTables?: throw TOMLError("\(name) is already an array of tables [[\(name)]] (line \(firstLine))", at: start)
        case .value(let value)?: throw TOMLError("\(name) is already \(describe(value)) (line \(firstLine))", at: start)
        }
    }

    // MARK: key = value

    private mutating func parseKeyValue(into table: TableNode) throws {
        let path = try parseKeyPath()
        guard scanner.peek() == "=" else {
            throw scanner.error(scanner.atLineEnd ? "expected = and a value after the key \(dotted(path))"
                                                                           : "expected = after the key \(dotted(path))" + invisibleHint)
        }
        scanner.advance()
        scanner.skipBlanks()
        // The value goes into the table the key path ends in, path.count - 1 levels below `table`:
        // counting from there keeps [header], dotted keys and nested values together within
        // maximumDepth (each alone already is, but 64 × 64 levels would still recurse thousands deep).
        let outer = depth
        depth = table.depth + path.count - 1
        defer { depth = outer }
        let value = try parseValue()
        var target = table
        for (index, part) in path.dropLast().enumerated() {
            let prefix = dotted(Array(path[...index]))
            let line = target.entries[part.name]?.position.line ?? 0
            switch target.entries[part.name]?.entry {
            case nil:
                let node = try child(of: target, .dotted, at: part.position)
                target.add(part.name, .table(node), at: part.position)
                target = node
            case .table(let node)? where node.origin == .dotted: target = node
            case .table?, .arrayOfTables?:
                throw TOMLError("\(prefix) is a table defined by its own [header] (line \(line)); set \(dotted(path)) there", at: part.position)
            case .value(let value)?:
                throw TOMLError("\(prefix) is already \(describe(value)) (line \(line)), so it cannot hold \(dotted(path))", at: part.position)
            }
        }
        let last = path.last!
        if let existing = target.entries[last.name] {
            throw TOMLError("\(dotted(path)) is set twice (first on line \(existing.position.line))", at: last.position)
        }
        target.add(last.name, .value(value), at: path.first!.position)
    }

    private mutating func parseValue() throws -> TOMLValue {
        guard let c = scanner.peek() else { throw scanner.error("a value is missing after =") }
        switch c {
        case "\"", "'": return .string(try scanner.readString())
        case "[": return try nested { try $0.parseArray() }
        case "{": return try nested { try $0.parseInlineTable() }
        default:
            if try scanner.atNewline() { throw scanner.error("a value is missing after =") }
            if c == "#" { throw scanner.error("a value is missing after = (# starts a comment)") }
            return try scanner.readBareValue()
        }
    }

    /// A new table one level below `parent`, within `maximumDepth`.
    private func child(of parent: TableNode, _ origin: TableNode.Origin, at position: TOMLPosition) throws -> TableNode {
        guard parent.depth < TOMLParser.maximumDepth else {
            throw TOMLError("lists or tables nested more than \(TOMLParser.maximumDepth) deep", at: position)
        }
        return TableNode(origin, depth: parent.depth + 1)
    }

    private mutating func nested(_ parse: (inout DocumentParser) throws -> TOMLValue) throws -> TOMLValue {
        guard depth < TOMLParser.maximumDepth else { throw scanner.error("lists or tables nested more than \(TOMLParser.maximumDepth) deep") }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    /// `[1, 2, 3]`, over several lines if wanted, with comments and a trailing comma.
    private mutating func parseArray() throws -> TOMLValue {
        let start = scanner.position
        scanner.advance()
        var items: [TOMLValue] = []
        while true {
            try scanner.skipBlanksCommentsAndNewlines()
            if scanner.atEnd { throw TOMLError("this list has no closing ]", at: start) }
            if scanner.peek() == "]" { scanner.advance(); return .array(items) }
            if scanner.peek() == "," { throw scanner.error("a value is missing before this comma") }
            items.append(try parseValue())
            try scanner.skipBlanksCommentsAndNewlines()
            if scanner.take(",") { continue }
            if scanner.peek() == "]" { scanner.advance(); return .array(items) }
            throw scanner.atEnd ? TOMLError("this list has no closing ]", at: start) : scanner.error("expected , or ] in the list")
        }
    }

    /// `{ name = "x", size = 3 }`: on one line, without a trailing comma (TOML 1.0).
    private mutating func parseInlineTable() throws -> TOMLValue {
        let start = scanner.position
        scanner.advance()
        let node = TableNode(.header, depth: depth)
        scanner.skipBlanks()
        if scanner.take("}") { return .table(node.build()) }
        while true {
            scanner.skipBlanks()
            if scanner.atLineEnd {
                throw TOMLError("this { table } must end with } on the same line", at: start)
            }
            try parseKeyValue(into: node)
            scanner.skipBlanks()
            if scanner.take("}") { return .table(node.build()) }
            if scanner.take(",") {
                scanner.skipBlanks()
                if scanner.peek() == "}" { throw scanner.error("no comma may come before the } of an inline table") }
                continue
            }
            if scanner.atLineEnd {
                throw TOMLError("this { table } must end with } on the same line", at: start)
            }
            throw scanner.error("expected , or } in the inline table")
        }
    }
}
