/// The header of a JPEG: its segments are walked up to the frame header (SOFn), which gives
/// the size; the APP segments before it give the orientation and the caption.
enum JPEGHeader {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]
    private static let photoshopSignature = Array("Photoshop 3.0\0".utf8)

    static func parse(_ bytes: ByteWindow) throws -> ImageHeader {
        var exif: ExifReader?
        var xmp: String?, iptc: String?
        var at = 2
        // Every turn moves `at` forward by at least one byte, so the walk ends.
        while at < bytes.count {
            // Between segments: 0xFF fill bytes before a marker; anything else is stray data
            // that decoders skip with a warning, and so does this.
            guard bytes.u8(at) == 0xFF else { at += 1; continue }
            at += 1
            guard let marker = bytes.u8(at) else { break }
            at += 1
            switch marker {
            case 0xFF:
                at -= 1   // a fill byte: the marker is further on
                continue
            case 0x00, 0x01, 0xD0...0xD8:
                continue   // a stuffed byte, TEM, RSTn, SOI: no length follows
            case 0xD9:
                throw ImageHeaderError("a JPEG that ends without giving its size")
            case 0xDA:
                throw ImageHeaderError("a JPEG whose picture data comes before its size")
            default:
                break
            }
            guard let length = bytes.u16be(at) else { break }
            guard length >= 2 else { throw ImageHeaderError("a JPEG with a broken segment (length \(length) at byte \(at))") }
            // The segment as far as we have it: metadata cut by the end of the bytes is read in part.
            guard let body = bytes.window(from: at + 2, upTo: length - 2) else { break }
            if isFrameHeader(marker) {
                // Precision, height, width, component count: 6 bytes at the least.
                guard length >= 8 else { throw ImageHeaderError("a JPEG with a broken frame header (length \(length) at byte \(at))") }
                guard let height = body.u16be(1), let width = body.u16be(3) else { break }
                let orientation = exif?.orientation ?? 1
                let description = PictureText.firstCaption([xmp, iptc] + (exif?.descriptions ?? []))
                return ImageHeader(format: .jpeg, width: width, height: height, orientation: orientation, description: description)
            }
            if marker == 0xE1, exif == nil, body.has(ExifReader.exifPrefix) {
                exif = ExifReader(body)
            } else if marker == 0xE1, xmp == nil, body.has(XMPDescription.jpegSignature),
                      let packet = body.window(from: XMPDescription.jpegSignature.count) {
                xmp = XMPDescription.read(packet)
            } else if marker == 0xED, iptc == nil, body.has(photoshopSignature),
                      let resources = body.window(from: photoshopSignature.count) {
                iptc = IPTCCaption.read(resources)
            }
            at += length
        }
        throw ImageHeaderError.cutOff(.jpeg)
    }

    /// SOF0…SOF15 without DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static func isFrameHeader(_ marker: Int) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }
}

/// The IPTC Caption-Abstract (2:120) of a Photoshop APP13 segment: what newsroom and
/// Photoshop-era tools write as a caption.
enum IPTCCaption {
    /// `resources` is the segment after "Photoshop 3.0\0": a list of 8BIM image resources.
    static func read(_ resources: ByteWindow) -> String? {
        var at = 0
        // Each resource moves `at` on by at least 12 bytes.
        while resources.has("8BIM", at: at), let id = resources.u16be(at + 4), let nameLength = resources.u8(at + 6) {
            // A Pascal-string name, padded so that it takes an even number of bytes.
            let sizeAt = at + 6 + (nameLength + 2) / 2 * 2
            guard let size = resources.u32be(sizeAt) else { return nil }
            if id == 0x0404, let records = resources.window(from: sizeAt + 4, upTo: size) {
                return caption(records)
            }
            at = sizeAt + 4 + size + size % 2
        }
        return nil
    }

    /// Dataset 2:120 of IPTC-IIM records (0x1C, record, dataset, 16-bit size, data).
    private static func caption(_ records: ByteWindow) -> String? {
        var at = 0
        while records.u8(at) == 0x1C, let record = records.u8(at + 1), let dataset = records.u8(at + 2),
              let size = records.u16be(at + 3) {
            // Sizes with the top bit set are "extended" (over 32 KiB): no caption is that long.
            guard size < 0x8000 else { return nil }
            if record == 2, dataset == 120, let text = records.window(at: at + 5, length: size) {
                return PictureText.utf8OrLatin1(text.array)
            }
            at += 5 + size
        }
        return nil
    }
}
