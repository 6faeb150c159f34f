/// The palette and the type scale, laid out for a 1280×720 reference screen and scaled from it.
/// At night (Chế độ ban đêm, on kiosk.toml's schedule) the same layout takes a darker, dimmer
/// palette, so an empty hall is not lit by a white screen.
public struct Theme: Sendable {
    public var background = Color(0xF4, 0xEF, 0xE6)
    public var panel = Color(0xFF, 0xFF, 0xFF)
    public var panelBorder = Color(0xE2, 0xD8, 0xC6)
    public var primary = Color(0x9E, 0x1B, 0x1B)        // the red of Vietnamese public institutions
    public var primaryDark = Color(0x6E, 0x10, 0x10)
    public var accent = Color(0xF2, 0xC1, 0x4E)         // gold
    public var text = Color(0x22, 0x22, 0x22)
    public var mutedText = Color(0x6B, 0x63, 0x58)
    public var onPrimary = Color(0xFF, 0xFF, 0xFF)
    public var photoBackdrop = Color(0x1A, 0x16, 0x14)
    public var warning = Color(0xB2, 0x6B, 0x00)
    /// `primary` where it colours text (names, titles) rather than fills: at night the fill
    /// red is too dark to read on a dark panel.
    public var heading = Color(0x9E, 0x1B, 0x1B)
    /// How bright photos are drawn, 0…1: the renderer multiplies their colours by it.
    public var pictureBrightness = 1.0
    /// The night palette is in use.
    public private(set) var isNight = false

    /// Pixels per reference point: the shorter side decides, so nothing overflows on 4:3 or 16:10.
    public let scale: Double

    public init(width: Double, height: Double, night: Bool = false) {
        scale = min(width / 1280, height / 720)
        if night { useNightPalette() }
    }

    /// Dark warm greys instead of cream and white, text dimmed to a light grey, the red and
    /// gold kept recognisable but darker, photos at 70 %.
    private mutating func useNightPalette() {
        isNight = true
        background = Color(0x16, 0x13, 0x11)
        panel = Color(0x22, 0x1E, 0x1B)
        panelBorder = Color(0x38, 0x31, 0x2B)
        primary = Color(0x6A, 0x14, 0x14)
        primaryDark = Color(0x48, 0x0D, 0x0D)
        accent = Color(0xB0, 0x8C, 0x3A)
        text = Color(0xC8, 0xC1, 0xB5)
        mutedText = Color(0x8E, 0x86, 0x7A)
        onPrimary = Color(0xD8, 0xD0, 0xC4)
        photoBackdrop = Color(0x0C, 0x0A, 0x09)
        warning = Color(0xC8, 0x84, 0x2A)   // small bold labels stay above 4.5:1 on the night panel
        heading = Color(0xD9, 0x7A, 0x6A)
        pictureBrightness = 0.7
    }

    /// A font of `points` at the reference size, scaled to the screen.
    public func font(_ points: Double, _ weight: FontWeight = .regular) -> FontSpec {
        FontSpec(size: max(6, Int((points * scale).rounded())), weight: weight)
    }

    /// A length of `points` at the reference size, scaled to the screen.
    public func len(_ points: Double) -> Double { (points * scale).rounded() }
}
