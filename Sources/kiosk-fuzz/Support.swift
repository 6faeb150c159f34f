import Foundation
import KioskCore

/// What the fuzzer or the replay is running now, named in every invariant failure.
nonisolated(unsafe) var currentTargetName = "?"
nonisolated(unsafe) var currentInputName: String?

/// Traps (so libFuzzer reports a crash and saves the input) when an invariant fails.
/// `fatalError` stays in optimised builds, unlike `assert`.
@inline(__always)
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        let input = currentInputName.map { " (input \($0))" } ?? ""
        fatalError("kiosk-fuzz \(currentTargetName): invariant failed\(input): \(message())", file: file, line: line)
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
nonisolated(unsafe) var sinkValue = 0
@inline(never)
func consume<T: Hashable>(_ value: T) {
    var hasher = Hasher()
    hasher.combine(value)
    sinkValue &+= hasher.finalize()
}

@inline(never)
func consumeText(_ text: String) { sinkValue &+= text.utf8.count }

/// What every field of a data file is on load: NFC and trimmed. Applying it twice is a no-op,
/// so a parsed field must equal its own normalised form.
func isNormalisedField(_ text: String) -> Bool {
    text == text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Lines of a file can't outnumber its bytes (plus one for the last, unterminated line).
func maxLine(_ data: Data) -> Int { data.count + 1 }

/// The invariants every `Problem` holds, whatever the input.
func checkProblems(_ problems: [Problem], path: String, data: Data, lineRequired: Bool = false, _ what: String) {
    for problem in problems {
        check(problem.path == path, "\(what): problem path \(problem.path.debugDescription) != \(path.debugDescription)")
        if let line = problem.line {
            check(line >= 1 && line <= maxLine(data), "\(what): problem line \(line) out of 1...\(maxLine(data)): \(problem)")
        } else {
            check(!lineRequired, "\(what): problem without a line: \(problem)")
            check(problem.column == nil, "\(what): problem with a column but no line: \(problem)")
        }
        if let column = problem.column {
            check(column >= 1 && column <= maxLine(data), "\(what): problem column \(column) out of range: \(problem)")
        }
        check(!problem.message.isEmpty, "\(what): problem with an empty message")
        consumeText(problem.description)
        consume(problem)
    }
}

/// `text` as UTF-16 with a byte-order mark, the way spreadsheet programs save "Unicode text".
func utf16Data(_ text: String, bigEndian: Bool) -> Data {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    bytes.reserveCapacity(2 + text.utf16.count * 2)
    for unit in text.utf16 {
        if bigEndian { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] } else { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    }
    return Data(bytes)
}

let utf8BOM = Data([0xEF, 0xBB, 0xBF])

/// The text of `data` when it is UTF-8 (with or without BOM) that the decoder must accept.
func validUTF8Text(_ data: Data) -> String? {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    return String(validating: body, as: UTF8.self)
}

/// The text that `TextDecoding` must find in `data`: UTF-8 with or without BOM, or UTF-16 LE/BE
/// with BOM, decoded here independently of the project's decoder; nil for bytes it must refuse.
func acceptedText(_ data: Data) -> String? {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
        guard bytes.count % 2 == 0 else { return nil }
        return referenceUTF16(bytes, bigEndian: bytes[0] == 0xFE).text
    }
    return validUTF8Text(data)
}

/// `text` written in every encoding the data files may come in (TextDecoding's list). Plain
/// UTF-8 is left out when the text starts with U+FEFF, which it would take for a BOM.
func everyEncoding(_ text: String) -> [(name: String, data: Data)] {
    var encodings: [(name: String, data: Data)] = [("UTF-8 BOM", utf8BOM + Data(text.utf8)),
                                                   ("UTF-16 LE", utf16Data(text, bigEndian: false)),
                                                   ("UTF-16 BE", utf16Data(text, bigEndian: true))]
    if text.unicodeScalars.first != "\u{FEFF}" { encodings.insert(("UTF-8", Data(text.utf8)), at: 0) }
    return encodings
}
