import CSDL2
import FoundationEssentials
import KioskCore

/// Process-wide start-up of SDL_ttf and SDL_image, done once and never undone.
///
/// Each OffscreenFrame or window may live on its own thread (tests run in parallel), but
/// TTF_Init/TTF_Quit and IMG_Init keep global reference counts and flags without locks, and
/// FreeType's shared library object must not see two faces opened or closed at once. So the
/// libraries start once, stay up for the life of the process, and face opening is serialised.
enum SDLLibraries {
    private static let started: Result<Void, RenderError> = {
        // Read when a texture is created: pictures scale smoothly instead of nearest-neighbour.
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear")
        if TTF_WasInit() == 0 && TTF_Init() != 0 { return .failure(RenderError("TTF_Init")) }
        // IMG_Load initialises a format lazily on first use, racing between decoder threads;
        // initialising every format up front removes the race. WebP and TIFF are optional.
        let wanted = Int32(IMG_INIT_JPG.rawValue | IMG_INIT_PNG.rawValue | IMG_INIT_WEBP.rawValue | IMG_INIT_TIF.rawValue)
        let required = Int32(IMG_INIT_JPG.rawValue | IMG_INIT_PNG.rawValue)
        if IMG_Init(wanted) & required != required { return .failure(RenderError("IMG_Init")) }
        SDL_ClearError()   // an optional format missing leaves a message nobody should see later
        return .success(())
    }()

    /// Starts the libraries if they are not running yet.
    static func start() throws { try started.get() }

    /// Held around TTF_OpenFont and TTF_CloseFont (FreeType's FT_New_Face and FT_Done_Face).
    static let fontLock = Lock()
}
