import CSDL2
import FoundationEssentials

/// Which SDL renderer a window gets.
///
/// A GPU renderer with vsync where there is a real GPU (a Raspberry Pi's VideoCore under
/// KMSDRM). Where the only "GPU" is Mesa's software rasteriser (llvmpipe: Xvfb, a VM, a board
/// without a driver), SDL's own software renderer is cheaper: it can send just the changed
/// strip of a frame to the screen, where OpenGL presents the whole frame every time.
/// `SDL_RENDER_DRIVER` set by the user is obeyed as it is.
enum RendererChoice {
    static func create(for window: OpaquePointer, videoDriver: String) -> OpaquePointer? {
        if let requested = SDL_GetHint(SDL_HINT_RENDER_DRIVER).map({ String(cString: $0) }), !requested.isEmpty {
            if requested == "software" { preferPlainFramebuffer(videoDriver) }
            return SDL_CreateRenderer(window, -1, 0) ?? software(window, videoDriver)
        }
        // No DRM device: whatever OpenGL there is would be llvmpipe, and merely loading it to
        // ask costs ~80 MB of resident memory (LLVM) for the life of the process.
        guard hasGPUDevice() || !["x11", "offscreen", "wayland"].contains(videoDriver) else { return software(window, videoDriver) }
        if let accelerated = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | SDL_RENDERER_PRESENTVSYNC.rawValue) {
            guard let name = glRenderer(), isSoftwareRasteriser(name) else { return accelerated }
            SDL_DestroyRenderer(accelerated)
        }
        SDL_ClearError()
        return software(window, videoDriver)
    }

    private static func software(_ window: OpaquePointer, _ videoDriver: String) -> OpaquePointer? {
        preferPlainFramebuffer(videoDriver)
        return SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
    }

    /// By default SDL puts a software window's pixels on screen through an OpenGL texture
    /// ("framebuffer acceleration"), which presents the whole frame whatever rectangles were
    /// asked for; the window system's own framebuffer (XShm on X11) updates just those.
    /// Must be set before the window's surface is first made, and only where the video driver
    /// has a framebuffer of its own (KMSDRM and Wayland in SDL 2.26 have none: there the
    /// OpenGL texture is the only way a software frame reaches the screen).
    private static func preferPlainFramebuffer(_ videoDriver: String) {
        guard ["x11", "offscreen", "dummy", "windows", "cocoa"].contains(videoDriver) else { return }
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
    }

    /// A DRM device node (/dev/dri/card0, renderD128): there may be a GPU behind OpenGL.
    static func hasGPUDevice() -> Bool {
        let nodes = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/dri")) ?? []
        return nodes.contains { $0.hasPrefix("card") || $0.hasPrefix("renderD") }
    }

    static func isSoftwareRasteriser(_ glRenderer: String) -> Bool {
        let name = glRenderer.lowercased()
        return ["llvmpipe", "softpipe", "swrast", "swiftshader", "software rasterizer"].contains { name.contains($0) }
    }

    /// GL_RENDERER of the current OpenGL context (the one SDL's GL renderers just made), if any.
    private static func glRenderer() -> String? {
        guard let address = SDL_GL_GetProcAddress("glGetString"), SDL_GL_GetCurrentContext() != nil else { return nil }
        typealias GetString = @convention(c) (UInt32) -> UnsafePointer<UInt8>?
        let getString = unsafeBitCast(address, to: GetString.self)
        guard let text = getString(0x1F01 /* GL_RENDERER */) else { return nil }
        return String(cString: text)
    }
}
