/// The EXIF fields the kiosk uses, read from the first IFD of a TIFF structure (what a JPEG's
/// APP1 "Exif" segment, a PNG's eXIf chunk and a WebP's EXIF chunk hold).
///
/// Only IFD0 is read: orientation, ImageDescription and the Windows XP* tags all live there,
/// and following IFD chains or sub-IFDs would let a crafted file send the reader in circles.
struct ExifReader {
    /// 1…8, or 1 when absent or out of range (a turn nobody can draw is no turn).
    var orientation = 1
    /// Descriptions in order of preference, raw: ImageDescription, XPTitle, XPComment.
    var descriptions: [String] = []

    /// What some writers put before the TIFF header (JPEG always, PNG and WebP sometimes).
    static let exifPrefix: [UInt8] = Array("Exif\0\0".utf8)

    private enum Tag {
        static let orientation = 0x0112, imageDescription = 0x010E, xpTitle = 0x9C9B, xpComment = 0x9C9C
    }
    private enum FieldType {
        static let byte = 1, ascii = 2, short = 3, undefined = 7
    }

    /// Reads `tiff`, with or without the "Exif\0\0" prefix; anything malformed is skipped.
    init(_ tiff: ByteWindow) {
        guard let tiff = tiff.has(Self.exifPrefix) ? tiff.window(from: Self.exifPrefix.count) : tiff else { return }
        let little: Bool
        if tiff.has("II") { little = true } else if tiff.has("MM") { little = false } else { return }
        func u16(_ offset: Int) -> Int? { tiff.uint(offset, size: 2, littleEndian: little) }
        func u32(_ offset: Int) -> Int? { tiff.uint(offset, size: 4, littleEndian: little) }
        guard let ifd = u32(4), let count = u16(ifd) else { return }
        var byTag: [Int: String] = [:]
        // At most 65 535 entries of 12 bytes, and `entry` stops at the end of the bytes.
        for n in 0..<count {
            let entry = ifd + 2 + n * 12
            guard let tag = u16(entry), let type = u16(entry + 2), let values = u32(entry + 4) else { break }
            switch tag {
            case Tag.orientation:
                // A SHORT sits in the first two bytes of the value field in either byte order.
                if type == FieldType.short, values >= 1, let value = u16(entry + 8), (1...8).contains(value) {
                    orientation = value
                }
            case Tag.imageDescription:
                // Declared ASCII, but phones write UTF-8 there; the text ends at the first NUL.
                guard [FieldType.ascii, FieldType.byte, FieldType.undefined].contains(type),
                      let bytes = Self.value(tiff, entry: entry, length: values, u32) else { continue }
                byTag[tag] = PictureText.utf8OrLatin1(Array(bytes.prefix { $0 != 0 }))
            case Tag.xpTitle, Tag.xpComment:
                // BYTEs (UNDEFINED from some tools) holding UTF-16LE text, whatever the TIFF order.
                guard type == FieldType.byte || type == FieldType.undefined, let bytes = Self.value(tiff, entry: entry, length: values, u32) else { continue }
                byTag[tag] = PictureText.utf16LE(bytes)
            default:
                continue
            }
        }
        descriptions = [Tag.imageDescription, Tag.xpTitle, Tag.xpComment].compactMap { byTag[$0] }
    }

    /// The `length` bytes of an entry's value: inside the entry when they fit in 4 bytes,
    /// else at the offset it gives from the TIFF header; nil when that lies outside the bytes.
    private static func value(_ tiff: ByteWindow, entry: Int, length: Int, _ u32: (Int) -> Int?) -> [UInt8]? {
        if length <= 4 { return tiff.window(at: entry + 8, length: length)?.array }
        guard let offset = u32(entry + 8) else { return nil }
        return tiff.window(at: offset, length: length)?.array
    }
}
