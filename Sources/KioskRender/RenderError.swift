import CSDL2

/// A failure at the SDL boundary: the call that failed and SDL's message, read and cleared at
/// the moment of failure so a later call cannot overwrite it.
public struct RenderError: Error, CustomStringConvertible {
    public let call: String
    public let message: String

    public init(_ call: String, message: String? = nil) {
        self.call = call
        if let message { self.message = message } else {
            self.message = String(cString: SDL_GetError())
            SDL_ClearError()
        }
    }

    public var description: String { "\(call): \(message)" }
}
