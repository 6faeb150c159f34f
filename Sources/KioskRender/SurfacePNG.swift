import CSDL2
import FoundationEssentials
import KioskCore
import Glibc

/// An image as RGBA bytes, row by row, four bytes a pixel: what comparisons work on.
public struct RGBAImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// The pixel at `x`,`y` as (r, g, b, a).
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let i = (y * width + x) * 4
        return (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// Reads a PNG (or any picture SDL_image reads).
    public init(contentsOfFile path: String) throws {
        try SDLLibraries.start()
        guard let stream = SDL_RWFromFile(path, "rb") else { throw RenderError("SDL_RWFromFile", context: path) }
        guard let loaded = IMG_Load_RW(stream, 1) else { throw RenderError("IMG_Load_RW", context: path) }
        defer { SDL_FreeSurface(loaded) }
        self = try SurfacePNG.rgba(loaded)
    }

    /// Writes the image as a PNG, atomically (temporary name, then rename).
    public func writePNG(to path: String) throws {
        try SDLLibraries.start()
        var copy = pixels
        try copy.withUnsafeMutableBytes { buffer in
            guard let surface = SDL_CreateRGBSurfaceWithFormatFrom(buffer.baseAddress, Int32(width), Int32(height), 32,
                                                                   Int32(width * 4), SDL_PIXELFORMAT_RGBA32.rawValue) else {
                throw RenderError("SDL_CreateRGBSurfaceWithFormatFrom", context: path)
            }
            defer { SDL_FreeSurface(surface) }
            try SurfacePNG.write(surface, to: path)
        }
    }
}

/// PNG files from and to SDL surfaces.
enum SurfacePNG {
    private static let counter = Counter()

    /// Writes `surface` as a PNG to a temporary name in the same folder, then renames it into
    /// place: a reader (a remote preview fetching screen.png, a test) never sees half a file.
    static func write(_ surface: UnsafeMutablePointer<SDL_Surface>, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(counter.next()).tmp").path
        guard IMG_SavePNG(surface, temp) == 0 else {
            let error = RenderError("IMG_SavePNG", context: path)
            unlink(temp)
            throw error
        }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw RenderError(call: "rename", message: "\(path): \(reason)")
        }
    }

    /// A surface's pixels as RGBA bytes.
    static func rgba(_ surface: UnsafeMutablePointer<SDL_Surface>) throws -> RGBAImage {
        guard let converted = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGBA32.rawValue, 0) else {
            throw RenderError("SDL_ConvertSurfaceFormat", context: "to RGBA")
        }
        defer { SDL_FreeSurface(converted) }
        let w = Int(converted.pointee.w), h = Int(converted.pointee.h), pitch = Int(converted.pointee.pitch)
        let base = converted.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        var out = [UInt8]()
        out.reserveCapacity(w * h * 4)
        for y in 0..<h { out.append(contentsOf: UnsafeBufferPointer(start: base + y * pitch, count: w * 4)) }
        return RGBAImage(width: w, height: h, pixels: out)
    }

    /// Unique temporary names across threads of one process.
    private final class Counter: @unchecked Sendable {
        private let lock = Lock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// PNG files as plain RGBA bytes, for tools and tests outside this module (the end-to-end tests
/// read the screen.png a running kiosk writes).
public enum PNGFile {
    /// Width, height and RGBA bytes of a PNG (or any picture SDL_image reads); nil if unreadable.
    public static func read(_ path: String) -> (width: Int, height: Int, rgba: [UInt8])? {
        guard let image = try? RGBAImage(contentsOfFile: path) else { return nil }
        return (image.width, image.height, image.pixels)
    }

    /// Writes RGBA bytes as a PNG, atomically.
    public static func write(rgba: [UInt8], width: Int, height: Int, to path: String) throws {
        try RGBAImage(width: width, height: height, pixels: rgba).writePNG(to: path)
    }
}
