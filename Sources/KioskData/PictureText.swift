import FoundationEssentials
import KioskCore

/// The text fields embedded in pictures: decoding their bytes the way cameras and phones
/// actually write them, and turning them into a caption fit for the screen.
enum PictureText {
    /// Longest caption kept: a description is a line under a photo, not an article, and a
    /// runaway field must not fill the screen.
    static let maxCharacters = 500

    /// Camera firmware writes these into every photo; they describe nothing, so a photo that
    /// carries one has no caption rather than "SONY DSC" under it. Compared ignoring case.
    static let placeholders: Set<String> = ["olympus digital camera", "sony dsc", "dcim", "default"]

    /// UTF-8 when the bytes are valid UTF-8 (what phones write, even in fields declared ASCII),
    /// else Latin-1 (older cameras and Windows tools), so every byte gives some character.
    static func utf8OrLatin1(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// UTF-16 little-endian (Windows' XP* tags); a stray last byte is dropped and lone
    /// surrogates become U+FFFD.
    static func utf16LE(_ bytes: [UInt8]) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// What goes on screen from a raw description, or nil when it says nothing: NFC, on one
    /// line (SDL_ttf draws a C string, so NULs and other control characters become spaces),
    /// trimmed, not a camera placeholder, and at most `maxCharacters` long.
    static func caption(_ raw: String) -> String? {
        var scalars = String.UnicodeScalarView()
        var lineBreak = false
        for scalar in raw.unicodeScalars {
            if scalar == "\u{FEFF}" { continue }   // a byte-order mark left inside the text
            if isLineBreak(scalar) || scalar.properties.generalCategory == .control {
                // A run of line breaks or control characters (CR LF, NUL padding) becomes one space.
                if !lineBreak { scalars.append(" ") }
                lineBreak = true
            } else {
                scalars.append(scalar)
                lineBreak = false
            }
        }
        // NFC last: dropping a character can bring a letter and its accent together.
        let text = UnicodeForms.composed(String(scalars)).trimmingSpace()
        guard !text.isEmpty, !placeholders.contains(text.lowercased()) else { return nil }
        guard text.count > maxCharacters else { return text }
        let cut = text.prefix(maxCharacters).trimmingSpace()
        return cut.isEmpty ? nil : cut
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// The first of `candidates`, in order of preference, that gives a caption.
    static func firstCaption(_ candidates: [String?]) -> String? {
        for case let raw? in candidates {
            if let caption = caption(raw) { return caption }
        }
        return nil
    }
}
