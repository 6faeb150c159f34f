import CJPEG

/// Writes XRGB pixels as a JPEG with libjpeg-turbo. The kiosk only reads photos; this makes the
/// ones tests and `kiosk-bench decode` need — grayscale, CMYK, progressive, turned by EXIF —
/// without binary fixtures in the repository.
public enum JPEGEncoder {
    /// How the JPEG is written, besides 4:2:0 colour.
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let grayscale = Options(rawValue: Int32(KIOSK_JPEG_GRAYSCALE))
        /// Inverted CMYK with an Adobe segment, as Photoshop writes it.
        public static let cmyk = Options(rawValue: Int32(KIOSK_JPEG_CMYK))
        public static let progressive = Options(rawValue: Int32(KIOSK_JPEG_PROGRESSIVE))
        /// A restart marker every row of MCUs, as many cameras' and phones' encoders write.
        public static let restarts = Options(rawValue: Int32(KIOSK_JPEG_RESTARTS))
    }

    /// The JPEG file for `width`×`height` XRGB pixels (SDL_PIXELFORMAT_RGB888), rows `pitch`
    /// bytes apart; `orientation` 2…8 adds an EXIF segment saying how to turn it upright.
    public static func encode(pixels: UnsafeRawPointer, pitch: Int, width: Int, height: Int, quality: Int,
                              options: Options = [], orientation: Int = 1) throws -> [UInt8] {
        var message = [CChar](repeating: 0, count: 256)
        var buffer: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard kiosk_jpeg_encode(pixels.assumingMemoryBound(to: UInt8.self), Int32(pitch), Int32(width), Int32(height),
                                Int32(quality), options.rawValue, Int32(orientation), &buffer, &size, &message, message.count) == 0,
              let buffer else {
            throw RenderError(call: "kiosk_jpeg_encode", message: String(cString: message))
        }
        defer { kiosk_jpeg_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: size))
    }
}
