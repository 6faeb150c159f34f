import CJPEG
import CSDL2
import FoundationEssentials
import Glibc
import KioskData

/// A picture decoded, turned upright and scaled for the screen; the surface is owned by whoever
/// holds this value until it is freed or handed on.
struct DecodedPicture: @unchecked Sendable {
    let surface: UnsafeMutablePointer<SDL_Surface>
    /// The picture's full size, upright, before scaling.
    let sourceWidth: Int
    let sourceHeight: Int
    /// Some pixel is translucent: the texture must blend even at full opacity.
    let hasAlpha: Bool
    var width: Int { Int(surface.pointee.w) }
    var height: Int { Int(surface.pointee.h) }
    var bytes: Int { Int(surface.pointee.pitch) * height }
}

/// Decodes a picture file into one of two fixed 32-bit formats, scaled down to what the screen
/// needs: opaque pictures as RGB888 (XRGB: the software renderer copies them without blending),
/// pictures with transparency as ARGB8888.
///
/// JPEGs go through libjpeg-turbo's scaled decode (CJPEG): a 24-megapixel photo for a 1080p
/// screen is decoded at 4/8 of its size and shrunk by an area filter row by row as it comes, so
/// only the 1920×1280 result is ever whole, instead of 72 MB decoded and then halved. PNG, WebP
/// and the rest go through SDL_image.
enum ImageDecoder {
    /// JPEGs larger than this are refused unread: no camera writes one, and the whole file is
    /// held in memory while it is decoded.
    static let maxJPEGBytes = 128 << 20
    /// JPEGs with more pixels than this are refused: more than any camera's, and a header of a
    /// few bytes could otherwise ask for a 270 MB surface even at 1/8.
    static let maxJPEGPixels = 300_000_000

    /// The size to decode a `sourceWidth`×`sourceHeight` picture to, to fill a `boxWidth`×`boxHeight`
    /// rectangle even when cropped (cover), keeping its proportions, never enlarged.
    static func targetSize(sourceWidth: Int, sourceHeight: Int, boxWidth: Int, boxHeight: Int) -> (width: Int, height: Int) {
        DecodeBox(width: boxWidth, height: boxHeight).target(sourceWidth: sourceWidth, sourceHeight: sourceHeight)
    }

    static func decode(path: String, width boxWidth: Int, height boxHeight: Int) throws -> DecodedPicture {
        try decode(path: path, box: DecodeBox(width: boxWidth, height: boxHeight), limits: PictureLimits())
    }

    /// Decides the format by the file's first bytes and its size by its header before anything
    /// is decoded: a file that is not a JPEG, PNG or WebP, or a picture over `limits`, is refused
    /// without the memory it would take (a 100,000 × 100,000 PNG asks for 40 GB).
    static func decode(path: String, box: DecodeBox, limits: PictureLimits) throws -> DecodedPicture {
        let header: ImageHeader
        do { header = try ImageHeader.read(path: path, limits: limits) }
        catch { throw RenderError(call: "ImageHeader", message: "\((error as? ImageHeaderError)?.message ?? "\(error)")") }
        // PNG and WebP carry EXIF too: the header's orientation turns them as it turns JPEGs.
        guard header.format == .jpeg, let jpeg = try readJPEG(path) else {
            return try decodeWithSDLImage(path: path, box: box, orientation: header.orientation)
        }
        return try decodeJPEG(jpeg, path: path, box: box, orientation: header.orientation)
    }

