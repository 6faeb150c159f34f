/// The `dc:description` of an XMP packet: what Lightroom, Photos and digiKam write when
/// someone types a caption, so it is preferred over the older IPTC and EXIF fields.
///
/// Not an XML parser: the packet is searched for `<dc:description>`, and the text of its first
/// `<rdf:li …>` (the default language comes first) is taken, with XML references undone.
/// Searching keeps this bounded and safe on any bytes; a caption needs nothing more.
enum XMPDescription {
    /// What precedes the packet in a JPEG APP1 segment.
    static let jpegSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)

    static func read(_ packet: ByteWindow) -> String? {
        guard let open = packet.firstOffset(of: Array("<dc:description".utf8)) else { return nil }
        let close = packet.firstOffset(of: Array("</dc:description>".utf8), from: open) ?? packet.count
        var at = open
        while let li = packet.firstOffset(of: Array("<rdf:li".utf8), from: at, until: close) {
            at = li + 7
            // `<rdf:li>` or `<rdf:li xml:lang=…>`, not some longer element name.
            guard let next = packet.u8(at), next == 0x3E || next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
                    || next == 0x2F else { continue }
            guard let tagEnd = packet.firstOffset(of: [0x3E], from: at, until: close),
                  packet.u8(tagEnd - 1) != 0x2F else { return nil }   // `<rdf:li/>`: empty
            let textEnd = packet.firstOffset(of: [0x3C], from: tagEnd + 1, until: close) ?? close
            guard let text = packet.window(at: tagEnd + 1, length: textEnd - tagEnd - 1) else { return nil }
            return unescape(PictureText.utf8OrLatin1(text.array))
        }
        return nil
    }

    /// Undoes the five XML entities and numeric references (`&#233;`, `&#xE9;`); anything else
    /// that starts with `&` stays as written.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "&", let (scalar, length) = reference(scalars, at: i) {
                out.append(scalar)
                i += length
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    private static let entities: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]

    /// The character a reference at `start` stands for, and the reference's length with `&` and `;`.
    private static func reference(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        // The longest reference worth reading is `&#x10FFFF;` (10 characters); stop looking after it.
        let limit = min(scalars.count, start + 12)
        guard let semicolon = (start + 1..<limit).first(where: { scalars[$0] == ";" }) else { return nil }
        let name = String(String.UnicodeScalarView(scalars[start + 1..<semicolon]))
        let length = semicolon - start + 1
        if let scalar = entities[name] { return (scalar, length) }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
