import Foundation
import KioskData

// The metadata inside pictures (EXIF, XMP), fuzzed on their own: the image-header target has to
// keep a JPEG's segment lengths or a PNG's chunk lengths right before the fuzzer's bytes reach
// ExifReader or XMPDescription, so most of its mutations die in the container. These targets
// take the bytes as the metadata itself and wrap them in a well-formed JPEG, PNG and WebP.

// MARK: - containers

func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v) }
func le32(_ v: Int) -> [UInt8] { be32(v).reversed() }

/// A baseline JPEG's head: SOI, the given APP segments, then a 640 × 480 frame header.
func jpegWrapping(_ segments: [(marker: UInt8, body: [UInt8])]) -> [UInt8] {
    var bytes: [UInt8] = [0xFF, 0xD8]
    for (marker, body) in segments { bytes += [0xFF, marker] + be16(body.count + 2) + body }
    return bytes + [0xFF, 0xC0] + be16(17) + [8] + be16(480) + be16(640) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
}

/// A 640 × 480 PNG's head with the given chunks after IHDR (CRCs zero: the header reader skips them).
func pngWrapping(_ chunks: [(type: String, body: [UInt8])]) -> [UInt8] {
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    bytes += be32(13) + Array("IHDR".utf8) + be32(640) + be32(480) + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
    for (type, body) in chunks { bytes += be32(body.count) + Array(type.utf8) + body + [0, 0, 0, 0] }
    return bytes
}

/// An extended (VP8X) 640 × 480 WebP with the given chunks after the picture.
func webpWrapping(_ chunks: [(type: String, body: [UInt8])]) -> [UInt8] {
    func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] { Array(type.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : []) }
    var body = Array("WEBP".utf8) + chunk("VP8X", [0x08, 0, 0, 0] + [0x7F, 0x02, 0x00] + [0xDF, 0x01, 0x00])
    body += chunk("VP8L", [0x2F, 0x7F, 0xF0, 0x1D, 0x00])
    for (type, content) in chunks { body += chunk(type, content) }
    return Array("RIFF".utf8) + le32(body.count) + body
}

/// Parses a header this target built around its input; a well-formed container must give one.
func parseBuilt(_ bytes: [UInt8], _ format: PictureFormat, _ what: String) -> ImageHeader {
    let header: ImageHeader
    do {
        header = try ImageHeader.parse(bytes)
    } catch {
        fatalError("kiosk-fuzz \(what): a well-formed \(format) around the input was refused: \(error)")
    }
    check(header.format == format && header.width == 640 && header.height == 480,
          "\(what): the \(format) built around the input reads as \(header)")
    check((1...8).contains(header.orientation), "\(what): orientation \(header.orientation)")
    if let description = header.description { checkCaption(description, what) }
    consume(header)
    return header
}

/// What every caption on screen is: NFC, trimmed, one line, at most 500 characters.
func checkCaption(_ description: String, _ what: String) {
    check(!description.isEmpty && description.count <= 500, "\(what): description of \(description.count) characters")
    check(isNormalisedField(description), "\(what): description \(description.debugDescription) is not NFC and trimmed")
    check(!description.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" },
          "\(what): description \(description.debugDescription) is not one line of text")
    consumeText(description)
}

// MARK: - exif

/// IFD0's orientation as the TIFF bytes give it, read here independently of ExifReader:
/// the last SHORT entry 0x0112 with a value 1…8 in an entry that lies wholly within the bytes.
func referenceOrientation(_ tiff: [UInt8]) -> Int {
    let little: Bool
    if tiff.starts(with: Array("II".utf8)) { little = true } else if tiff.starts(with: Array("MM".utf8)) { little = false } else { return 1 }
    func read(_ at: Int, _ size: Int) -> Int? {
        guard at >= 0, at + size <= tiff.count else { return nil }
        let slice = tiff[at..<at + size]
        return (little ? slice.reversed() : Array(slice)).reduce(0) { $0 << 8 | Int($1) }
    }
    guard let ifd = read(4, 4), let count = read(ifd, 2) else { return 1 }
    var orientation = 1
    for n in 0..<count {
        let entry = ifd + 2 + n * 12
        guard let tag = read(entry, 2), let type = read(entry + 2, 2), let values = read(entry + 4, 4) else { break }
        if tag == 0x0112, type == 3, values >= 1, let value = read(entry + 8, 2), (1...8).contains(value) { orientation = value }
    }
    return orientation
}

