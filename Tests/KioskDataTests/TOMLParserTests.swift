import Foundation
import Testing
@testable import KioskData

// Tests for the TOML 1.0 parser behind kiosk.toml. Cases follow the TOML 1.0 spec and the kinds of
// case the toml-test suite has, written out here. Documents are compared through `render`, a
// compact one-line form such as `{a={b=1},c=[1,"x"]}` (keys in document order).

/// `v = <text>` parsed, and the value of `v`.
private func value(_ text: String) throws -> TOMLValue? {
    try TOMLParser.parse("v = " + text)["v"]
}

/// The error parsing `text` throws, or nil when it parses.
private func failure(_ text: String) -> TOMLError? {
    do { _ = try TOMLParser.parse(text); return nil } catch let error as TOMLError { return error } catch {
        Issue.record("not a TOMLError: \(error)")
        return nil
    }
}

private func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let s): return String(reflecting: s)
    case .integer(let i): return "\(i)"
    case .float(let d): return "\(d)"
    case .boolean(let b): return "\(b)"
    case .dateTime(let d): return "\(d)"
    case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
    case .table(let t): return render(t)
    }
}

private func render(_ table: TOMLTable) -> String {
    "{" + table.keys.map { key in
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy(TOMLScanner.isBareKeyCharacter)
        return (bare ? key : String(reflecting: key)) + "=" + render(table[key]!)
    }.joined(separator: ",") + "}"
}

/// Depth of nested lists and tables in a value (a plain value is 0).
private func depth(_ value: TOMLValue) -> Int {
    switch value {
    case .array(let items): return 1 + (items.map(depth).max() ?? 0)
    case .table(let t): return 1 + (t.keys.map { depth(t[$0]!) }.max() ?? 0)
    default: return 0
    }
}

private func dt(_ y: Int? = nil, _ mo: Int? = nil, _ d: Int? = nil, _ h: Int? = nil, _ mi: Int? = nil, _ s: Int? = nil,
                ns: Int = 0, offset: Int? = nil) -> TOMLValue {
    .dateTime(TOMLDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: ns, offsetMinutes: offset))
}

@Suite struct TOMLParserTests {

    // MARK: strings

