/// The palette and the type scale, laid out for a 1280×720 reference screen and scaled from it.
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

    /// Pixels per reference point: the shorter side decides, so nothing overflows on 4:3 or 16:10.
    public let scale: Double

    public init(width: Double, height: Double) {
        scale = min(width / 1280, height / 720)
    }

    /// A font of `points` at the reference size, scaled to the screen.
    public func font(_ points: Double, _ weight: FontWeight = .regular) -> FontSpec {
        FontSpec(size: max(6, Int((points * scale).rounded())), weight: weight)
    }

    /// A length of `points` at the reference size, scaled to the screen.
    public func len(_ points: Double) -> Double { (points * scale).rounded() }
}
