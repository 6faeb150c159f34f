import CSDL2
import KioskCore
import KioskData

/// Whether a picture can be shown, found by decoding it small (a JPEG at 1/8 of its size), for
/// `kiosk check`: a photo cut off by a failed copy passes every header check and fails only here.
public enum PictureCheck {
    /// Why the picture at `path` cannot be shown, or nil when it decodes.
    public static func problem(path: String, limits: PictureLimits) -> String? {
        do {
            try SDLLibraries.start()
            let picture = try ImageDecoder.decode(path: path, box: DecodeBox(width: 160, height: 160), limits: limits)
            SDL_FreeSurface(picture.surface)
            return nil
        } catch let error as RenderError {
            // The caller names the file; the decoder's message may name it too.
            return error.message.replacing(path + ": ", with: "")
        } catch {
            return "\(error)"
        }
    }
}
