import FoundationEssentials

/// Everything the screen shows from the data folder, handed over as one immutable snapshot.
public struct KioskContent: Sendable {
    public var settings: Settings
    public var honours: [Honour] {
        didSet { catalog = HonourCatalog(honours) }
    }
    /// The honour roll prepared for browsing (display order, search text, filter values),
    /// rebuilt whenever `honours` is set, so a frame never sorts or folds.
    public private(set) var catalog: HonourCatalog
    public var albums: [Album] {
        didSet { (allPhotos, allPhotoPaths) = Self.flatten(albums) }
    }
    /// Every photo of every album, album by album, for the slideshow: flattened once per change
    /// of the albums, not on every frame of a fade.
    public private(set) var allPhotos: [(album: Album, photo: Photo)] = []
    /// Their paths, in the same order.
    public private(set) var allPhotoPaths: [String] = []
    /// Ticker headlines, in file order.
    public var ticker: [String]
    public var visitors: VisitorLedger
    /// Every current problem of the data folder, in file order.
    public var problems: [Problem]
    /// Absolute path of the data folder; photo and portrait paths are relative to it.
    public var dataFolder: String

    public init(settings: Settings = Settings(), honours: [Honour] = [], albums: [Album] = [],
                ticker: [String] = [], visitors: VisitorLedger = VisitorLedger(),
                problems: [Problem] = [], dataFolder: String = "", reusing previous: KioskContent? = nil) {
        self.settings = settings; self.honours = honours; self.albums = albums
        (allPhotos, allPhotoPaths) = Self.flatten(albums)
        // A reload of the visit logs or the ticker leaves the honours as they were: keep their
        // catalog rather than sort and fold 10,000 names again.
        if let previous, previous.honours == honours { catalog = previous.catalog } else { catalog = HonourCatalog(honours) }
        self.ticker = ticker; self.visitors = visitors; self.problems = problems
        self.dataFolder = dataFolder
    }

    private static func flatten(_ albums: [Album]) -> ([(album: Album, photo: Photo)], [String]) {
        let photos: [(album: Album, photo: Photo)] = albums.flatMap { album in album.photos.map { (album, $0) } }
        return (photos, photos.map { $0.photo.path })
    }
}
