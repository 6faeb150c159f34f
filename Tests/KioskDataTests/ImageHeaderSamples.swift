import Foundation

/// Picture headers built byte by byte, so the tests need no image tools and say exactly
/// which bytes each case is about.
enum ImageSample {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v) }
    static func le16(_ v: Int) -> [UInt8] { be16(v).reversed() }
    static func le32(_ v: Int) -> [UInt8] { be32(v).reversed() }
    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// One IFD0 entry: its value bytes go inside the entry when they fit in 4, else after the IFD.
    struct Entry {
        var tag: Int, type: Int, count: Int, value: [UInt8]
        static func short(_ tag: Int, _ value: Int, littleEndian: Bool) -> Entry {
            Entry(tag: tag, type: 3, count: 1, value: littleEndian ? le16(value) : be16(value))
        }
        static func text(_ tag: Int, _ text: String) -> Entry {
            let bytes = Array(text.utf8) + [0]
            return Entry(tag: tag, type: 2, count: bytes.count, value: bytes)
        }
        /// Windows' XP* tags: UTF-16LE in BYTEs, NUL-terminated.
        static func xp(_ tag: Int, _ text: String) -> Entry {
            let bytes: [UInt8] = text.utf16.flatMap { ImageSample.le16(Int($0)) } + [0, 0]
            return Entry(tag: tag, type: 1, count: bytes.count, value: bytes)
        }
    }

    /// A TIFF structure with one IFD.
    static func tiff(littleEndian: Bool, _ entries: [Entry]) -> [UInt8] {
        let u16 = littleEndian ? le16 : be16, u32 = littleEndian ? le32 : be32
        var out = utf8(littleEndian ? "II" : "MM") + u16(42) + u32(8) + u16(entries.count)
        var data: [UInt8] = []
        let dataStart = 8 + 2 + entries.count * 12 + 4
        for entry in entries {
            out += u16(entry.tag) + u16(entry.type) + u32(entry.count)
            if entry.value.count <= 4 {
                out += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                out += u32(dataStart + data.count)
                data += entry.value
            }
        }
        return out + u32(0) + data
    }

    static func exif(orientation: Int? = nil, description: String? = nil, littleEndian: Bool = false) -> [UInt8] {
        var entries: [Entry] = []
        if let description { entries.append(.text(0x010E, description)) }
        if let orientation { entries.append(.short(0x0112, orientation, littleEndian: littleEndian)) }
        return tiff(littleEndian: littleEndian, entries)
    }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(body.count + 2) + body }

    static func app1(exif tiff: [UInt8]) -> [UInt8] { segment(0xE1, utf8("Exif") + [0, 0] + tiff) }

    static func app1(xmpDescription text: String) -> [UInt8] {
        segment(0xE1, utf8("http://ns.adobe.com/xap/1.0/") + [0] + utf8("""
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">A title</rdf:li></rdf:Alt></dc:title>
        <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(text)</rdf:li><rdf:li xml:lang="en">Other</rdf:li></rdf:Alt></dc:description>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        """))
    }

    /// A Photoshop APP13 with an unrelated resource first, then IPTC with a keyword before 2:120.
    static func app13(iptcCaption bytes: [UInt8]) -> [UInt8] {
        let records = [0x1C, 0x02, 0x19] + be16(3) + utf8("key") + [0x1C, 0x02, 0x78] + be16(bytes.count) + bytes
        let other = utf8("8BIM") + be16(0x0425) + [0, 0] + be32(3) + [1, 2, 3, 0]
        let iptc = utf8("8BIM") + be16(0x0404) + [3] + utf8("abc") + be32(records.count) + records
        return segment(0xED, utf8("Photoshop 3.0") + [0] + other + iptc)
    }

    /// JFIF, the given segments, SOF0 with the size, then a scan.
    static func jpeg(width: Int = 640, height: Int = 480, _ segments: [[UInt8]] = []) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        out += segment(0xE0, utf8("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
        for s in segments { out += s }
        out += segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        out += segment(0xC0, [8] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        out += segment(0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]) + [0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9]
        return out
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(body.count) + utf8(type) + body + [0, 0, 0, 0] }

    static func png(width: Int, height: Int, _ chunks: [[UInt8]] = []) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
        for c in chunks { out += c }
        return out + chunk("IDAT", [0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]) + chunk("IEND", [])
    }

    static func riffChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        utf8(type) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = utf8("WEBP") + chunks.flatMap { $0 }
        return utf8("RIFF") + le32(body.count) + body
    }

    static func webpLossy(width: Int, height: Int) -> [UInt8] {
        webp([riffChunk("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + le16(width) + le16(height) + [0x01, 0x02, 0x03])])
    }

    static func webpLossless(width: Int, height: Int) -> [UInt8] {
        webp([riffChunk("VP8L", [0x2F] + le32((width - 1) | (height - 1) << 14) + [0, 0, 0])])
    }

    /// VP8X with an odd-sized ICC profile first (so padding matters), the picture, then EXIF.
    static func webpExtended(width: Int, height: Int, exif tiff: [UInt8]) -> [UInt8] {
        let w = le32(width - 1), h = le32(height - 1)
        return webp([riffChunk("VP8X", [0x28, 0, 0, 0] + w.prefix(3) + h.prefix(3)),
                     riffChunk("ICCP", [1, 2, 3]),
                     riffChunk("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + le16(width) + le16(height) + [1]),
                     riffChunk("EXIF", tiff)])
    }

    /// Every well-formed sample, named, for the truncation test and the fuzz seeds.
    static var all: [(String, [UInt8])] {
        [("jpeg-plain", jpeg()),
         ("jpeg-exif-be-6", jpeg([app1(exif: exif(orientation: 6, description: "Đại hội", littleEndian: false))])),
         ("jpeg-exif-le-8", jpeg([app1(exif: exif(orientation: 8, description: "Lễ trao", littleEndian: true))])),
         ("jpeg-xmp", jpeg([app1(xmpDescription: "Tom &amp; Jerry &#7913;")])),
         ("jpeg-iptc", jpeg([app13(iptcCaption: utf8("Hội nghị"))])),
         ("jpeg-xp", jpeg([app1(exif: tiff(littleEndian: true, [.xp(0x9C9B, "Tiêu đề"), .xp(0x9C9C, "Ghi chú")]))])),
         ("png-plain", png(width: 300, height: 200)),
         ("png-exif-text", png(width: 30, height: 20, [chunk("eXIf", exif(orientation: 3)), chunk("tEXt", utf8("Description") + [0] + utf8("Hello"))])),
         ("png-itxt", png(width: 30, height: 20, [chunk("iTXt", utf8("Title") + [0, 0, 0] + utf8("vi") + [0] + [0] + utf8("Tiêu đề"))])),
         ("webp-lossy", webpLossy(width: 400, height: 300)),
         ("webp-lossless", webpLossless(width: 16383, height: 5)),
         ("webp-extended", webpExtended(width: 5000, height: 3000, exif: exif(orientation: 5, littleEndian: true)))]
    }
}
