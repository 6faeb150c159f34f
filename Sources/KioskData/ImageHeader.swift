import FoundationEssentials
import Glibc

/// The picture formats the kiosk shows, told apart by their first bytes (never by the name:
/// phones and mail programs rename freely).
public enum PictureFormat: String, Sendable {
    /// Starts FF D8 FF: cameras and most phones.
    case jpeg
    /// Starts with the 8-byte PNG signature: screenshots and exported graphics.
    case png
    /// A RIFF file of form "WEBP": pictures saved from web pages and messaging apps.
    case webp

    /// The name staff know it by, for messages.
    var name: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        }
    }
}

/// What a picture file says about itself in its first bytes, read before anything is decoded:
/// a 24-megapixel photo costs 100 MB once decoded, so the kiosk decides from this whether to.
public struct ImageHeader: Sendable, Hashable {
    /// The format its magic bytes name.
    public var format: PictureFormat
    /// Width in pixels as stored, before the EXIF orientation turns it.
    public var width: Int
    /// Height in pixels as stored, before the EXIF orientation turns it.
    public var height: Int
    /// EXIF orientation 1…8 (1 when absent or nonsense): phones store the sensor's view and
    /// record the turn here instead of turning the pixels.
    public var orientation: Int
    /// The caption embedded in the file (XMP, IPTC or EXIF), for photos that captions.csv
    /// leaves without one: NFC, trimmed, on one line, at most 500 characters; nil if none.
    public var description: String?

    /// A header as given; `parse` is how one is normally made.
    public init(format: PictureFormat, width: Int, height: Int, orientation: Int = 1, description: String? = nil) {
        self.format = format; self.width = width; self.height = height
        self.orientation = orientation; self.description = description
    }

    /// Width as the picture is seen: orientations 5…8 are quarter turns and swap the sides.
    public var uprightWidth: Int { (5...8).contains(orientation) ? height : width }
    /// Height as the picture is seen (see `uprightWidth`).
    public var uprightHeight: Int { (5...8).contains(orientation) ? width : height }
    /// Width × height; Int.max rather than a trap if a caller set sizes that overflow.
    public var pixels: Int {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? .max : product
    }

    /// How many bytes from the start of a file `parse` wants: the size comes in the first
    /// bytes, and EXIF with its thumbnail, XMP and IPTC fit in 64 KiB (a JPEG's APP segments
    /// are 64 KiB each at most); 256 KiB leaves room for an ICC profile or two before them.
    public static let bytesNeeded = 256 << 10

    /// Parses the first bytes of a file (give it up to `ImageHeader.bytesNeeded`, e.g. 256 KiB).
    /// Throws `ImageHeaderError` for anything that is not a JPEG, PNG or WebP with a usable size.
    public static func parse(_ bytes: [UInt8]) throws -> ImageHeader {
        let window = ByteWindow(bytes)
        guard !bytes.isEmpty else { throw ImageHeaderError("an empty file") }
        let header: ImageHeader
        if window.has(JPEGHeader.signature) {
            header = try JPEGHeader.parse(window)
        } else if window.has(PNGHeader.signature) {
            header = try PNGHeader.parse(window)
        } else if window.has("RIFF"), window.has("WEBP", at: 8) {
            header = try WebPHeader.parse(window)
        } else if let format = formatCutInSignature(bytes) {
            throw ImageHeaderError.cutOff(format)
        } else {
            throw ImageHeaderError("not a JPEG, PNG or WebP picture (it starts with \(ImageHeaderError.quote(bytes)))")
        }
        guard header.width > 0, header.height > 0, !header.width.multipliedReportingOverflow(by: header.height).overflow else {
            throw ImageHeaderError("the \(header.format.name) gives its size as \(header.width) × \(header.height) pixels")
        }
        return header
    }

    /// The format whose signature these few bytes begin, when the file ends inside it.
    private static func formatCutInSignature(_ bytes: [UInt8]) -> PictureFormat? {
        if bytes.count < JPEGHeader.signature.count, JPEGHeader.signature.starts(with: bytes) { return .jpeg }
        if bytes.count < PNGHeader.signature.count, PNGHeader.signature.starts(with: bytes) { return .png }
        if bytes.count < 12, Array("RIFF".utf8).starts(with: bytes.prefix(4)),
           bytes.count <= 8 || Array("WEBP".utf8).starts(with: bytes.dropFirst(8)) { return .webp }
        return nil
    }

