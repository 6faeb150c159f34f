/// A scripted sequence of touches and typing for `kiosk render --script`: what a visitor does, with times.
///
/// One step a line, `TIME VERB ARGUMENTS`, times in seconds from the start and never going backwards:
/// ```
/// 0.5 tap X Y
/// 1.0 drag X1 Y1 X2 Y2 DURATION
/// 2.0 type TEXT        # the rest of the line after one space
/// 2.5 key NAME         # Escape, Left, Right, Backspace or Return
/// 3.0 wait             # nothing happens; only keeps the clock going
/// ```
/// Coordinates are pixels of the rendered frame. A `#` at the start of the line or after a space or tab
/// starts a comment (so `type` can type `C#` but not ` #`); blank lines are skipped; whitespace at the end
/// of a line is ignored. CRLF line endings and a UTF-8 byte order mark are accepted.
public struct InputScript: Sendable, Hashable {
    /// One line of a script.
    public enum Step: Sendable, Hashable {
        case tap(x: Double, y: Double)
        case drag(fromX: Double, fromY: Double, toX: Double, toY: Double, duration: Double)
        case type(String)
        case key(String)
        case wait
    }

    /// A step and when it starts, in seconds from the start of the script.
    public struct TimedStep: Sendable, Hashable {
        public var time: Double
        public var step: Step
        /// 1-based line of the script the step was read from.
        public var line: Int
    }

    public var steps: [TimedStep]
    /// When the last step has finished (a drag's end counts), i.e. the instant the frame is rendered.
    /// A tap finishes when the finger lifts and typing when its last character is typed, so this is
    /// the latest of the steps' start times and the times of all events of `timeline()`.
    public var duration: Double
    /// The longest drag a script may ask for, in seconds.
    static let longestDrag = 60.0

    /// How long a tap's finger stays down.
    static let tapHold = 0.08
    /// Time between two moves of a drag.
    static let moveInterval = 1.0 / 60
    /// Time between two typed characters.
    static let typingInterval = 0.12

    /// The verbs a line may use, in the order messages list them.
    static let verbs = ["tap", "drag", "type", "key", "wait"]
    /// The key names `key` accepts (the keys the kiosk reacts to).
    static let keyNames = ["Escape", "Left", "Right", "Backspace", "Return"]

    /// Parses `text`; `path` names the file in problems. Throws the first `Problem` found, located `path:line:column` (column of the offending token, 1-based, counted in characters).
    public static func parse(_ text: String, path: String) throws -> InputScript {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text = String(text.unicodeScalars.dropFirst()) }
        var steps: [TimedStep] = []
        var previous: (time: Double, written: String, line: Int)?
        // "\r\n" is a single Character in Swift, so it has to be named as a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            var line = ScriptLine(Array(rawLine), path: path, number: lineNumber)
            guard let timeToken = line.next() else { continue }
            let time = try line.number(timeToken, for: "the time")
            if let previous, time < previous.time {
                throw line.problem(at: timeToken.column, "times must not go backwards: \(timeToken.text) comes after \(previous.written) on line \(previous.line)")
            }
            previous = (time, timeToken.text, lineNumber)
            guard let verb = line.next() else {
                throw line.problem(at: line.endColumn, "expected an action after the time: \(list(verbs, "or"))")
            }
            let step: Step
            switch verb.text {
            case "tap":
                let values = try line.numbers(["X", "Y"], verb: verb.text)
                step = .tap(x: values[0], y: values[1])
            case "drag":
                let values = try line.numbers(["X1", "Y1", "X2", "Y2", "DURATION"], verb: verb.text)
                step = .drag(fromX: values[0], fromY: values[1], toX: values[2], toY: values[3], duration: values[4])
            case "type":
                // The text is everything after the one space that follows the verb, spaces included.
                let rest = line.rest(afterOneSeparator: verb)
                guard !rest.isEmpty else {
                    throw line.problem(at: line.endColumn, "\"type\" needs the text to type after it, e.g. \"2.0 type Xin chào\" (a \"#\" after a space starts a comment)")
                }
                step = .type(rest)
            case "key":
                guard let name = line.next() else {
                    throw line.problem(at: line.endColumn, "\"key\" needs a key name: \(list(keyNames, "or"))")
                }
                guard keyNames.contains(name.text) else {
                    throw line.problem(at: name.column, "unknown key \"\(name.text)\"; the keys are \(list(keyNames, "and"))")
                }
                try line.expectEnd(verb: verb.text, takes: "one key name")
                step = .key(name.text)
            case "wait":
                try line.expectEnd(verb: verb.text, takes: "nothing after it")
                step = .wait
            default:
                throw line.problem(at: verb.column, "unknown action \"\(verb.text)\"; the actions are \(list(verbs, "and"))")
            }
            steps.append(TimedStep(time: time, step: step, line: lineNumber))
        }
        var script = InputScript(steps: steps, duration: 0)
        script.duration = script.timeline().reduce(steps.last?.time ?? 0) { max($0, $1.time) }
        return script
    }

    /// The input events the script produces, each at its time in seconds: a tap is pointerDown then pointerUp 0.08 s later at the same point; a drag is pointerDown at the start, pointerMoved every 1/60 s along a straight line (the last move exactly at the end point at start+duration), then pointerUp at the end point at start+duration (a drag of duration 0 is down, one move at the end, up); type is one `.text(String(character))` per Character, 0.12 s apart; key is `.key(name, ctrl: false)`; wait produces nothing. Events are returned sorted by time (stable for equal times).
    public func timeline() -> [(time: Double, event: InputEvent)] {
        var events: [(time: Double, event: InputEvent)] = []
        for timed in steps {
            let start = timed.time
            switch timed.step {
            case let .tap(x, y):
                events.append((start, .pointerDown(x: x, y: y)))
                events.append((start + Self.tapHold, .pointerUp(x: x, y: y)))
            case let .drag(fromX, fromY, toX, toY, duration):
                events.append((start, .pointerDown(x: fromX, y: fromY)))
                // Moves at start + k/60 for every k with k/60 < duration, then one exactly at the end;
                // the small allowance keeps e.g. 0.5 s at 30 moves despite 0.5 * 60 not being exact.
                let moves = max(1, Int((duration / Self.moveInterval - 1e-9).rounded(.up)))
                for k in 1..<moves {
                    let elapsed = Double(k) * Self.moveInterval
                    let fraction = elapsed / duration
                    events.append((start + elapsed, .pointerMoved(x: fromX + (toX - fromX) * fraction,
                                                                  y: fromY + (toY - fromY) * fraction)))
                }
                events.append((start + duration, .pointerMoved(x: toX, y: toY)))
                events.append((start + duration, .pointerUp(x: toX, y: toY)))
            case let .type(text):
                for (index, character) in text.enumerated() {
                    events.append((start + Double(index) * Self.typingInterval, .text(String(character))))
                }
            case let .key(name):
                events.append((start, .key(name, ctrl: false)))
            case .wait:
                break
            }
        }
        // Steps may overlap (a tap during a drag), so order by time; the index keeps equal times in script order.
        return events.enumerated()
            .sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
            .map(\.element)
    }

    /// `a, b, c or d`.
    static func list(_ words: [String], _ conjunction: String) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}

