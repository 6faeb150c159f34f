import Foundation
import Testing
@testable import KioskData

/// The JSON reader of visitors/counter.json, against Foundation's JSONSerialization (what it
/// replaced) for which texts are JSON at all (a trailing comma included, which both accept), and
/// for where it says a mistake is.
struct JSONReaderTests {
    static let valid = [
        #"{"now":1,"today":2,"week":3,"month":4,"year":5,"total":6}"#, "{}", "[]", " \n{ \"a\" : [1, -2.5e+3, 0.0, true, false, null, {}] }\t",
        "[1,]", #"{"a":1,}"#, #"{"s":"Tr\u01b0\u1edd ng \"q\" \\ \/ \b\f\n\r\t","t":"Hội hữu nghị","e":"\ud83c\uddfb"}"#, "[[[[1]]]]", #"{"a":1E2,"b":-0,"c":0.5e-1}"#,
    ]
    static let invalid = [
        "{", "}", "[,]", "{,}", #"{"a":1,,}"#, #"{"a" 1}"#, "{'a':1}", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#,
        #"{"a":1e}"#, #"{"a":tru}"#, #"{"a":"\q"}"#, "{\"a\":\"x\ny\"}", #"{"a":"\u12"}"#, #"{"a":1} x"#, #"{"a":NaN}"#,
        "{\"a\":\"\u{0}\"}", #"{"a":"\udc00"}"#, #"{"a":[1 2]}"#, "", " ",
    ]

    @Test func acceptsExactlyWhatJSONSerializationAccepts() throws {
        for text in Self.valid {
            #expect(throws: Never.self, "\(text)") { try JSONReader.read(Data(text.utf8)) }
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "the oracle refuses \(text)")
        }
        for text in Self.invalid {
            #expect(throws: JSONSyntaxError.self, "\(text.debugDescription)") { try JSONReader.read(Data(text.utf8)) }
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) == nil, "the oracle accepts \(text.debugDescription)")
        }
    }

    @Test func readsValuesWithTheirText() throws {
        let value = try JSONReader.read(Data(#"{"a":[1,-2.5e3,"Hà Nội\n",true,null],"b":{}}"#.utf8))
        #expect(value == .object(["a": .array([.number(text: "1"), .number(text: "-2.5e3"), .string("Hà Nội\n"), .bool(true), .null]),
                                  "b": .object([:])]))
        #expect(try JSONReader.read(Data(#"["\ud83c\uddfb\ud83c\uddf3"]"#.utf8)) == .array([.string("🇻🇳")]))
    }

    @Test func aMistakeIsReportedWhereItIs() {
        func place(_ text: String) -> String {
            do { _ = try JSONReader.read(Data(text.utf8)); return "no error" } catch { return "\(error.line):\(error.column) \(error.message)" }
        }
        #expect(place("{\"now\": 1,\n  \"today\": x2}") == "2:12 unexpected 'x' where a value should be")
        #expect(place("{\"a\": 1,\n,}") == "2:1 expected a \"name\" in quotes, found ','")
        #expect(place("{\"a\": \"Hội\n\"}") == "1:13 a control character in a string; write it as an escape such as \\n")
        #expect(place("{\"a\": [1, 2}") == "1:12 expected , or ] after a value, found '}'")
        #expect(place("{\"a\": 1") == "1:8 the text ends inside an object: a } is missing")
        #expect(place(String(repeating: "[", count: 100_000)).hasSuffix("nested more than 256 deep"))
    }
}
