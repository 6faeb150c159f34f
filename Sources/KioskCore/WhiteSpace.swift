/// White space as Foundation's CharacterSet has it, which lives in Foundation proper and not in
/// FoundationEssentials (Package.swift says why the kiosk loads only the latter).
extension Unicode.Scalar {
    /// `CharacterSet.whitespaces`: tab, the space separators (Unicode's Zs) and, as Foundation
    /// has it, U+200B ZERO WIDTH SPACE. A fixed list: Zs has not grown since Unicode 4.
    public var isBlankSpace: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `CharacterSet.whitespacesAndNewlines`: the blank spaces above, U+000A–U+000D, U+0085 and
    /// the line and paragraph separators U+2028 and U+2029.
    public var isSpaceOrNewline: Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return isBlankSpace
        }
    }
}

extension StringProtocol {
    /// The text without white space at either end: `trimmingCharacters(in: .whitespacesAndNewlines)`,
    /// or `.whitespaces` when `newlines` is false. Most fields have none to trim; they come back
    /// whole, without a copy of their scalars.
    public func trimmingSpace(newlines: Bool = true) -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { newlines ? scalar.isSpaceOrNewline : scalar.isBlankSpace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex), let whole = self as? String { return whole }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
