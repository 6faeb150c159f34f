import Foundation
import KioskCore

/// Turns the bytes of a text file into a String the way office software writes them:
/// UTF-8 with or without BOM, or UTF-16 (LE or BE) with BOM; anything else is refused with the
/// line where the bytes stop being text.
enum TextDecoding {
    static func decode(_ data: Data, path: String) -> Result<String, Problem> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            let body = bytes.dropFirst(2)
            guard body.count % 2 == 0 else {
                return .failure(Problem(path: path, line: nil, severity: .error, message: "UTF-16 file has an odd number of bytes (cut short?)"))
            }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i < body.endIndex {
                let a = UInt16(body[i]), b = UInt16(body[i + 1])
                units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
                i += 2
            }
            var text = ""
            var line = 1
            var iterator = units.makeIterator()
            var decoder = UTF16()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    if scalar == "\n" { line += 1 }
                    text.unicodeScalars.append(scalar)
                case .emptyInput: break loop
                case .error:
                    return .failure(Problem(path: path, line: line, severity: .error, message: "invalid UTF-16 text"))
                }
            }
            return .success(text)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return .success(text) }
        // Name the line of the first bad byte: usually a file saved in a legacy code page.
        var line = 1
        var iterator = body.makeIterator()
        var decoder = UTF8()
        scan: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: break scan
            }
        }
        return .failure(Problem(path: path, line: line, severity: .error,
                                message: "not UTF-8 text (save it as \"CSV UTF-8\" or UTF-16)"))
    }
}

extension String {
    /// NFC and trimmed: what every field of a data file becomes on load.
    var normalisedField: String {
        precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
