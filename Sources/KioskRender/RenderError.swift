import CSDL2

/// A failure at the C boundary (SDL, SDL_ttf, SDL_image, fontconfig, the file system): the call
/// that failed and why.
public struct RenderError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The C function that failed, e.g. `IMG_Load_RW`.
    public let call: String
    /// The library's message at the moment of failure, or our own explanation.
    public let message: String

    public init(call: String, message: String) {
        self.call = call
        self.message = message
    }

    /// Reads SDL's error for `call` and clears it at once. SDL keeps its last message (per
    /// thread) until something overwrites it, so reading it later could report a stale reason,
    /// and not clearing it would leave that stale reason for the next failure that sets none.
    /// SDL_ttf and SDL_image report through the same SDL_GetError.
    init(_ call: String, context: String? = nil) {
        let sdlMessage = String(cString: SDL_GetError())
        SDL_ClearError()
        self.call = call
        switch (context, sdlMessage.isEmpty) {
        case (let context?, true): message = context
        case (let context?, false): message = "\(context): \(sdlMessage)"
        case (nil, _): message = sdlMessage
        }
    }

    public var description: String { message.isEmpty ? "\(call) failed" : "\(call): \(message)" }
}
