import FoundationEssentials

/// The language of the interface labels, dates and numbers.
public enum DisplayLanguage: String, Sendable, CaseIterable {
    case vi, en
}

/// How a slideshow goes from one photo to the next.
public enum SlideTransition: String, Sendable, CaseIterable {
    /// The next photo fades in over the last.
    case crossfade
    /// Crossfades, and each photo slowly zooms and pans while it is shown.
    case kenburns = "ken_burns"
}

/// Settings from `kiosk.toml`; every key has a default so the file is optional.
public struct Settings: Sendable, Hashable {
    /// Shown in the header.
    public var organisationName: String = "Liên hiệp các tổ chức hữu nghị tỉnh"
    public var language: DisplayLanguage = .vi
    /// IANA name; periods of the visitor counter and the clock use it.
    public var timeZone: String = "Asia/Ho_Chi_Minh"
    /// Seconds each photo stays on screen.
    public var slideSeconds: Double = 8
    /// Seconds of the crossfade between two photos.
    public var crossfadeSeconds: Double = 1.2
    /// How the slideshow moves from photo to photo.
    public var transition: SlideTransition = .crossfade
    /// Photos with more pixels than this are refused before decoding (a 100,000 × 100,000 PNG
    /// would otherwise ask for 40 GB).
    public var maxPhotoMegapixels: Double = 50
    /// Photo files larger than this are refused unread.
    public var maxPhotoMegabytes: Double = 64
    /// Seconds each honour-roll highlight stays on screen.
    public var highlightSeconds: Double = 6
    /// Ticker speed in points (logical pixels at 1280×720) per second.
    public var tickerSpeed: Double = 90
    /// "Now" counts visits in this many minutes when logs carry no directions.
    public var nowWindowMinutes: Int = 15
    /// First day of the week: 1 = Sunday … 2 = Monday (Vietnamese default) … 7 = Saturday.
    public var firstWeekday: Int = 2
    /// Seconds without a touch before a browsing scene fades back to the unattended one.
    public var idleSeconds: Double = 60
    /// Night, off and opening hours and the unattended playlist (`[schedule]`); empty by default.
    public var schedule = ScheduleSettings()

    public init() {}

    /// `timeZone`'s rules, read once per process from the system's tz files. The settings parser
    /// accepts only zones it can read, so the fallbacks are for settings built in code, and for
    /// a machine without tzdata: Vietnam's clock has stayed at UTC+7 since 1975.
    public var displayTimeZone: ZoneRules {
        ZoneRules.cached(timeZone) ?? ZoneRules.cached(Self.vietnam) ?? ZoneRules(identifier: Self.vietnam, fixedOffset: 7 * 3600)
    }

    static let vietnam = "Asia/Ho_Chi_Minh"
}
