import Foundation
import KioskData

// MARK: - image-header

/// `ImageHeader.parse` on arbitrary bytes: a header with a drawable size, an orientation and a
/// caption fit for the screen, or an `ImageHeaderError` with a message. The format is the one
/// the magic bytes name, and bytes after a parsed header never change its format or size.
func fuzzImageHeader(_ data: Data) {
    let bytes = [UInt8](data)
    let header: ImageHeader
    do {
        header = try ImageHeader.parse(bytes)
    } catch let error as ImageHeaderError {
        check(!error.message.isEmpty && error.description == error.message, "image-header: error without a message")
        check(!error.message.unicodeScalars.contains { $0.properties.generalCategory == .control },
              "image-header: control character in the message \(error.message.debugDescription)")
        consumeText(error.message)
        return
    } catch {
        check(false, "image-header: parse threw something that is not an ImageHeaderError: \(error)")
        return
    }
    check(header.width > 0 && header.height > 0, "image-header: size \(header.width) × \(header.height)")
    check((1...8).contains(header.orientation), "image-header: orientation \(header.orientation)")
    check(header.uprightWidth * header.uprightHeight == header.pixels && header.pixels / header.width == header.height,
          "image-header: upright \(header.uprightWidth) × \(header.uprightHeight) vs \(header.pixels) pixels")
    if let description = header.description {
        check(!description.isEmpty && description.count <= 500, "image-header: description of \(description.count) characters")
        check(isNormalisedField(description), "image-header: description \(description.debugDescription) is not NFC and trimmed")
        check(!description.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" },
              "image-header: description \(description.debugDescription) is not one line of text")
        consumeText(description)
    }
    let magic: [PictureFormat: [UInt8]] = [.jpeg: [0xFF, 0xD8, 0xFF], .png: [0x89, 0x50, 0x4E, 0x47], .webp: Array("RIFF".utf8)]
    check(bytes.starts(with: magic[header.format] ?? []), "image-header: \(header.format) without its magic bytes")
    check((try? ImageHeader.parse(bytes)) == header, "image-header: a second parse of the same bytes differs")
    // The size is read from the head of the file: more bytes after it (the rest of the file) keep it.
    let longer = try? ImageHeader.parse(bytes + bytes.prefix(64) + [0xFF, 0xD9])
    check(longer?.format == header.format && longer?.width == header.width && longer?.height == header.height,
          "image-header: appending bytes changed \(header) into \(String(describing: longer))")
    if header.format == .jpeg { check(longer == header, "image-header: bytes after a JPEG's frame header changed its header") }
    consume(header)
}
