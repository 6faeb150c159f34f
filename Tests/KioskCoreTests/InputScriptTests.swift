import Foundation
import Testing
@testable import KioskCore

/// A script that must not parse, where the problem must point, and part of what it must say.
struct BadScript: Sendable, CustomTestStringConvertible {
    var text: String
    var line: Int
    var column: Int
    var fragment: String
    init(_ text: String, _ line: Int, _ column: Int, _ fragment: String) {
        self.text = text; self.line = line; self.column = column; self.fragment = fragment
    }
    var testDescription: String { text.debugDescription }
}

@Suite struct InputScriptTests {
    static let sample = """
        # A visitor opens the honour roll and searches.

        0.5 tap 960 540            # touch the middle
        1 drag 100 200.5 400 800 0.5
          2.0 type Nguyễn Văn A    # a name with spaces
        2.0 type C#
        2.5 key Escape
        3 wait
        """

    static let sampleSteps: [InputScript.TimedStep] = [
        .init(time: 0.5, step: .tap(x: 960, y: 540), line: 3),
        .init(time: 1, step: .drag(fromX: 100, fromY: 200.5, toX: 400, toY: 800, duration: 0.5), line: 4),
        .init(time: 2, step: .type("Nguyễn Văn A"), line: 5),
        .init(time: 2, step: .type("C#"), line: 6),
        .init(time: 2.5, step: .key("Escape"), line: 7),
        .init(time: 3, step: .wait, line: 8),
    ]

    @Test func parsesEveryVerbWithCommentsAndBlankLines() throws {
        let script = try InputScript.parse(Self.sample, path: "demo.script")
        #expect(script.steps == Self.sampleSteps)
        // Typing the 12 characters of "Nguyễn Văn A" from 2.0 ends after the wait at 3.
        #expect(abs(script.duration - (2 + 11 * 0.12)) < 1e-9)
    }

