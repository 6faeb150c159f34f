/// The header of a PNG: the size from IHDR (always the first chunk), the orientation from an
/// eXIf chunk and the caption from text chunks, when they come within the bytes given.
enum PNGHeader {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let xmpKeyword = "XML:com.adobe.xmp"

    static func parse(_ bytes: ByteWindow) throws -> ImageHeader {
        guard bytes.count >= 16 else { throw ImageHeaderError.cutOff(.png) }
        guard bytes.has("IHDR", at: 12) else { throw ImageHeaderError("a PNG without its IHDR header") }
        guard bytes.u32be(8) == 13 else { throw ImageHeaderError("a PNG with a broken IHDR header") }
        guard let width = bytes.u32be(16), let height = bytes.u32be(20) else { throw ImageHeaderError.cutOff(.png) }
        // The PNG specification's own limit; decoders refuse more.
        guard width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw ImageHeaderError("the PNG gives its size as \(width) × \(height) pixels")
        }
        var exif: ExifReader?
        var texts: [String: String] = [:]
        var at = 8
        // Each chunk moves `at` on by at least 12 bytes (length, type, CRC).
        while let length = bytes.u32be(at), let type = bytes.window(at: at + 4, length: 4), !type.has("IEND") {
            guard let body = bytes.window(from: at + 8, upTo: length) else { break }
            if type.has("eXIf"), exif == nil {
                exif = ExifReader(body)
            } else if type.has("tEXt") || type.has("iTXt"), let (keyword, text) = textChunk(body, international: type.has("iTXt")),
                      texts[keyword] == nil {
                texts[keyword] = text
            }
            at += 12 + length
        }
        let xmp = texts[xmpKeyword].flatMap { XMPDescription.read(ByteWindow(Array($0.utf8))) }
        let description = PictureText.firstCaption([xmp, texts["Description"], texts["Title"]] + (exif?.descriptions ?? []))
        return ImageHeader(format: .png, width: width, height: height, orientation: exif?.orientation ?? 1, description: description)
    }

    /// The keyword and text of a tEXt (`keyword NUL text`) or an uncompressed iTXt chunk
    /// (`keyword NUL flag method language NUL translated-keyword NUL text`).
    private static func textChunk(_ body: ByteWindow, international: Bool) -> (String, String)? {
        // Keywords are 1 to 79 Latin-1 characters; only a few ASCII ones matter here.
        guard let nul = body.firstOffset(of: [0], until: 80), let keyword = body.window(at: 0, length: nul) else { return nil }
        var textStart = nul + 1
        if international {
            // Compressed text would need zlib: skipped, a caption is rarely compressed.
            guard body.u8(textStart) == 0, let language = body.firstOffset(of: [0], from: textStart + 2),
                  let translated = body.firstOffset(of: [0], from: language + 1) else { return nil }
            textStart = translated + 1
        }
        guard let text = body.window(from: textStart) else { return nil }
        // tEXt is Latin-1 by the book, but tools write UTF-8 there too; iTXt is UTF-8.
        return (String(decoding: keyword.array, as: UTF8.self), PictureText.utf8OrLatin1(text.array))
    }
}

/// The header of a WebP: a RIFF file whose first chunk is the picture (VP8 lossy, VP8L
/// lossless) or VP8X, the extended form that gives a canvas size and may carry EXIF.
enum WebPHeader {
    static func parse(_ bytes: ByteWindow) throws -> ImageHeader {
        guard let first = bytes.window(at: 12, length: 4), let length = bytes.u32le(16),
              let body = bytes.window(from: 20, upTo: length) else { throw ImageHeaderError.cutOff(.webp) }
        // A chunk shorter than its header needs is broken; one cut by the end of the bytes is cut off.
        let cut = body.count < length
        func broken(_ what: String) -> ImageHeaderError { cut ? .cutOff(.webp) : ImageHeaderError("a WebP with a broken \(what) header") }
        if first.has("VP8 ") {
            // A key frame (bit 0 clear), its start code, then 14-bit width and height (2 bits of scale).
            guard body.u8(0).map({ $0 & 1 == 0 }) == true, body.has([0x9D, 0x01, 0x2A], at: 3),
                  let width = body.u16le(6), let height = body.u16le(8) else { throw broken("VP8") }
            return ImageHeader(format: .webp, width: width & 0x3FFF, height: height & 0x3FFF)
        }
        if first.has("VP8L") {
            // Signature 0x2F, then width − 1 and height − 1 in 14 bits each, least significant first.
            guard body.u8(0) == 0x2F, let bits = body.u32le(1) else { throw broken("VP8L") }
            return ImageHeader(format: .webp, width: (bits & 0x3FFF) + 1, height: (bits >> 14 & 0x3FFF) + 1)
        }
        guard first.has("VP8X") else { throw ImageHeaderError("a WebP without its VP8, VP8L or VP8X header") }
        // Flags and reserved bytes, then the canvas width − 1 and height − 1 in 24 bits each.
        guard let width = body.uint(4, size: 3, littleEndian: true), let height = body.uint(7, size: 3, littleEndian: true) else {
            throw broken("VP8X")
        }
        // EXIF and XMP come after the picture data: within the bytes given only for small files.
        var exif: ExifReader?
        var xmp: String?
        var at = 20 + length + length % 2
        // Each chunk moves `at` on by at least 8 bytes.
        while let type = bytes.window(at: at, length: 4), let size = bytes.u32le(at + 4) {
            guard let chunk = bytes.window(from: at + 8, upTo: size) else { break }
            if type.has("EXIF"), exif == nil { exif = ExifReader(chunk) }
            if type.has("XMP "), xmp == nil { xmp = XMPDescription.read(chunk) }
            at += 8 + size + size % 2
        }
        return ImageHeader(format: .webp, width: width + 1, height: height + 1, orientation: exif?.orientation ?? 1,
                           description: PictureText.firstCaption([xmp] + (exif?.descriptions ?? [])))
    }
}