    /// The whole file when it starts like a JPEG (FF D8 FF); nil for anything else, including a
    /// file that cannot be opened (SDL_image then reports why, as for any picture).
    private static func readJPEG(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var signature = [UInt8](repeating: 0, count: 3)
        guard read(fd, &signature, 3) == 3, signature == [0xFF, 0xD8, 0xFF] else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw RenderError(call: "fstat", message: "\(path): \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        guard size <= maxJPEGBytes else {
            throw RenderError(call: "decode", message: "\(path): \(size >> 20) MiB, over the \(maxJPEGBytes >> 20) MiB limit for a JPEG")
        }
        // pread from 0: the three bytes are read again rather than stitched on.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = pread(fd, buffer.baseAddress! + count, size - count, off_t(count))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : 0; break }
                count += n
            }
        }
        guard bytes.count == size else {
            let why = failure != 0 ? String(cString: strerror(failure)) : "the file shrank while it was read"
            throw RenderError(call: "read", message: "\(path): \(why)")
        }
        return bytes
    }

    /// A JPEG decoded at the smallest fast n/8 that still covers the target (JPEGScale), shrunk
    /// to the exact target by an area filter as its rows come (in two bands on two threads for
    /// a big baseline JPEG, JPEGBands), then turned upright.
    private static func decodeJPEG(_ bytes: [UInt8], path: String, box: DecodeBox, orientation: Int) throws -> DecodedPicture {
        var message = [CChar](repeating: 0, count: 256)
        var info = kiosk_jpeg_info()
        guard bytes.withUnsafeBufferPointer({ kiosk_jpeg_info($0.baseAddress, $0.count, &info, &message, message.count) }) == 0 else {
            throw RenderError(call: "kiosk_jpeg_header", message: "\(path): \(String(cString: message))")
        }
        let storedW = Int(info.width), storedH = Int(info.height)
        guard storedW > 0, storedH > 0, storedW * storedH <= maxJPEGPixels else {
            throw RenderError(call: "kiosk_jpeg_header", message: "\(path): \(storedW)×\(storedH) pixels, more than a picture may have")
        }
        let plan = Plan(storedWidth: storedW, storedHeight: storedH, orientation: orientation, box: box)
        let scale = JPEGScale.choose(width: storedW, height: storedH, targetWidth: plan.targetWidth, targetHeight: plan.targetHeight)
        guard var current = SDL_CreateRGBSurfaceWithFormat(0, Int32(plan.targetWidth), Int32(plan.targetHeight), 32, SDL_PIXELFORMAT_RGB888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat", context: "\(path): decoding to \(plan.targetWidth)×\(plan.targetHeight)")
        }
        var handedOver = false
        defer { if !handedOver { SDL_FreeSurface(current) } }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // Progressive JPEGs are read whole before their first row: two decoders would read them twice.
        let twoBands = info.multiple_scans == 0 && storedW * storedH >= JPEGBands.twoBandsFrom
            // Only with a core to spare beside the main thread and the first decoder: on 2 cores
            // two bands gave the same median under load and cost 40–50 % more CPU (kiosk-bench decode).
            && cores > 2
        let pixels = current.pointee.pixels.assumingMemoryBound(to: UInt32.self), stride = Int(current.pointee.pitch) / 4
        let failure = bytes.withUnsafeBufferPointer { data -> String? in
            // With restart markers, bands on every core (up to 4) decode only their own rows: worth
            // it from a few megapixels, and on 2 cores too, as no work is done twice.
            if cores >= 2, storedW * storedH >= JPEGRestartBands.from,
               let starts = JPEGRestartBands.starts(data, height: storedH, count: min(cores, 4)) {
                return JPEGRestartBands.decode(data, starts: starts, scale: scale, into: pixels, outputStride: stride,
                                               width: plan.targetWidth, height: plan.targetHeight)
            }
            // One decoder: the filter on the other core, for big enough pictures.
            let pipelined = cores >= 2 && scale.width * scale.height >= JPEGFilterPipeline.from
            return JPEGBands.decode(data, scale: scale, into: pixels, outputStride: stride, width: plan.targetWidth, height: plan.targetHeight,
                                    twoBands: twoBands, pipelined: pipelined)
        }
        if let failure { throw RenderError(call: "kiosk_jpeg_decode", message: "\(path): \(failure)") }
        if orientation != 1 { replace(&current, with: try ExifOrientation.apply(orientation, to: current)) }
        handedOver = true
        return DecodedPicture(surface: current, sourceWidth: plan.uprightWidth, sourceHeight: plan.uprightHeight, hasAlpha: false)
    }

    /// Sizes for one decode: the picture upright, and the target as stored, before the turn is undone.
    private struct Plan {
        let uprightWidth: Int, uprightHeight: Int
        let targetWidth: Int, targetHeight: Int
        init(storedWidth: Int, storedHeight: Int, orientation: Int, box: DecodeBox) {
            let turned = ExifOrientation.swapsSides(orientation)
            (uprightWidth, uprightHeight) = turned ? (storedHeight, storedWidth) : (storedWidth, storedHeight)
            let target = box.target(sourceWidth: uprightWidth, sourceHeight: uprightHeight)
            (targetWidth, targetHeight) = turned ? (target.height, target.width) : (target.width, target.height)
        }
    }

    /// Frees `current` and puts `next` in its place.
    private static func replace(_ current: inout UnsafeMutablePointer<SDL_Surface>, with next: UnsafeMutablePointer<SDL_Surface>) {
        SDL_FreeSurface(current)
        current = next
    }

    /// Box-halves a 32-bit `current` while it is at least twice the target, then stretches it to
    /// exactly `width`×`height`. On a throw `current` is still the caller's to free.
    private static func reduce(_ current: inout UnsafeMutablePointer<SDL_Surface>, toWidth width: Int, height: Int) throws {
        while Int(current.pointee.w) >= 2 * width && Int(current.pointee.h) >= 2 * height {
            replace(&current, with: try Downscale.halve(current))
        }
        if Int(current.pointee.w) != width || Int(current.pointee.h) != height {
            replace(&current, with: try Downscale.stretch(current, width: width, height: height))
        }
    }

    /// Any picture SDL_image reads, decoded whole and then reduced. JPEGs took this way before
    /// CJPEG; `kiosk-bench decode` still times it for them, for comparison.
    static func decodeWithSDLImage(path: String, width boxWidth: Int, height boxHeight: Int) throws -> DecodedPicture {
        try decodeWithSDLImage(path: path, box: DecodeBox(width: boxWidth, height: boxHeight))
    }

    static func decodeWithSDLImage(path: String, box: DecodeBox, orientation known: Int? = nil) throws -> DecodedPicture {
        guard let stream = SDL_RWFromFile(path, "rb") else { throw RenderError("SDL_RWFromFile", context: path) }
        guard var current = IMG_Load_RW(stream, 1) else { throw RenderError("IMG_Load_RW", context: path) }
        var handedOver = false
        defer { if !handedOver { SDL_FreeSurface(current) } }

        let storedW = Int(current.pointee.w), storedH = Int(current.pointee.h)
        guard storedW > 0, storedH > 0 else { throw RenderError(call: "IMG_Load_RW", message: "\(path): empty picture") }
        let format = current.pointee.format.pointee
        let keyed = SDL_HasColorKey(current) == SDL_TRUE
        var hasAlpha = format.Amask != 0 || keyed
        // The benchmark's way in has no header yet: read it for the orientation alone.
        let orientation = known ?? (try? ImageHeader.read(path: path, limits: PictureLimits(maxPixels: .max, maxFileBytes: .max)))?.orientation ?? 1
        let plan = Plan(storedWidth: storedW, storedHeight: storedH, orientation: orientation, box: box)
        let (targetW, targetH) = (plan.targetWidth, plan.targetHeight)

        let final32 = hasAlpha ? SDL_PIXELFORMAT_ARGB8888.rawValue : SDL_PIXELFORMAT_RGB888.rawValue
        // Palettes and colour keys are resolved first; plain 3- and 4-byte pixels are halved as
        // they come and converted only when small.
        if format.palette != nil || keyed || !(format.BytesPerPixel == 3 || format.BytesPerPixel == 4) {
            guard let converted = SDL_ConvertSurfaceFormat(current, final32, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(&current, with: converted)
        }
        let twentyFour = [SDL_PIXELFORMAT_RGB24.rawValue, SDL_PIXELFORMAT_BGR24.rawValue]
        if !hasAlpha, twentyFour.contains(current.pointee.format.pointee.format),
           Int(current.pointee.w) >= 2 * targetW && Int(current.pointee.h) >= 2 * targetH {
            replace(&current, with: try Downscale.halveToXRGB(current))   // JPEGs: halve and convert in one pass
        }
        while Int(current.pointee.w) >= 2 * targetW && Int(current.pointee.h) >= 2 * targetH {
            replace(&current, with: try Downscale.halve(current))
        }
        if current.pointee.format.pointee.format != final32 {
            guard let converted = SDL_ConvertSurfaceFormat(current, final32, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(&current, with: converted)
        }
        try reduce(&current, toWidth: targetW, height: targetH)
        if orientation != 1 { replace(&current, with: try ExifOrientation.apply(orientation, to: current)) }
        if hasAlpha && isOpaque(current) {
            // A PNG saved with an alpha channel it doesn't use: copy it like a photo.
            guard let converted = SDL_ConvertSurfaceFormat(current, SDL_PIXELFORMAT_RGB888.rawValue, 0) else {
                throw RenderError("SDL_ConvertSurfaceFormat", context: path)
            }
            replace(&current, with: converted)
            hasAlpha = false
        }
        handedOver = true
        return DecodedPicture(surface: current, sourceWidth: plan.uprightWidth, sourceHeight: plan.uprightHeight, hasAlpha: hasAlpha)
    }

    /// Every pixel of an ARGB8888 surface fully opaque.
    private static func isOpaque(_ surface: UnsafeMutablePointer<SDL_Surface>) -> Bool {
        let w = Int(surface.pointee.w), h = Int(surface.pointee.h), stride = Int(surface.pointee.pitch) / 4
        let pixels = surface.pointee.pixels.assumingMemoryBound(to: UInt32.self)
        for y in 0..<h {
            let row = pixels + y * stride
            for x in 0..<w where row[x] >> 24 != 0xFF { return false }
        }
        return true
    }
}

/// Pictures decoded as the gallery decodes them, for `kiosk-bench decode`, which sees only the
/// public side of this module. Each surface is freed before the call returns.
public enum PictureDecodeProbe {
    /// One decode for a `width`×`height` box; `wholeWithSDLImage` takes the way JPEGs went
    /// before the scaled decode. Returns the decoded size and the picture's upright size.
    /// With `upload`, the picture is then made a texture of the renderer `startRenderer` made,
    /// as the canvas makes one, and destroyed.
    public static func decode(path: String, width: Int, height: Int, wholeWithSDLImage: Bool = false,
                              upload: Bool = false) throws -> (width: Int, height: Int, sourceWidth: Int, sourceHeight: Int) {
        try SDLLibraries.start()
        let picture = try wholeWithSDLImage ? ImageDecoder.decodeWithSDLImage(path: path, width: width, height: height)
                                            : ImageDecoder.decode(path: path, width: width, height: height)
        defer { SDL_FreeSurface(picture.surface) }
        if upload {
            guard let renderer else { throw RenderError(call: "PictureDecodeProbe", message: "no renderer: call startRenderer first") }
            guard let texture = SDL_CreateTextureFromSurface(renderer, picture.surface) else { throw RenderError("SDL_CreateTextureFromSurface", context: path) }
            SDL_DestroyTexture(texture)
        }
        return (picture.width, picture.height, picture.sourceWidth, picture.sourceHeight)
    }

    /// Writes one decode's result as a PNG, to look at the two ways' pictures side by side.
    public static func writePNG(path: String, width: Int, height: Int, wholeWithSDLImage: Bool = false, to png: String) throws {
        try SDLLibraries.start()
        let picture = try wholeWithSDLImage ? ImageDecoder.decodeWithSDLImage(path: path, width: width, height: height)
                                            : ImageDecoder.decode(path: path, width: width, height: height)
        defer { SDL_FreeSurface(picture.surface) }
        try SurfacePNG.write(picture.surface, to: png)
    }

    nonisolated(unsafe) private static var renderer: OpaquePointer?

    /// A hidden `width`×`height` window of the current video driver with SDL's software
    /// renderer, as the kiosk has where there is no GPU; kept for the life of the process.
    /// Returns the renderer's name.
    public static func startRenderer(width: Int, height: Int) throws -> String {
        if SDL_WasInit(SDL_INIT_VIDEO) == 0 && SDL_InitSubSystem(SDL_INIT_VIDEO) != 0 { throw RenderError("SDL_InitSubSystem") }
        guard let window = SDL_CreateWindow("kiosk-bench", 0, 0, Int32(width), Int32(height), SDL_WINDOW_HIDDEN.rawValue) else {
            throw RenderError("SDL_CreateWindow")
        }
        guard let made = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) else { throw RenderError("SDL_CreateRenderer") }
        renderer = made
        var info = SDL_RendererInfo()
        SDL_GetRendererInfo(made, &info)
        return "\(String(cString: SDL_GetCurrentVideoDriver())) video, \(String(cString: info.name)) renderer"
    }

    /// The mean and largest difference of a channel between the two ways' results, in levels
    /// (0…255); nil when their sizes differ.
    public static func difference(path: String, width: Int, height: Int) throws -> (mean: Double, largest: Int)? {
        try SDLLibraries.start()
        let scaled = try ImageDecoder.decode(path: path, width: width, height: height)
        defer { SDL_FreeSurface(scaled.surface) }
        let whole = try ImageDecoder.decodeWithSDLImage(path: path, width: width, height: height)
        defer { SDL_FreeSurface(whole.surface) }
        guard scaled.width == whole.width, scaled.height == whole.height else { return nil }
        var total = 0, largest = 0
        func row(_ picture: DecodedPicture, _ y: Int) -> UnsafeMutablePointer<UInt32> {
            (picture.surface.pointee.pixels + y * Int(picture.surface.pointee.pitch)).assumingMemoryBound(to: UInt32.self)
        }
        for y in 0..<scaled.height {
            let a = row(scaled, y), b = row(whole, y)
            for x in 0..<scaled.width {
                for shift in [0, 8, 16] as [UInt32] {   // blue, green, red; not the unused top byte
                    let d = abs(Int((a[x] >> shift) & 0xFF) - Int((b[x] >> shift) & 0xFF))
                    total += d
                    largest = max(largest, d)
                }
            }
        }
        return (Double(total) / Double(scaled.width * scaled.height * 3), largest)
    }
}