    /// Reads the head of the file at `path` (one read of at most bytesNeeded) and parses it;
    /// checks the limits BEFORE anything large is allocated.
    public static func read(path: String, limits: PictureLimits = PictureLimits()) throws -> ImageHeader {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ImageHeaderError("cannot be read (\(String(cString: strerror(errno))))") }
        // A folder, a device or a named pipe (whose open would wait for a writer forever).
        guard info.st_mode & S_IFMT == S_IFREG else { throw ImageHeaderError("not a file, so not a picture") }
        let size = Int(info.st_size)
        guard size > 0 else { throw ImageHeaderError("an empty file") }
        guard size <= limits.maxFileBytes else {
            throw ImageHeaderError("the file is \(ImageHeaderError.amount(size, per: 1 << 20)) MB, "
                                   + "over the limit of \(ImageHeaderError.amount(limits.maxFileBytes, per: 1 << 20)) MB")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageHeaderError("cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: min(size, bytesNeeded))
        var filled = 0
        while filled < head.count {
            let got = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw ImageHeaderError("cannot be read (\(String(cString: strerror(errno))))") }
            if got == 0 { break }
            filled += got
        }
        head.removeLast(head.count - filled)
        let header: ImageHeader
        do {
            header = try parse(head)
        } catch let error as ImageHeaderError where error.cutOff && head.count >= bytesNeeded && size > head.count {
            // Not cut off: the file goes on past all we read, and gives its size too late.
            let kib = head.count >> 10
            throw ImageHeaderError("the \(error.format?.name ?? "picture") gives its size only after its first \(kib) KiB; not shown")
        }
        guard header.pixels <= limits.maxPixels else {
            throw ImageHeaderError("the picture is \(header.width) × \(header.height) pixels "
                                   + "(\(ImageHeaderError.amount(header.pixels, per: 1_000_000)) megapixels), "
                                   + "over the limit of \(ImageHeaderError.amount(limits.maxPixels, per: 1_000_000)) megapixels; not shown")
        }
        return header
    }
}

/// How big a picture the kiosk agrees to decode: a decoded picture takes 4 bytes a pixel, and
/// a 2-core kiosk with little memory must not be brought down by one oversized upload.
public struct PictureLimits: Sendable, Hashable {
    /// Most pixels (width × height) a picture may have; 50 MP is twice a 24 MP camera's photo.
    public var maxPixels: Int
    /// Largest file read at all; 64 MiB is several times the largest camera JPEG.
    public var maxFileBytes: Int

    /// The limits as given; the defaults suit a kiosk with 2 GB of memory.
    public init(maxPixels: Int = 50_000_000, maxFileBytes: Int = 64 << 20) {
        self.maxPixels = maxPixels; self.maxFileBytes = maxFileBytes
    }
}

/// Why a file is not a picture the kiosk can show, worded for office staff: it is printed as
/// `path: error: message`.
public struct ImageHeaderError: Error, Hashable, CustomStringConvertible {
    /// The plain-language reason, without the path.
    public var message: String
    /// The bytes ran out before the size: with more of the file, it might parse.
    var cutOff = false
    /// The format the file claims to be, for cut-off messages.
    var format: PictureFormat?

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message, as printed after `path: error: `.
    public var description: String { message }

    static func cutOff(_ format: PictureFormat) -> ImageHeaderError {
        var error = ImageHeaderError("the \(format.name) ends before its size is given (cut off?)")
        error.cutOff = true
        error.format = format
        return error
    }

    /// The first bytes of a file that is not a picture, so staff can tell what it is: as text
    /// when they start with some (`"GIF89a"`, `"Tên,Giải"`), else in hex.
    static func quote(_ bytes: [UInt8]) -> String {
        var text = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.prefix(24).makeIterator()
        // Up to the first control character or invalid byte (a binary header's lengths and flags).
        reading: while text.count < 12 {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar) where scalar.properties.generalCategory != .control: text.append(scalar)
            default: break reading
            }
        }
        if text.count >= 2 { return "\"\(String(text))\"" }
        let hex = bytes.prefix(8).map { String($0, radix: 16, uppercase: true).leftPadded(2) }.joined(separator: " ")
        // iPhones save HEIC unless told otherwise: the most likely foreign picture by far.
        if ByteWindow(bytes).has("ftyp", at: 4) {
            return "the bytes \(hex), an HEIC or AVIF picture as iPhones save them; save it as JPEG"
        }
        return "the bytes \(hex)"
    }

    /// `value / unit` for a message, rounded up to one decimal (a size just over a limit must
    /// not read as equal to it), without a needless ".0". Integers only: no float rounding.
    static func amount(_ value: Int, per unit: Int) -> String {
        var whole = value / unit, tenths = (value % unit * 10 + unit - 1) / unit
        if tenths == 10 { whole += 1; tenths = 0 }
        return tenths == 0 ? "\(whole)" : "\(whole).\(tenths)"
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