/// One line of a script being read token by token, with the columns problems point at.
private struct ScriptLine {
    struct Token { var text: String; var column: Int; var end: Int }

    let characters: [Character]
    /// Where the line's content ends: before a comment and before trailing whitespace.
    let end: Int
    let path: String
    let number: Int
    private var position = 0

    init(_ characters: [Character], path: String, number: Int) {
        self.characters = characters; self.path = path; self.number = number
        var end = characters.count
        for (index, character) in characters.enumerated()
        where character == "#" && (index == 0 || Self.isSpace(characters[index - 1])) {
            end = index
            break
        }
        while end > 0 && Self.isSpace(characters[end - 1]) { end -= 1 }
        self.end = end
    }

    static func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" }

    /// The column just after the content, where a missing argument would have been.
    var endColumn: Int { end + 1 }

    mutating func next() -> Token? {
        while position < end && Self.isSpace(characters[position]) { position += 1 }
        guard position < end else { return nil }
        let start = position
        while position < end && !Self.isSpace(characters[position]) { position += 1 }
        return Token(text: String(characters[start..<position]), column: start + 1, end: position)
    }

    /// Everything after `token` and the one space or tab that follows it, up to the end of the content.
    mutating func rest(afterOneSeparator token: Token) -> String {
        position = end
        guard token.end + 1 < end else { return "" }
        return String(characters[(token.end + 1)..<end])
    }

    func problem(at column: Int, _ message: String) -> Problem {
        Problem(path: path, line: number, column: column, severity: .error, message: message)
    }

    /// A non-negative, finite decimal number such as `0`, `0.5` or `12.25`; `name` is what it stands for.
    func number(_ token: Token, for name: String) throws -> Double {
        let text = token.text
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.allSatisfy { ("0"..."9").contains($0) } }
        let isDecimal = parts.allSatisfy(isDigits) && parts.contains { !$0.isEmpty }
        guard isDecimal, let value = Double(text) else {
            if ["inf", "infinity", "nan"].contains(unsigned.lowercased()) {
                throw problem(at: token.column, "expected a finite number for \(name), found \"\(text)\"")
            }
            let what = name == "the time" ? "a time in seconds (such as 0.5) at the start of the line" : "a number for \(name)"
            throw problem(at: token.column, "expected \(what), found \"\(text)\"")
        }
        guard value.isFinite else {
            throw problem(at: token.column, "expected a finite number for \(name), found \"\(text)\"")
        }
        guard value >= 0 else {
            throw problem(at: token.column, "\(name) must not be negative, found \"\(text)\"")
        }
        return value == 0 ? 0 : value   // no -0
    }

    /// Exactly the numbers `names` (e.g. X Y), then the end of the line.
    mutating func numbers(_ names: [String], verb: String) throws -> [Double] {
        var values: [Double] = []
        for (index, name) in names.enumerated() {
            guard let token = next() else {
                let missing = Array(names[index...])
                let verbForm = missing.count == 1 ? "is" : "are"
                throw problem(at: endColumn, "\"\(verb)\" needs \(names.joined(separator: " ")), but \(InputScript.list(missing, "and")) \(verbForm) missing")
            }
            let value = try number(token, for: name)
            // A drag is a gesture, not a film: its moves are generated at 60 Hz, and an hour-long
            // one would be a quarter of a million events.
            if name == "DURATION" && value > InputScript.longestDrag {
                throw problem(at: token.column, "a drag lasts at most \(Int(InputScript.longestDrag)) seconds, found \"\(token.text)\"")
            }
            values.append(value)
        }
        try expectEnd(verb: verb, takes: "only \(names.joined(separator: " "))")
        return values
    }

    mutating func expectEnd(verb: String, takes: String) throws {
        if let extra = next() {
            throw problem(at: extra.column, "\"\(verb)\" takes \(takes); remove the extra \"\(extra.text)\"")
        }
    }
}