    @Test func acceptsCRLFAndAByteOrderMark() throws {
        let windows = "\u{FEFF}" + Self.sample.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        #expect(windows.contains("\r\n"))
        let script = try InputScript.parse(windows, path: "demo.script")
        #expect(script.steps == Self.sampleSteps)
        // Neither the mark nor the carriage return shifts where problems point.
        let bad = "\u{FEFF}0 tap x 1\r\n"
        #expect(throws: Problem(path: "bad.script", line: 1, column: 7, severity: .error,
                                message: "expected a number for X, found \"x\"")) {
            try InputScript.parse(bad, path: "bad.script")
        }
        let typed = try InputScript.parse("1 type Xin chào\r\n2 wait\r\n", path: "crlf.script")
        #expect(typed.steps.map(\.step) == [.type("Xin chào"), .wait])
        #expect(typed.steps.map(\.line) == [1, 2])
    }

    @Test func typeTakesTheRestOfTheLineAfterOneSpace() throws {
        // Whitespace at the end of the line and a comment are not typed; a "#" inside a word is.
        let ok = try InputScript.parse("1 type  two spaces   \n2 type a#b # comment\n3 type\tx y", path: "t")
        #expect(ok.steps.map(\.step) == [.type(" two spaces"), .type("a#b"), .type("x y")])
    }

    @Test func emptyScriptHasNoStepsAndNoDuration() throws {
        let script = try InputScript.parse("\n# nothing\n\n", path: "empty.script")
        #expect(script.steps.isEmpty)
        #expect(script.duration == 0)
        #expect(script.timeline().isEmpty)
    }

    @Test func durationIsWhenTheLastStepHasFinished() throws {
        #expect(try InputScript.parse("0.5 tap 1 2", path: "d").duration == 0.5 + 0.08)
        #expect(try InputScript.parse("1 drag 0 0 10 10 2.5\n1.5 tap 1 1", path: "d").duration == 3.5)
        #expect(abs(try InputScript.parse("2 type abc", path: "d").duration - 2.24) < 1e-9)
        #expect(try InputScript.parse("1 key Return\n4.25 wait", path: "d").duration == 4.25)
        #expect(try InputScript.parse("0 tap 1 2\n0.01 wait", path: "d").duration == 0.08)
    }

    @Test func tapIsDownThenUpEightyMillisecondsLater() throws {
        let timeline = try InputScript.parse("0.5 tap 960 540.5", path: "t").timeline()
        #expect(timeline.map(\.event) == [.pointerDown(x: 960, y: 540.5), .pointerUp(x: 960, y: 540.5)])
        #expect(timeline.map(\.time) == [0.5, 0.5 + 0.08])
    }

    @Test func dragMovesEverySixtiethOfASecondToTheEndPoint() throws {
        let timeline = try InputScript.parse("1 drag 100 200 400 800 0.5", path: "d").timeline()
        #expect(timeline.count == 1 + 30 + 1)
        #expect(timeline.first?.event == .pointerDown(x: 100, y: 200))
        #expect(timeline.first?.time == 1)
        let moves = timeline.filter { if case .pointerMoved = $0.event { true } else { false } }
        #expect(moves.count == 30)
        // First move one frame in, a thirtieth of the way: (300, 600) / 30 = (10, 20).
        if case let .pointerMoved(x, y) = moves[0].event {
            #expect(abs(x - 110) < 1e-9 && abs(y - 220) < 1e-9)
        } else { Issue.record("first move is \(moves[0].event)") }
        #expect(abs(moves[0].time - (1 + 1.0 / 60)) < 1e-12)
        #expect(moves.last?.event == .pointerMoved(x: 400, y: 800))
        #expect(moves.last?.time == 1.5)
        for (a, b) in zip(moves, moves.dropFirst()) { #expect(abs(b.time - a.time - 1.0 / 60) < 1e-9) }
        #expect(timeline.last?.event == .pointerUp(x: 400, y: 800))
        #expect(timeline.last?.time == 1.5)
    }

    @Test func dragThatIsNotAWholeNumberOfFramesEndsExactlyOnTime() throws {
        let timeline = try InputScript.parse("0 drag 0 0 110 0 0.11", path: "d").timeline()
        let moves = timeline.filter { if case .pointerMoved = $0.event { true } else { false } }
        #expect(moves.count == 7)   // at 1/60 … 6/60, then at 0.11
        #expect(moves.last?.time == 0.11)
        #expect(moves.last?.event == .pointerMoved(x: 110, y: 0))
        #expect(moves.map(\.time) == moves.map(\.time).sorted())
    }

    @Test func dragOfNoDurationIsDownOneMoveUp() throws {
        let timeline = try InputScript.parse("2 drag 1 2 3 4 0", path: "d").timeline()
        #expect(timeline.map(\.event) == [.pointerDown(x: 1, y: 2), .pointerMoved(x: 3, y: 4), .pointerUp(x: 3, y: 4)])
        #expect(timeline.map(\.time) == [2, 2, 2])
    }

    @Test func typingIsOneCharacterEveryTwelveHundredths() throws {
        let timeline = try InputScript.parse("2 type Thắng", path: "t").timeline()
        #expect(timeline.map(\.event) == ["T", "h", "ắ", "n", "g"].map { InputEvent.text($0) })
        let expected = [2.0, 2.12, 2.24, 2.36, 2.48]
        #expect(timeline.count == expected.count)
        for (event, time) in zip(timeline, expected) { #expect(abs(event.time - time) < 1e-9) }
        // Written decomposed (a + combining breve + combining acute) it is still five characters.
        let decomposed = try InputScript.parse("2 type Tha\u{0306}\u{0301}ng", path: "t").timeline()
        #expect(decomposed.map(\.event) == ["T", "h", "a\u{0306}\u{0301}", "n", "g"].map { InputEvent.text($0) })
    }

    @Test func keyAndWait() throws {
        let timeline = try InputScript.parse("1 key Backspace\n2 wait\n3 key Return", path: "k").timeline()
        #expect(timeline.map(\.event) == [.key("Backspace", ctrl: false), .key("Return", ctrl: false)])
        #expect(timeline.map(\.time) == [1, 3])
    }

    @Test func overlappingStepsAreSortedByTimeKeepingScriptOrderForTies() throws {
        let timeline = try InputScript.parse("0 drag 0 0 60 0 0.05\n0.05 tap 5 5\n0.05 key Left", path: "o").timeline()
        func label(_ event: InputEvent) -> String {
            switch event {
            case .pointerDown: "down"
            case .pointerMoved: "move"
            case .pointerUp(let x, _): "up \(Int(x))"
            case .key(let name, _): name
            default: "other"
            }
        }
        // The drag ends at 0.05 with its up before the tap's down and the key of the same instant.
        #expect(timeline.map { label($0.event) } == ["down", "move", "move", "move", "up 60", "down", "Left", "up 5"])
        #expect(timeline.map(\.time) == timeline.map(\.time).sorted())
        #expect(timeline.last?.time == 0.05 + 0.08)
    }

    static let badScripts: [BadScript] = [
        BadScript("1 tap 5 abc", 1, 9, "expected a number for Y, found \"abc\""),
        BadScript("0 wait\n\n# c\n1 tap 5 abc", 4, 9, "expected a number for Y, found \"abc\""),
        BadScript("0.5 tapp 1 2", 1, 5, "unknown action \"tapp\"; the actions are tap, drag, type, key and wait"),
        BadScript("0.5 Tap 1 2", 1, 5, "unknown action \"Tap\""),
        BadScript("tap 1 2", 1, 1, "expected a time in seconds (such as 0.5) at the start of the line, found \"tap\""),
        BadScript("  0.5   # no action", 1, 6, "expected an action after the time: tap, drag, type, key or wait"),
        BadScript("0.5 tap 10", 1, 11, "\"tap\" needs X Y, but Y is missing"),
        BadScript("0.5 tap 10   # comment", 1, 11, "Y is missing"),
        BadScript("0 drag 1 2 3", 1, 13, "\"drag\" needs X1 Y1 X2 Y2 DURATION, but Y2 and DURATION are missing"),
        BadScript("0 drag 1", 1, 9, "but Y1, X2, Y2 and DURATION are missing"),
        BadScript("0.5 tap 10 20 30", 1, 15, "\"tap\" takes only X Y; remove the extra \"30\""),
        BadScript("0 drag 1 2 3 4 5 6", 1, 18, "remove the extra \"6\""),
        BadScript("0 drag 1 2 3 4 3600", 1, 16, "a drag lasts at most 60 seconds"),
        BadScript("1 wait 5", 1, 8, "\"wait\" takes nothing after it; remove the extra \"5\""),
        BadScript("-1 wait", 1, 1, "the time must not be negative, found \"-1\""),
        BadScript("0 tap -3 4", 1, 7, "X must not be negative, found \"-3\""),
        BadScript("0 drag 1 2 3 4 -0.5", 1, 16, "DURATION must not be negative, found \"-0.5\""),
        BadScript("0 tap inf 4", 1, 7, "expected a finite number for X, found \"inf\""),
        BadScript("0 tap 1 NaN", 1, 9, "expected a finite number for Y, found \"NaN\""),
        BadScript("0 tap 1\(String(repeating: "0", count: 400)) 4", 1, 7, "expected a finite number for X"),
        BadScript("0 tap 1e3 4", 1, 7, "expected a number for X, found \"1e3\""),
        BadScript("0 tap 0x10 4", 1, 7, "expected a number for X, found \"0x10\""),
        BadScript("0 tap 1.2.3 4", 1, 7, "expected a number for X, found \"1.2.3\""),
        BadScript("0 tap . 4", 1, 7, "expected a number for X, found \".\""),
        BadScript("0 tap 1 2#x", 1, 9, "expected a number for Y, found \"2#x\""),
        BadScript("0 tap ١ 2", 1, 7, "expected a number for X, found \"١\""),
        BadScript("2.5 wait\n1 tap 1 1", 2, 1, "times must not go backwards: 1 comes after 2.5 on line 1"),
        BadScript("0 wait\n3 wait\n\n  2.99 wait", 4, 3, "times must not go backwards: 2.99 comes after 3 on line 2"),
        BadScript("1 type", 1, 7, "\"type\" needs the text to type"),
        BadScript("1 type     ", 1, 7, "\"type\" needs the text to type"),
        BadScript("1 type #hashtag", 1, 7, "\"type\" needs the text to type"),
        BadScript("1 key", 1, 6, "\"key\" needs a key name: Escape, Left, Right, Backspace or Return"),
        BadScript("1 key # Escape", 1, 6, "\"key\" needs a key name"),
        BadScript("1 key escape", 1, 7, "unknown key \"escape\"; the keys are Escape, Left, Right, Backspace and Return"),
        BadScript("1 key Escape now", 1, 14, "\"key\" takes one key name; remove the extra \"now\""),
        BadScript("\u{FEFF}0 tap 1 2\r\n1 tap 1 x\r\n", 2, 9, "expected a number for Y, found \"x\""),
    ]

    @Test(arguments: badScripts) func badScriptIsRejectedWhereTheProblemIs(_ bad: BadScript) {
        do {
            let script = try InputScript.parse(bad.text, path: "demo.script")
            Issue.record("parsed as \(script.steps)")
        } catch let problem as Problem {
            #expect(problem.severity == .error)
            #expect(problem.path == "demo.script")
            #expect(problem.line == bad.line)
            #expect(problem.column == bad.column)
            #expect(problem.message.contains(bad.fragment), "\(problem.message)")
            #expect(problem.description.hasPrefix("demo.script:\(bad.line):\(bad.column): error: "))
        } catch {
            Issue.record("threw \(error), not a Problem")
        }
    }

    @Test func problemReadsAsCompilerStyleLine() {
        #expect(throws: Problem.self) { try InputScript.parse("0 wait\n\n1 tap 5 abc", path: "demo.script") }
        do {
            _ = try InputScript.parse("0 wait\n\n1 tap 5 abc", path: "demo.script")
        } catch {
            #expect("\(error)" == "demo.script:3:9: error: expected a number for Y, found \"abc\"")
        }
    }
}