    static let strings: [(String, String)] = [
        (#""hello""#, "hello"),
        ("\"\"", ""),
        (#""\b\t\n\f\r\"\\""#, "\u{8}\t\n\u{C}\r\"\\"),
        (#""\u00E9 \u00e9""#, "é é"),
        (#""\U0001F600""#, "😀"),
        (#""\u0000""#, "\u{0}"),
        (#""\u007F""#, "\u{7F}"),
        ("\"tab\there\"", "tab\there"),
        (##""# not a comment""##, "# not a comment"),
        (#""Hội hữu nghị 漢字 😀""#, "Hội hữu nghị 漢字 😀"),
        (#""a 'single' quote""#, "a 'single' quote"),
        (#"'C:\Users\nodejs\templates'"#, #"C:\Users\nodejs\templates"#),
        (#"'<\i\c*\s*>'"#, #"<\i\c*\s*>"#),
        (#"'Tom "Dubs" Preston-Werner'"#, #"Tom "Dubs" Preston-Werner"#),
        ("''", ""),
        ("'tab\there'", "tab\there"),
        ("\"\"\"\nRoses are red\nViolets are blue\"\"\"", "Roses are red\nViolets are blue"),
        ("\"\"\"\r\nfirst\r\nsecond\r\n\"\"\"", "first\nsecond\n"),
        ("\"\"\"one \\\n   two\"\"\"", "one two"),
        ("\"\"\"\\\n\n  \n  x\"\"\"", "x"),
        ("\"\"\"a \\  \t\n  b\"\"\"", "a b"),
        ("\"\"\"a\\\r\n  b\"\"\"", "ab"),
        ("\"\"\"\\\n\"\"\"", ""),
        ("\"\"\"a\\tb \\u00E9\\U0001F600 \\\\\"\"\"", "a\tb é😀 \\"),
        // (Swift raw strings cannot start with three quotes, so these are escaped.)
        ("\"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"", #"Here are two quotation marks: "". Simple enough."#),
        ("\"\"\"\"This,\" she said, \"she's just a pointless statement.\"\"\"\"", #""This," she said, "she's just a pointless statement.""#),
        ("\"\"\"a\"\"\"", "a"),
        ("\"\"\"a\"\"\"\"", "a\""),
        ("\"\"\"a\"\"\"\"\"", "a\"\""),
        ("\"\"\"x\"\"y\"\"\"", "x\"\"y"),
        ("\"\"\"a\\\"\"\"b\"\"\"", "a\"\"\"b"),
        ("\"\"\"\"\"\"", ""),
        ("\"\"\"\n\"\"\"", ""),
        ("\"\"\"\n\n\"\"\"", "\n"),
        ("\"\"\"tab\there\"\"\"", "tab\there"),
        ("'''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''",
         "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"),
        (#"'''I [dw]on't need \d{2} apples'''"#, #"I [dw]on't need \d{2} apples"#),
        ("'''a\\\nb'''", "a\\\nb"),
        ("'''\r\nx\r\ny'''", "x\ny"),
        (#"''''That,' she said''''"#, "'That,' she said'"),
        (#"'''a'''''"#, "a''"),
        (#"''''''"#, ""),
        (#"'''"quoted" and \n'''"#, #""quoted" and \n"#),
    ]

    @Test(arguments: strings) func validString(input: String, expected: String) throws {
        #expect(try value(input) == .string(expected))
    }

    // MARK: integers, floats, booleans

    static let numbers: [(String, TOMLValue)] = [
        ("+99", .integer(99)), ("42", .integer(42)), ("0", .integer(0)), ("-17", .integer(-17)),
        ("+0", .integer(0)), ("-0", .integer(0)),
        ("1_000", .integer(1000)), ("5_349_221", .integer(5_349_221)), ("53_49_221", .integer(5_349_221)),
        ("1_2_3_4_5", .integer(12345)),
        ("0xDEADBEEF", .integer(0xDEADBEEF)), ("0xdeadbeef", .integer(0xDEADBEEF)), ("0xdead_beef", .integer(0xDEADBEEF)),
        ("0x00ff", .integer(255)), ("0x0", .integer(0)),
        ("0o01234567", .integer(0o1234567)), ("0o755", .integer(0o755)), ("0o0_7", .integer(7)),
        ("0b11010110", .integer(0b11010110)), ("0b0", .integer(0)), ("0b1_0", .integer(2)),
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("0x7FFFFFFFFFFFFFFF", .integer(.max)), ("0o777777777777777777777", .integer(.max)),
        ("+1.0", .float(1)), ("3.1415", .float(3.1415)), ("-0.01", .float(-0.01)),
        ("5e+22", .float(5e22)), ("1e06", .float(1e6)), ("-2E-2", .float(-0.02)), ("1E2", .float(100)),
        ("6.626e-34", .float(6.626e-34)), ("224_617.445_991_228", .float(224_617.445_991_228)),
        ("1e1_0", .float(1e10)), ("1e-0", .float(1)), ("0e0", .float(0)), ("0.0", .float(0)), ("+0.0", .float(0)),
        ("0.1", .float(0.1)), ("1_0.0_1e0_1", .float(100.1)),
        ("1.7976931348623157e308", .float(.greatestFiniteMagnitude)), ("5e-324", .float(5e-324)),
        ("inf", .float(.infinity)), ("+inf", .float(.infinity)), ("-inf", .float(-.infinity)),
        ("true", .boolean(true)), ("false", .boolean(false)),
    ]

    @Test(arguments: numbers) func validNumber(input: String, expected: TOMLValue) throws {
        #expect(try value(input) == expected)
    }

    @Test(arguments: ["nan", "+nan", "-nan"]) func notANumber(input: String) throws {
        #expect(try value(input)?.double?.isNaN == true)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        #expect(try value("-0.0")?.double?.sign == .minus)
    }

    // MARK: dates and times

    static let dates: [(String, TOMLValue)] = [
        ("1979-05-27T07:32:00Z", dt(1979, 5, 27, 7, 32, 0, offset: 0)),
        ("1979-05-27T00:32:00-07:00", dt(1979, 5, 27, 0, 32, 0, offset: -420)),
        ("1979-05-27T00:32:00.999999-07:00", dt(1979, 5, 27, 0, 32, 0, ns: 999_999_000, offset: -420)),
        ("1979-05-27T07:32:00+05:30", dt(1979, 5, 27, 7, 32, 0, offset: 330)),
        ("1979-05-27 07:32:00Z", dt(1979, 5, 27, 7, 32, 0, offset: 0)),
        ("1979-05-27t07:32:00z", dt(1979, 5, 27, 7, 32, 0, offset: 0)),
        ("1987-07-05T17:45:56.5Z", dt(1987, 7, 5, 17, 45, 56, ns: 500_000_000, offset: 0)),
        ("9999-12-31T23:59:59.999999999+23:59", dt(9999, 12, 31, 23, 59, 59, ns: 999_999_999, offset: 23 * 60 + 59)),
        ("1979-05-27T23:59:60Z", dt(1979, 5, 27, 23, 59, 60, offset: 0)),
        ("1979-05-27T07:32:00", dt(1979, 5, 27, 7, 32, 0)),
        ("1979-05-27 07:32:00", dt(1979, 5, 27, 7, 32, 0)),
        ("1979-05-27T00:32:00.999999", dt(1979, 5, 27, 0, 32, 0, ns: 999_999_000)),
        ("1979-05-27", dt(1979, 5, 27)),
        ("0001-01-01", dt(1, 1, 1)),
        ("2024-02-29", dt(2024, 2, 29)), ("2000-02-29", dt(2000, 2, 29)), ("1600-02-29", dt(1600, 2, 29)),
        ("2023-12-31", dt(2023, 12, 31)), ("2023-04-30", dt(2023, 4, 30)),
        ("07:32:00", dt(nil, nil, nil, 7, 32, 0)),
        ("00:32:00.999999", dt(nil, nil, nil, 0, 32, 0, ns: 999_999_000)),
        ("00:00:00.1234567891", dt(nil, nil, nil, 0, 0, 0, ns: 123_456_789)),
        ("23:59:59.000000001", dt(nil, nil, nil, 23, 59, 59, ns: 1)),
    ]

    @Test(arguments: dates) func validDate(input: String, expected: TOMLValue) throws {
        #expect(try value(input) == expected)
    }

    @Test func dateFollowedByComment() throws {
        #expect(try value("1979-05-27 # a date, not a date-time") == dt(1979, 5, 27))
        #expect(try value("1979-05-27T07:32:00Z# c") == dt(1979, 5, 27, 7, 32, 0, offset: 0))
    }

    // MARK: arrays and inline tables

    static let compound: [(String, String)] = [
        ("[]", "[]"),
        ("[ ]", "[]"),
        ("[1, 2, 3]", "[1,2,3]"),
        ("[1,2,3,]", "[1,2,3]"),
        ("[1 , 2 , ]", "[1,2]"),
        (#"[ "a", 'b', """c""", '''d''' ]"#, #"["a","b","c","d"]"#),
        (#"[ "a,b", "]", '[' ]"#, #"["a,b","]","["]"#),
        (#"[[1, 2], ["a", "b"]]"#, #"[[1,2],["a","b"]]"#),
        (#"[1, "mixed", 1.5, true, [], {}]"#, #"[1,"mixed",1.5,true,[],{}]"#),
        ("[\n  1,\n  2, # two\n]", "[1,2]"),
        ("[ # nothing yet\n ]", "[]"),
        ("[\n1\n,\n2\n]", "[1,2]"),
        ("[\r\n  1,\r\n  2\r\n]", "[1,2]"),
        ("[\n  # first\n  1, # one\n\n  # last\n]", "[1]"),
        ("[[[]]]", "[[[]]]"),
        ("[{a = 1}, {b = 2}]", "[{a=1},{b=2}]"),
        ("[\"\"\"x\ny\"\"\", 1]", #"["x\ny",1]"#),
        ("{}", "{}"),
        ("{ }", "{}"),
        (#"{ first = "Tom", last = "Preston-Werner" }"#, #"{first="Tom",last="Preston-Werner"}"#),
        ("{x=1,y=2}", "{x=1,y=2}"),
        (#"{ type.name = "pug" }"#, #"{type={name="pug"}}"#),
        ("{ a.b = 1, a.c = 2, d = 3 }", "{a={b=1,c=2},d=3}"),
        ("{ a . b = 1 }", "{a={b=1}}"),
        ("{a = {b = {c = 1}}}", "{a={b={c=1}}}"),
        ("{ a = [1, 2], b = {} }", "{a=[1,2],b={}}"),
        ("{ a = [\n1,\n2 # comment\n] }", "{a=[1,2]}"),
        ("{ a = \"\"\"\nx\"\"\" }", #"{a="x"}"#),
        (#"{ "quoted key" = 1, 'lit' = 2 }"#, #"{"quoted key"=1,lit=2}"#),
        ("{ d = 1979-05-27, t = 07:32:00 }", "{d=\(TOMLDateTime(year: 1979, month: 5, day: 27)),t=\(TOMLDateTime(hour: 7, minute: 32, second: 0))}"),
    ]

    @Test(arguments: compound) func validArrayOrInlineTable(input: String, expected: String) throws {
        #expect(try value(input).map(render) == expected)
    }

    // MARK: keys, tables, comments: whole documents

    static let documents: [(String, String)] = [
        ("", "{}"),
        ("\n\n  \t\n", "{}"),
        ("# only a comment", "{}"),
        ("# ñ 漢字\t😀 \"quotes\" [brackets] = #\n", "{}"),
        ("key = 1", "{key=1}"),
        ("bare_key-1 = 1", "{bare_key-1=1}"),
        ("1234 = 1", "{1234=1}"),
        ("-- = 1", "{--=1}"),
        ("true = 1\ninf = 2\nnan = 3", "{true=1,inf=2,nan=3}"),
        (#""quoted key" = 1"#, #"{"quoted key"=1}"#),
        ("'literal.key' = 1", #"{"literal.key"=1}"#),
        ("\"\" = 1", #"{""=1}"#),
        ("'' = 1", #"{""=1}"#),
        (#""\u00e9" = 1"#, #"{"é"=1}"#),
        (#""tổ_chức" = 1"#, #"{"tổ_chức"=1}"#),
        (#""a\"b" = 1"#, #"{"a\"b"=1}"#),
        ("a.b.c = 1", "{a={b={c=1}}}"),
        ("a . b . c = 1", "{a={b={c=1}}}"),
        ("a\t.\tb = 1", "{a={b=1}}"),
        (#"site."google.com" = true"#, #"{site={"google.com"=true}}"#),
        (#""a".'b'."c" = 1"#, "{a={b={c=1}}}"),
        ("3.14159 = \"pi\"", #"{3={14159="pi"}}"#),
        ("a.b = 1\na.c = 2", "{a={b=1,c=2}}"),
        ("fruit.apple.color = \"red\"\nfruit.apple.taste.sweet = true", #"{fruit={apple={color="red",taste={sweet=true}}}}"#),
        ("b = 1\na = 2", "{b=1,a=2}"),
        ("a=1\nb\t=\t2", "{a=1,b=2}"),
        ("a = 1 # comment\n# full line\n  # indented\nb = \"# not a comment\"  #c", ##"{a=1,b="# not a comment"}"##),
        ("a = 1\r\nb = 2\r\n", "{a=1,b=2}"),
        ("# c\r\n[t] # c\r\nx = 1 # c\r\n", "{t={x=1}}"),
        ("  [a]\n\tb = 1", "{a={b=1}}"),
        ("[table]\nkey = \"v\"", #"{table={key="v"}}"#),
        ("[a]\n[b]", "{a={},b={}}"),
        ("[a] # comment\nx = 1\n[b]#c\n", "{a={x=1},b={}}"),
        ("a = 1\n[b]\nc = 2", "{a=1,b={c=2}}"),
        ("[a.b.c]\nx = 1", "{a={b={c={x=1}}}}"),
        ("[ a . b ]", "{a={b={}}}"),
        ("[\ta\t]", "{a={}}"),
        (#"[ "a.b" ]"#, #"{"a.b"={}}"#),
        (#"[a."b.c"]"#, #"{a={"b.c"={}}}"#),
        (#"[ j . "ʞ" . 'l' ]"#, #"{j={"ʞ"={l={}}}}"#),
        (#"[""]"#, #"{""={}}"#),
        ("[a.b.c]\n[a]\nd = 1", "{a={b={c={}},d=1}}"),
        ("[a.b]\nx = 1\n[a.c]\ny = 2", "{a={b={x=1},c={y=2}}}"),
        ("[a]\nb.c = 1\n[a.b.d]\ne = 2", "{a={b={c=1,d={e=2}}}}"),
        ("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
         #"{fruit={apple={color="red",taste={sweet=true},texture={smooth=true}}}}"#),
        ("a.b = 1\n[a.c]\nd = 2", "{a={b=1,c={d=2}}}"),
        ("[a]\nb = { c = 1 }", "{a={b={c=1}}}"),
        ("[[a]]\nx = 1\n[[a]]\nx = 2", "{a=[{x=1},{x=2}]}"),
        ("[[a]]\n[[a]]", "{a=[{},{}]}"),
        ("[[ a ]] # c\n[[a]]", "{a=[{},{}]}"),
        ("[[a.b]]\n[[a.b]]", "{a={b=[{},{}]}}"),
        ("[a]\n[[a.b]]\n[[a.b]]", "{a={b=[{},{}]}}"),
        ("[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2", "{a=[{b={x=1}},{b={x=2}}]}"),
        ("[[a]]\nb.c = 1\n[[a]]\nb.c = 2", "{a=[{b={c=1}},{b={c=2}}]}"),
        ("""
        [[fruit]]
        name = "apple"
        [fruit.physical]
        color = "red"
        [[fruit.variety]]
        name = "red delicious"
        [[fruit.variety]]
        name = "granny smith"
        [[fruit]]
        name = "banana"
        [[fruit.variety]]
        name = "plantain"
        """, #"{fruit=[{name="apple",physical={color="red"},variety=[{name="red delicious"},{name="granny smith"}]},{name="banana",variety=[{name="plantain"}]}]}"#),
        ("a = \"\"\"\n[not]\nb = a table\n\"\"\"\n[c]", #"{a="[not]\nb = a table\n",c={}}"#),
    ]

    @Test(arguments: documents) func validDocument(input: String, expected: String) throws {
        #expect(render(try TOMLParser.parse(input)) == expected)
    }

    // MARK: invalid documents: line, column (nil when not obvious) and a word the message must contain

    static let invalid: [(input: String, line: Int, column: Int?, says: String)] = [
        // strings
        (#"v = "abc"#, 1, 5, "no closing"),
        ("v = \"abc\ndef\"", 1, 5, "on its line"),
        (#"v = "\x41""#, 1, 6, #"\x"#),
        (#"v = "\a""#, 1, 6, "escape"),
        (#"v = "\e""#, 1, 6, "escape"),
        (#"v = "\ ""#, 1, 6, "escape"),
        (#"v = "\u12""#, 1, 6, "4 hexadecimal digits"),
        (#"v = "\u12G4""#, 1, 6, "4 hexadecimal digits"),
        (#"v = "\U0001F60""#, 1, 6, "8 hexadecimal digits"),
        (#"v = "\uD800""#, 1, 6, "no Unicode character"),
        (#"v = "\U00110000""#, 1, 6, "no Unicode character"),
        (#"v = "\UFFFFFFFF""#, 1, 6, "no Unicode character"),
        ("v = \"\\", 1, 6, "end of the file"),
        ("v = \"\"\"abc", 1, 5, "never closed"),
        ("v = '''abc\n\n", 1, 5, "never closed"),
        ("v = 'a\nb'", 1, 5, "on its line"),
        ("v = \"\"\"a\"\"\"\"\"\"", 1, 14, "too many"),
        ("v = '''a''''''", 1, 14, "too many"),
        ("v = \"\"\"a\\ b\"\"\"", 1, 9, "escape"),
        ("v = \"\"\"\\q\"\"\"", 1, 8, "escape"),
        ("v = \"a\u{01}b\"", 1, 7, "U+0001"),
        ("v = \"a\u{7F}\"", 1, 7, "U+007F"),
        ("v = 'a\u{0}'", 1, 7, "U+0000"),
        ("v = 'a\u{1B}[0m'", 1, 7, "U+001B"),
        ("v = \"\"\"a\u{1F}\"\"\"", 1, 9, "U+001F"),
        ("v = '''\u{8}'''", 1, 8, "U+0008"),
        ("v = \"\"\"a\rb\"\"\"", 1, 9, "carriage return"),
        ("v = '''a\rb'''", 1, 9, "carriage return"),
        ("v = \"a\rb\"", 1, 7, "U+000D"),
        ("v = 'a\rb'", 1, 7, "U+000D"),
        ("v = \"a\" \"b\"", 1, 9, "unexpected text"),
        ("v = \"a\"b", 1, 8, "unexpected text"),
        ("v = \"\"\"a\"\"\" x", 1, 13, "unexpected text"),
        // columns count Unicode scalars, tabs count one
        (#"v = "漢字😀\x""#, 1, 9, #"\x"#),
        ("v = \"e\u{301}\\q\"", 1, 8, #"\q"#),
        ("\tv = \"\\q\"", 1, 7, #"\q"#),
        ("a = 1\r\nb = @", 2, 5, "@"),
        // integers
        ("v = 01", 1, 5, "not a number"),
        ("v = +01", 1, 5, "not a number"),
        ("v = -01", 1, 5, "not a number"),
        ("v = 00", 1, 5, "not a number"),
        ("v = 0_0", 1, 5, "not a number"),
        ("v = 1__0", 1, 5, "not a number"),
        ("v = 1_", 1, 5, "not a number"),
        ("v = _1", 1, 5, "_1"),
        ("v = 0x", 1, 5, "not a number"),
        ("v = 0xG", 1, 5, "not a number"),
        ("v = 0X1F", 1, 5, "not a number"),
        ("v = 0x_1", 1, 5, "not a number"),
        ("v = 0x1_", 1, 5, "not a number"),
        ("v = 0x1__2", 1, 5, "not a number"),
        ("v = 0b2", 1, 5, "not a number"),
        ("v = 0o8", 1, 5, "not a number"),
        ("v = 0B1", 1, 5, "not a number"),
        ("v = +0x1", 1, 5, "not a number"),
        ("v = -0b1", 1, 5, "not a number"),
        ("v = 9223372036854775808", 1, 5, "too large"),
        ("v = -9223372036854775809", 1, 5, "too large"),
        ("v = 0x8000000000000000", 1, 5, "too large"),
        ("v = 0b11111111111111111111111111111111111111111111111111111111111111111", 1, 5, "too large"),
        ("v = 1-2", 1, 5, "not a number"),
        ("v = 12a", 1, 5, "not a number"),
        ("v = 1,000", 1, 6, "unexpected text"),
        ("v = 1 000", 1, 7, "unexpected text"),
        ("v = 0 x1", 1, 7, "unexpected text"),
        // floats
        ("v = 1.", 1, 5, "not a number"),
        ("v = .5", 1, 5, ".5"),
        ("v = 1e", 1, 5, "not a number"),
        ("v = 1e+", 1, 5, "not a number"),
        ("v = 1.e5", 1, 5, "not a number"),
        ("v = 1.0e", 1, 5, "not a number"),
        ("v = 1__0.0", 1, 5, "not a number"),
        ("v = 1.0__1", 1, 5, "not a number"),
        ("v = 1_.5", 1, 5, "not a number"),
        ("v = 1._5", 1, 5, "not a number"),
        ("v = 1.5_", 1, 5, "not a number"),
        ("v = 1e_5", 1, 5, "not a number"),
        ("v = 1e5_", 1, 5, "not a number"),
        ("v = 01.5", 1, 5, "not a number"),
        ("v = 00.1", 1, 5, "not a number"),
        ("v = -01.0", 1, 5, "not a number"),
        ("v = 01e2", 1, 5, "not a number"),
        ("v = 1.2.3", 1, 5, "not a number"),
        ("v = 1e2e3", 1, 5, "not a number"),
        ("v = 1e2.5", 1, 5, "not a number"),
        ("v = ++1", 1, 5, "not a number"),
        ("v = +-1", 1, 5, "not a number"),
        ("v = --1", 1, 5, "not a number"),
        ("v = 1e400", 1, 5, "too large"),
        ("v = -1e400", 1, 5, "too large"),
        ("v = inf1", 1, 5, "quotes"),
        ("v = Inf", 1, 5, "quotes"),
        ("v = NaN", 1, 5, "quotes"),
        ("v = infinity", 1, 5, "quotes"),
        ("v = +inf_", 1, 5, "not a number"),
        // booleans and text without quotes
        ("v = True", 1, 5, #""True""#),
        ("v = TRUE", 1, 5, "quotes"),
        ("v = yes", 1, 5, #""yes""#),
        ("v = truex", 1, 5, "quotes"),
        ("v = true false", 1, 10, "unexpected text"),
        ("language = vi", 1, 12, #""vi""#),
        ("organisation = Hội hữu nghị", 1, 16, #""Hội hữu nghị""#),
        ("city = Đà Nẵng # the city", 1, 8, #""Đà Nẵng""#),
        ("v = [red, green]", 1, 6, #""red""#),
        ("v = “smart quotes”", 1, 5, "quotes"),
        // dates and times
        ("v = 2023-02-29", 1, 5, "no day 29"),
        ("v = 1900-02-29", 1, 5, "no day 29"),
        ("v = 2023-04-31", 1, 5, "no day 31"),
        ("v = 2023-01-32", 1, 5, "no day 32"),
        ("v = 2023-01-00", 1, 5, "no day 0"),
        ("v = 2023-13-01", 1, 5, "no month 13"),
        ("v = 2023-00-10", 1, 5, "no month 0"),
        ("v = 1979-5-27", 1, 10, "month"),
        ("v = 1979-05-7", 1, 13, "day"),
        ("v = 1979-05-27T", 1, 16, "hour"),
        ("v = 1979-05-27T7:32:00", 1, 16, "hour"),
        ("v = 1979-05-27T07:32", 1, 21, "seconds"),
        ("v = 1979-05-27 07:32", 1, 21, "seconds"),
        ("o=1979-05-27T:", 1, 14, "hour"),
        ("v = 07:32", 1, 10, "seconds"),
        ("v = 7:32:00", 1, 6, "unexpected text"),
        ("v = 24:00:00", 1, 5, "no time"),
        ("v = 23:60:00", 1, 5, "no time"),
        ("v = 23:59:61", 1, 5, "no time"),
        ("v = 1979-05-27T25:00:00Z", 1, 16, "no time"),
        ("v = 1979-05-27T07:32:00.", 1, 25, "digits"),
        ("v = 07:32:00.Z", 1, 14, "digits"),
        ("v = 1979-05-27T07:32:00+07", 1, 27, "+HH:MM"),
        ("v = 1979-05-27T07:32:00+7:00", 1, 25, "offset hour"),
        ("v = 1979-05-27T07:32:00+24:00", 1, 5, "offset"),
        ("v = 1979-05-27T07:32:00+07:60", 1, 5, "offset"),
        ("v = 1979-05-27T07:32:00ZZ", 1, 25, "unexpected text"),
        ("v = 1979-05-27 07:32:00 Z", 1, 25, "unexpected text"),
        ("v = 1979-05-27Z", 1, 15, "unexpected text"),
        ("v = 12:30:00Z", 1, 13, "unexpected text"),
        ("v = 1979/05/27", 1, 9, "unexpected text"),
        ("v = 1979-05-27x", 1, 15, "unexpected text"),
        // arrays
        ("v = [1, 2", 1, 5, "no closing ]"),
        ("v = [1, 2 # c ]", 1, 5, "no closing ]"),
        ("v = [1,\n2,\n", 1, 5, "no closing ]"),
        ("v = [1 2]", 1, 8, "expected , or ]"),
        ("v = [,]", 1, 6, "missing"),
        ("v = [1,,2]", 1, 8, "missing"),
        ("v = [1] 2", 1, 9, "unexpected text"),
        ("v = [1]]", 1, 8, "unexpected text"),
        ("b=[}", 1, 4, "a value is missing before \"}\""),
        ("v = ]", 1, 5, "a value is missing before \"]\""),
        ("v = {a = ,}", 1, 10, "a value is missing before \",\""),
        ("v = [\n  1,\n  x,\n]", 3, 3, #""x""#),
        // inline tables
        ("v = { a = 1, }", 1, 14, "comma"),
        ("v = {,}", 1, 6, ","),
        ("v = { a = 1\n}", 1, 5, "same line"),
        ("v = {\na = 1 }", 1, 5, "same line"),
        ("v = { a = 1", 1, 5, "same line"),
        ("v = { a = 1 b = 2 }", 1, 13, "expected , or }"),
        ("v = { a = 1 # c }", 1, 13, "expected , or }"),
        ("v = { a }", 1, 9, "expected ="),
        ("v = { a = 1, a = 2 }", 1, 14, "set twice"),
        ("v = { a.b = 1, a = 2 }", 1, 16, "set twice"),
        ("v = { a = {b = 1}, a.c = 2 }", 1, 20, "inline table"),
        ("v = { a = 1 }}", 1, 14, "unexpected text"),
        // keys
        ("= 1", 1, 1, "key is missing"),
        ("a = 1\n= 2", 2, 1, "key is missing"),
        ("a b = 1", 1, 3, "expected ="),
        ("a\u{A0}= 1", 1, 2, "U+00A0"),
        ("a = 1\u{A0}", 1, 6, "U+00A0"),
        ("a\rb = 1", 1, 2, "U+000D"),
        ("a. = 1", 1, 4, "key is missing"),
        (".a = 1", 1, 1, "."),
        ("a..b = 1", 1, 3, "."),
        ("a", 1, 2, "expected = and a value"),
        ("a\n= 1", 1, 2, "expected = and a value"),
        ("a.", 1, 3, "key is missing"),
        ("a = 1 b = 2", 1, 7, "unexpected text"),
        ("\"\"\"a\"\"\" = 1", 1, 1, "\"\"\""),
        ("'''a''' = 1", 1, 1, "'''"),
        ("\"a\nb\" = 1", 1, 1, "on its line"),
        ("tổ_chức = 1", 1, 1, #""tổ_chức""#),
        ("số_trang = 1", 1, 1, #""số_trang""#),
        ("ä = 1", 1, 1, "quotes"),
        ("a.tổ = 1", 1, 3, #""tổ""#),
        ("[tổ_chức]", 1, 2, #""tổ_chức""#),
        ("😀 = 1", 1, 1, "cannot start a key"),
        ("\u{0} = 1", 1, 1, "U+0000"),
        ("a = 1\n\u{C}", 2, 1, "U+000C"),
        // values missing
        ("a = ", 1, 5, "value is missing"),
        ("a =\nb = 1", 1, 4, "value is missing"),
        ("a = # c", 1, 5, "value is missing"),
        ("a = }", 1, 5, "}"),
        // headers
        ("[a", 1, 3, "]"),
        ("[a\nb]", 1, 3, "]"),
        ("[a b]", 1, 4, "]"),
        ("[a]]", 1, 4, "unexpected text"),
        ("[]", 1, 2, "]"),
        ("[[]]", 1, 3, "]"),
        ("[a.]", 1, 4, "]"),
        ("[.a]", 1, 2, "."),
        ("[[a]", 1, 4, "]]"),
        ("[[a] ]", 1, 4, "]]"),
        ("[ [a]]", 1, 3, "["),
        ("[[a]]]", 1, 6, "unexpected text"),
        ("[a] b = 1", 1, 5, "unexpected text"),
        ("[#", 1, 2, "#"),
        ("[a]\nb = 1 [c]", 2, 7, "unexpected text"),
        // comments and line ends
        ("a = 1\rb = 2", 1, 6, "carriage return"),
        ("\r", 1, 1, "carriage return"),
        ("a = 1 # c\r", 1, 10, "U+000D"),
        ("# a\u{0}b", 1, 4, "U+0000"),
        ("# a\u{7F}", 1, 4, "U+007F"),
        ("a = 1 # a\u{1B}", 1, 10, "U+001B"),
        ("a = \"x\"\u{0}", 1, 8, "U+0000"),
        // redefinitions
        ("a = 1\na = 2", 2, 1, "set twice (first on line 1)"),
        ("a = 1\na = 1", 2, 1, "set twice"),
        (#""a" = 1"# + "\na = 2", 2, 1, "set twice"),
        ("a = 1\n'a' = 2", 2, 1, "set twice"),
        ("a.b = 1\na.b = 2", 2, 3, "a.b is set twice"),
        ("a.b = 1\na = 2", 2, 1, "set twice"),
        ("a = 1\na.b = 2", 2, 1, "whole number"),
        ("a.b = 1\na.b.c = 2", 2, 3, "whole number"),
        ("[a]\n[a]", 2, 1, "defined twice (first on line 1)"),
        ("[a]\nb = 1\n\n[b]\n[a]", 5, 1, "first on line 1"),
        ("[a.b]\n[a]\n[a]", 3, 1, "first on line 2"),
        ("[a]\nb = 1\n[a.b]", 3, 1, "whole number"),
        ("[a]\nb.c = 1\n[a.b]", 3, 1, "dotted keys"),
        ("a.b = 1\n[a]", 2, 1, "dotted keys"),
        ("[fruit]\napple.color = \"red\"\n[fruit.apple]", 3, 1, "dotted keys"),
        ("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", 3, 1, "dotted keys"),
        ("[a.b]\n[a]\nb.c = 1", 3, 1, "[header]"),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 1, "[header]"),
        ("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4, 1, "[header]"),
        ("[a]\n[a.b]\n[a]", 3, 1, "defined twice"),
        ("a = 1\n[a]", 2, 1, "whole number"),
        ("a = [1]\n[[a]]", 2, 1, "list"),
        ("a = []\n[[a]]", 2, 1, "list"),
        ("a = [{b = 1}]\n[[a]]", 2, 1, "list"),
        ("a = [{b = 1}]\n[a.c]", 2, 1, "list"),
        ("a = {b = 1}\n[a]", 2, 1, "inline table"),
        ("a = {}\n[[a]]", 2, 1, "inline table"),
        ("a = {b = 1}\na.c = 2", 2, 1, "inline table"),
        ("a = {b = {c = 1}}\na.b.d = 2", 2, 1, "inline table"),
        ("a = {b = 1}\n[a.c]", 2, 1, "inline table"),
        ("[a]\nb = {c = 1}\n[a.b.d]", 3, 1, "inline table"),
        ("[[a]]\n[a]", 2, 1, "array of tables"),
        ("[[a]]\nb = 1\n[[a]]\n[a]", 4, 1, "array of tables"),
        ("[a]\n[[a]]", 2, 1, "already a table"),
        ("[a.b]\n[[a]]", 2, 1, "already a table"),
        ("[[a]]\n[[a.b]]\n[a.b]", 3, 1, "array of tables"),
        ("[[fruit]]\n[fruit.variety]\n[[fruit.variety]]", 3, 1, "already a table"),
        ("[[a]]\nb = 1\n[[a]]\nb = 2\nb = 3", 5, 1, "set twice (first on line 4)"),
        ("[a]\nb.c = 1\nb.c = 2", 3, 3, "set twice"),
        ("[[a]]\n[a.b]\n[a.b]", 3, 1, "defined twice"),
    ]

    @Test(arguments: invalid) func invalidDocument(input: String, line: Int, column: Int?, says: String) {
        guard let error = failure(input) else {
            Issue.record("parsed, but should not: \(String(reflecting: input))")
            return
        }
        #expect(error.position.line == line, "\(error)")
        if let column { #expect(error.position.column == column, "\(error)") }
        #expect(error.message.contains(says), "\(error)")
        // Plain English for office staff: no Swift type names, no debug output, no invisible characters.
        for leak in ["Optional(", "Unicode.Scalar", "TOMLValue", "Substring", "\\u{"] {
            #expect(!error.message.contains(leak), "\(error)")
        }
        #expect(!error.message.unicodeScalars.contains(where: TOMLScanner.isControl), "\(error)")
    }

    // MARK: depth and size: must throw, never crash or hang

    @Test func arraysUpToTheMaximumDepth() throws {
        let limit = TOMLParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try value(deepest).map(render) == deepest)
        #expect(failure("v = [" + deepest + "]")?.position.line == 1)
    }

    @Test func inlineTablesUpToTheMaximumDepth() throws {
        let limit = TOMLParser.maximumDepth
        let deepest = String(repeating: "{a=", count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(try value(deepest).map(depth) == limit)
        #expect(failure("v = {a=" + deepest + "}") != nil)
    }

    @Test(arguments: [
        "v = " + String(repeating: "[", count: 100_000),
        "v = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
        "v = " + String(repeating: "{a=", count: 100_000),
        "v = " + String(repeating: "{a=[", count: 10_000),
        String(repeating: "[", count: 100_000),
        String(repeating: "[[", count: 10_000) + "a" + String(repeating: "]]", count: 10_000),
        String(repeating: "a.", count: 100_000) + "a = 1",
        "[" + String(repeating: "a.", count: 100_000) + "a]",
        String(repeating: "{", count: 10_000),
        String(repeating: "\"", count: 100_001),
    ]) func hugeInputsThrow(input: String) {
        #expect(failure(input) != nil)
    }

    @Test func longKeyPaths() throws {
        let limit = TOMLParser.maximumDepth
        let longest = Array(repeating: "a", count: limit).joined(separator: ".")
        let table = try TOMLParser.parse(longest + " = 1")
        #expect(depth(.table(table)) == limit)  // the root and 63 tables below it
        #expect(failure(longest + ".a = 1")?.message.contains("\(limit)") == true)
        #expect(failure("[" + longest + ".a]")?.position == TOMLPosition(line: 1, column: 2 + 2 * limit))
    }

    /// Headers, dotted keys and inline values together may not nest deeper than a single one may:
    /// 64 × 64 levels would still recurse thousands of tables deep when the value is built or freed.
    @Test func combinedNestingIsBounded() throws {
        let max = TOMLParser.maximumDepth
        let path = { (n: Int) in Array(repeating: "a", count: n).joined(separator: ".") }
        // At the limit (64 tables below the root): fine.
        let atLimit = try TOMLParser.parse("[\(path(max / 2))]\n\(path(max / 2 + 1)) = 1")
        #expect(depth(.table(atLimit)) == max + 1)
        // Beyond it, whichever way the levels are made.
        #expect(failure("[\(path(max / 2))]\n\(path(max / 2 + 2)) = 1")?.position.line == 2)
        #expect(failure("[\(path(max))]\nb = []")?.position.line == 2)
        #expect(failure("[\(path(max))]\nb = {}")?.position.line == 2)
        #expect(failure("[\(path(max))]\n[\(path(max)).b]")?.position.line == 2)
        #expect(failure("[[\(path(max))]]\n[\(path(max)).b]")?.position.line == 2)
        let inline = String(repeating: "{\(path(max - 1))=", count: max) + "1" + String(repeating: "}", count: max)
        #expect(failure("v = " + inline) != nil)
        let arrays = "[" + path(max - 1) + "]\nv = " + String(repeating: "[", count: 2) + String(repeating: "]", count: 2)
        #expect(failure(arrays)?.position.line == 2)
    }

    /// Many [[a]] headers, each one element: the list is extended in place (copying it per header
    /// once made 20,000 headers take 2.8 s; timing belongs to benchmarks, so only the result is checked).
    @Test func manyArrayTablesAreRead() throws {
        let count = 30_000
        let table = try TOMLParser.parse(String(repeating: "[[a]]\nb = 1\n", count: count))
        #expect(table["a"]?.array?.count == count)
        #expect(table["a"]?.array?.last?.table?["b"]?.int == 1)
    }

    // MARK: positions of keys

    @Test func positionsOfKeys() throws {
        let table = try TOMLParser.parse("""
        a = 1
          b = "x"
        # comment
        "ñ😀" = 2
        [t]
         c.d = 3
        [[arr]]
        [[arr]]
        e = { f = 1 }
        [x.y]
        """)
        #expect(table.position(of: "a") == TOMLPosition(line: 1, column: 1))
        #expect(table.position(of: "b") == TOMLPosition(line: 2, column: 3))
        #expect(table.position(of: "ñ😀") == TOMLPosition(line: 4, column: 1))
        #expect(table.position(of: "t") == TOMLPosition(line: 5, column: 1))
        #expect(table.position(of: "arr") == TOMLPosition(line: 7, column: 1))
        #expect(table.position(of: "x") == TOMLPosition(line: 10, column: 2))
        #expect(table.position(of: "missing") == nil)
        let t = try #require(table["t"]?.table)
        #expect(t.position(of: "c") == TOMLPosition(line: 6, column: 2))
        #expect(t["c"]?.table?.position(of: "d") == TOMLPosition(line: 6, column: 2))
        let second = try #require(table["arr"]?.array?.last?.table)
        #expect(second.position(of: "e") == TOMLPosition(line: 9, column: 1))
        #expect(second["e"]?.table?.position(of: "f") == TOMLPosition(line: 9, column: 7))
        // A [header] records where its [ is; the implicit table x, where its name is.
        #expect(table["x"]?.table?.position(of: "y") == TOMLPosition(line: 10, column: 1))
    }

    @Test func positionAfterCRLFAndWideCharacters() throws {
        let table = try TOMLParser.parse("name = \"漢字😀\"\r\n\tsize = 3\r\n")
        #expect(table.position(of: "size") == TOMLPosition(line: 2, column: 2))
        #expect(table.keys == ["name", "size"])
    }

    @Test func positionOfATableLaterDefinedByAHeader() throws {
        let table = try TOMLParser.parse("[a.b]\nx = 1\n\n[a]\ny = 2")
        #expect(table.position(of: "a")?.line == 4)
    }

    // MARK: the documents kiosk.toml really gets

    @Test func aTypicalSettingsFile() throws {
        let table = try TOMLParser.parse("""
        # Cài đặt màn hình
        organisation = "Hội hữu nghị Việt – Đức"   # tên hiển thị
        language = "vi"
        time_zone = 'Asia/Ho_Chi_Minh'
        slide_seconds = 8
        crossfade_seconds = 0.5
        first_weekday = "monday"

        """)
        #expect(table.keys == ["organisation", "language", "time_zone", "slide_seconds", "crossfade_seconds", "first_weekday"])
        #expect(table["organisation"] == .string("Hội hữu nghị Việt – Đức"))
        #expect(table["slide_seconds"]?.int == 8 && table["crossfade_seconds"]?.double == 0.5)
    }
}