/// The input is a TIFF structure (what EXIF is), put in a JPEG's APP1, a PNG's eXIf chunk and a
/// WebP's EXIF chunk: each gives the orientation the TIFF bytes hold and the same caption.
func fuzzExif(_ data: Data) {
    let tiff = [UInt8](data)
    // A JPEG segment holds at most 65 533 bytes; -max_len keeps inputs far below.
    guard tiff.count <= 60_000 else { return }
    let exif = Array("Exif".utf8) + [0, 0]
    let jpeg = parseBuilt(jpegWrapping([(0xE1, exif + tiff)]), .jpeg, "exif")
    let png = parseBuilt(pngWrapping([("eXIf", exif + tiff)]), .png, "exif")
    let webp = parseBuilt(webpWrapping([("EXIF", exif + tiff)]), .webp, "exif")
    let expected = referenceOrientation(tiff)
    check(jpeg.orientation == expected, "exif: orientation \(jpeg.orientation), the TIFF bytes say \(expected)")
    check(png.orientation == jpeg.orientation && webp.orientation == jpeg.orientation,
          "exif: orientations differ by container: JPEG \(jpeg.orientation), PNG \(png.orientation), WebP \(webp.orientation)")
    check(png.description == jpeg.description && webp.description == jpeg.description,
          "exif: captions differ by container: \(String(describing: jpeg.description)), \(String(describing: png.description)), "
          + "\(String(describing: webp.description))")
    // The "Exif\0\0" prefix is optional in PNG and WebP (a JPEG's APP1 always has it).
    if !tiff.starts(with: exif) {
        let bare = parseBuilt(pngWrapping([("eXIf", tiff)]), .png, "exif")
        check(bare == png, "exif: without the Exif prefix the PNG reads \(bare), with it \(png)")
    }
}

// MARK: - xmp

/// XML escaping of `text` for an element's content; `numeric` writes every non-ASCII character
/// as a numeric reference (decimal or hex by `hex`), as some tools do.
func xmlEscaped(_ text: String, numeric: Bool, hex: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += hex ? "&apos;" : "'"
        default:
            if numeric && !scalar.isASCII {
                out += hex ? "&#x" + String(scalar.value, radix: 16, uppercase: scalar.value % 2 == 0) + ";" : "&#\(scalar.value);"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// An XMP packet as Lightroom writes one, with `description` (already escaped) as the
/// default-language dc:description, after a dc:title that must not be taken for it.
func xmpPacket(description: String) -> String {
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A title</rdf:li></rdf:Alt></dc:title>\n"
        + "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(description)</rdf:li>"
        + "<rdf:li xml:lang=\"en\">Other</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
}

/// The first byte picks the form. Even: the rest is a raw XMP packet, put in a JPEG's APP1 and
/// a WebP's "XMP " chunk, which must agree. Odd: the rest is caption text, written escaped into a
/// well-formed packet (bit 1: non-ASCII as numeric references, bit 2: hex); the caption read
/// back must be the one the same text gives as a PNG's plain iTXt Description.
func fuzzXMP(_ data: Data) {
    guard let mode = data.first else { return }
    let rest = [UInt8](data.dropFirst())
    guard rest.count <= 30_000 else { return }
    let signature = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    if mode % 2 == 0 {
        let jpeg = parseBuilt(jpegWrapping([(0xE1, signature + rest)]), .jpeg, "xmp")
        let webp = parseBuilt(webpWrapping([("XMP ", rest)]), .webp, "xmp")
        check(jpeg.description == webp.description,
              "xmp: the same packet reads \(String(describing: jpeg.description)) in a JPEG, \(String(describing: webp.description)) in a WebP")
        if !rest.isEmpty, let text = String(validating: rest, as: UTF8.self), !text.unicodeScalars.contains("\0") {
            let png = parseBuilt(pngWrapping([("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + rest)]), .png, "xmp")
            check(png.description == jpeg.description,
                  "xmp: the same packet reads \(String(describing: png.description)) in a PNG, \(String(describing: jpeg.description)) in a JPEG")
        }
        return
    }
    // A caption as text: NUL ends a PNG text chunk, so it has none.
    let text = String(decoding: rest, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
    let packet = xmpPacket(description: xmlEscaped(text, numeric: mode & 2 != 0, hex: mode & 4 != 0))
    let jpeg = parseBuilt(jpegWrapping([(0xE1, signature + Array(packet.utf8))]), .jpeg, "xmp")
    let plain = parseBuilt(pngWrapping([("iTXt", Array("Description".utf8) + [0, 0, 0, 0, 0] + Array(text.utf8))]), .png, "xmp")
    check(jpeg.description == plain.description,
          "xmp: \(text.debugDescription) escaped into XMP reads back as \(String(describing: jpeg.description)), "
          + "as plain text \(String(describing: plain.description))")
}
