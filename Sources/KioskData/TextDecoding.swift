import FoundationEssentials
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
    ///
    /// Foundation's normalisation and trimming cost microseconds a call, which a roll of 1,000
    /// rows and 9 columns pays 9,000 times; most fields are already NFC (precomposed Vietnamese,
    /// as every keyboard and spreadsheet writes it) and have nothing to trim, so that is checked
    /// first on the scalars, and Foundation is asked only when a field may need it.
    var normalisedField: String {
        let normalised = Self.isSurelyNFC(self) ? self : UnicodeForms.composed(self)
        return Self.trimmedOfWhitespaceAndNewlines(normalised)
    }

    /// True when every scalar lies where Unicode has no character that NFC changes, decomposes
    /// or combines with its neighbour (NFC_QC=Yes, combining class 0): below U+0300 (Latin,
    /// Latin-1, Extended-A/B, IPA, spacing modifiers), the precomposed Latin Extended Additional
    /// U+1E00–U+1EFF (ạ ả ấ … ỹ) and U+2002–U+206F (general punctuation: – — “ ” …). Any other
    /// scalar, combining marks first of all, sends the text through Foundation.
    static func isSurelyNFC(_ text: String) -> Bool {
        for unit in text.utf8 where unit >= 0x80 {
            // Some non-ASCII byte: look at the scalars.
            return text.unicodeScalars.allSatisfy { scalar in
                let v = scalar.value
                return v < 0x0300 || (0x1E00...0x1EFF).contains(v) || (0x2002...0x206F).contains(v)
            }
        }
        return true
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    static func trimmedOfWhitespaceAndNewlines(_ text: String) -> String { text.trimmingSpace() }
}
