import CSDL2
import Foundation
import KioskCore

/// Headless rendering into a surface through SDL's software renderer: no window, no display.
/// `kiosk render` and the golden-frame tests use it; pictures decode inline so frames are complete.
public final class OffscreenFrame {
    public let width: Int
    public let height: Int
    private let stack: RenderStack
    public var fonts: FontLibrary { stack.fonts }
    public var measurer: TextMeasurerSDL { stack.measurer }
    public var images: ImageLoader { stack.images }
    public var canvas: Canvas { stack.canvas }
    let surface: UnsafeMutablePointer<SDL_Surface>
    private let renderer: OpaquePointer

    public init(width: Int, height: Int) throws {
        self.width = width; self.height = height
        guard IMG_Init(Int32(IMG_INIT_JPG.rawValue | IMG_INIT_PNG.rawValue | IMG_INIT_WEBP.rawValue)) != 0 else { throw RenderError("IMG_Init") }
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear")
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
            throw RenderError("SDL_CreateRGBSurfaceWithFormat")
        }
        self.surface = surface
        guard let renderer = SDL_CreateSoftwareRenderer(surface) else {
            SDL_FreeSurface(surface)
            throw RenderError("SDL_CreateSoftwareRenderer")
        }
        self.renderer = renderer
        stack = try RenderStack(renderer: renderer, synchronousImages: true)
    }

    deinit {
        stack.canvas.releaseTextures()
        SDL_DestroyRenderer(renderer)
        SDL_FreeSurface(surface)
    }

    public func render(_ commands: [DrawCommand], background: Color) {
        canvas.draw(commands, clear: background)
        SDL_RenderPresent(renderer)
    }

    /// Writes the frame as PNG by way of a temporary name, so a reader never sees half a file.
    public func writePNG(to path: String) throws {
        try PNGFile.write(surface, to: path)
    }

    /// The frame as RGBA bytes, row by row.
    public func pixels() -> [UInt8] { PNGFile.rgba(surface) ?? [] }
}

/// PNG reading and writing through SDL_image.
public enum PNGFile {
    static func write(_ surface: UnsafeMutablePointer<SDL_Surface>, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        guard IMG_SavePNG(surface, temp) == 0 else { throw RenderError("IMG_SavePNG", message: "\(path): \(String(cString: SDL_GetError()))") }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw RenderError("rename", message: "\(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Loads a PNG (or any picture SDL_image reads) as width, height and RGBA bytes.
    public static func read(_ path: String) -> (width: Int, height: Int, rgba: [UInt8])? {
        guard let loaded = IMG_Load(path) else { return nil }
        defer { SDL_FreeSurface(loaded) }
        guard let bytes = rgba(loaded) else { return nil }
        return (Int(loaded.pointee.w), Int(loaded.pointee.h), bytes)
    }

    static func rgba(_ surface: UnsafeMutablePointer<SDL_Surface>) -> [UInt8]? {
        guard let converted = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_ABGR8888.rawValue, 0) else { return nil }
        defer { SDL_FreeSurface(converted) }
        let w = Int(converted.pointee.w), h = Int(converted.pointee.h), pitch = Int(converted.pointee.pitch)
        let base = converted.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        var out = [UInt8]()
        out.reserveCapacity(w * h * 4)
        for y in 0..<h { out.append(contentsOf: UnsafeBufferPointer(start: base + y * pitch, count: w * 4)) }
        return out
    }

    /// Writes RGBA bytes as a PNG.
    public static func write(rgba: [UInt8], width: Int, height: Int, to path: String) throws {
        var copy = rgba
        try copy.withUnsafeMutableBytes { buffer in
            guard let surface = SDL_CreateRGBSurfaceWithFormatFrom(buffer.baseAddress, Int32(width), Int32(height), 32,
                                                                   Int32(width * 4), SDL_PIXELFORMAT_ABGR8888.rawValue) else {
                throw RenderError("SDL_CreateRGBSurfaceWithFormatFrom")
            }
            defer { SDL_FreeSurface(surface) }
            try write(surface, to: path)
        }
    }
}
